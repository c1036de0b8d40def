import type { KubeObject } from './types.js';

/** Placeholder that replaces every Secret value the moment an object is loaded. */
export const REDACTED = '<redacted>';

/**
 * Secret values never enter the doctor: only key names matter to any check, so values are
 * dropped at the source boundary and cannot leak into output, logs or snapshots.
 */
export function sanitizeObject(obj: KubeObject): KubeObject {
  if (obj.kind !== 'Secret') return obj;
  const out: KubeObject = { ...obj, metadata: { ...obj.metadata } };
  for (const field of ['data', 'stringData'] as const) {
    const values = obj[field];
    if (values && typeof values === 'object' && !Array.isArray(values)) {
      out[field] = Object.fromEntries(Object.keys(values).map((k) => [k, REDACTED]));
    }
  }
  // kubectl keeps the last-applied manifest (with the values) in an annotation.
  const annotations = out.metadata.annotations;
  if (annotations && 'kubectl.kubernetes.io/last-applied-configuration' in annotations) {
    const { ['kubectl.kubernetes.io/last-applied-configuration']: _dropped, ...rest } = annotations;
    out.metadata.annotations = rest;
  }
  return out;
}

export function isKubeObject(value: unknown): value is KubeObject {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const meta = v.metadata as Record<string, unknown> | undefined;
  return typeof v.kind === 'string' && !!meta && typeof meta === 'object' && typeof meta.name === 'string';
}

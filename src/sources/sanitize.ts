import type { KubeObject } from './types.js';

/** Placeholder that replaces every Secret value the moment an object is loaded. */
export const REDACTED = '<redacted>';

/** Credential variables whose values never leave the doctor (SPEC §6), whatever their source. */
const SENSITIVE_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE_KEY|ACCESS_KEY)/i;

/** `AWS_WEB_IDENTITY_TOKEN_FILE` names a path, not a token: the doctor needs to see it. */
const PATH_NAME = /_(FILE|PATH|DIR)$/i;

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name) && !PATH_NAME.test(name);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function redactValues(values: unknown, keep: (key: string) => boolean): unknown {
  if (!isObj(values)) return values;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, keep(k) ? v : REDACTED]));
}

/** Literal `env` values of credential variables in a pod spec (Deployment template or Pod). */
function redactPodSpec(spec: unknown): unknown {
  if (!isObj(spec)) return spec;
  const out: Obj = { ...spec };
  for (const field of ['containers', 'initContainers']) {
    const containers = spec[field];
    if (!Array.isArray(containers)) continue;
    out[field] = containers.map((c) => {
      if (!isObj(c) || !Array.isArray(c.env)) return c;
      const env = c.env.map((e) => (isObj(e) && typeof e.name === 'string' && isSensitiveName(e.name) && e.value !== undefined ? { ...e, value: REDACTED } : e));
      return { ...c, env };
    });
  }
  return out;
}

/**
 * Secret values and credential values never enter the doctor: only key names matter to any
 * check, so they are dropped at the source boundary and cannot leak into output, logs or
 * snapshots. That covers Secrets, credential-named ConfigMap keys (the upstream ConfigMap
 * carries AWS_SECRET_ACCESS_KEY) and literal credential `env` values of pods and Deployments.
 */
export function sanitizeObject(obj: KubeObject): KubeObject {
  const out: KubeObject = { ...obj, metadata: { ...obj.metadata } };
  if (obj.kind === 'Secret') {
    for (const field of ['data', 'stringData'] as const) if (field in obj) out[field] = redactValues(obj[field], () => false);
  } else if (obj.kind === 'ConfigMap') {
    if ('data' in obj) out.data = redactValues(obj.data, (k) => !isSensitiveName(k));
  } else if (obj.kind === 'Pod') {
    out.spec = redactPodSpec(obj.spec);
  } else if (isObj(obj.spec) && isObj(obj.spec.template)) {
    out.spec = { ...obj.spec, template: { ...obj.spec.template, spec: redactPodSpec(obj.spec.template.spec) } };
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

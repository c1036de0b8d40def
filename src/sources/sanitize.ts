import { isRedactionMarker, isSecretShaped, isSensitiveName, keepEnvValue, marker } from '../redact.js';
import type { KubeObject } from './types.js';

export { isSensitiveName };

/** The old bare placeholder; markers now say what they replaced (`<redacted: value of K>`). */
export const REDACTED = '<redacted>';
export const isRedacted = isRedactionMarker;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Kinds the doctor reads; of any other kind only the identity (kind, metadata) is kept. */
const READ_KINDS = new Set(['Deployment', 'ServiceAccount', 'ConfigMap', 'Secret', 'Pod', 'Service', 'StatefulSet']);

/** Container fields the checks read (or that say what a container is); args, command, probes and hooks can carry anything. */
const CONTAINER_FIELDS = new Set([
  'name',
  'image',
  'imagePullPolicy',
  'env',
  'envFrom',
  'volumeMounts',
  'ports',
  'resources',
  'securityContext',
  'workingDir',
  'restartPolicy',
  'targetContainerName',
]);
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

/**
 * Annotations the doctor reads (IRSA, Pod Identity, rollout revision, and its own suppressions:
 * check ids and the reason they are accepted); any other value must not look secret either.
 */
const NEEDED_ANNOTATION = /^(eks\.amazonaws\.com\/|[\w.-]*kubernetes\.io\/|cart-doctor\.io\/ignore(-reason)?$)/;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function everyValue(values: unknown, keep: (key: string, value: unknown) => unknown): unknown {
  if (!isObj(values)) return values;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, keep(k, v)]));
}

const removedValue = (key: string) => marker(`value of ${key}`);

function sanitizeContainer(c: unknown): unknown {
  if (!isObj(c)) return c;
  const out = Object.fromEntries(Object.entries(c).filter(([k]) => CONTAINER_FIELDS.has(k)));
  if (Array.isArray(c.env)) {
    out.env = c.env.map((e) => (isObj(e) && typeof e.name === 'string' && 'value' in e ? { ...e, value: keepEnvValue(e.name, e.value) } : e));
  }
  return out;
}

/** A pod spec (Deployment template or Pod): env values on the allowlist only, no args or command. */
function sanitizePodSpec(spec: unknown): unknown {
  if (!isObj(spec)) return spec;
  const out: Obj = { ...spec };
  for (const field of CONTAINER_LISTS) if (Array.isArray(spec[field])) out[field] = (spec[field] as unknown[]).map(sanitizeContainer);
  return out;
}

function sanitizeAnnotations<T>(annotations: T): T {
  // Not a map (bad input) is for the loaders to report, not for the sanitizer to hide.
  if (!isObj(annotations)) return annotations;
  const kept = Object.entries(annotations)
    .filter(([k]) => k !== LAST_APPLIED)
    .map(([k, v]) => [k, NEEDED_ANNOTATION.test(k) && typeof v === 'string' && !isSecretShaped(v) ? v : removedValue(`annotation ${k}`)]);
  return Object.fromEntries(kept) as T;
}

/**
 * Allowlist at the source boundary (README "Redaction"): what enters the doctor, and so any
 * output or snapshot, is only what a check reads. Secret values and annotations are dropped
 * (key names stay: env.static-credentials judges names); ConfigMap values and env values are
 * kept only for the variables a check needs (region, table, endpoint, create-table,
 * persistence provider, IRSA), never when secret-shaped; binaryData, args and command go.
 */
export function sanitizeObject(obj: KubeObject): KubeObject {
  const metadata = { ...obj.metadata };
  if (obj.kind === 'Secret') delete metadata.annotations;
  else if (metadata.annotations) metadata.annotations = sanitizeAnnotations(metadata.annotations);
  // A Node tells the platform (src/config/platform.ts) by its labels and kubelet version, nothing more.
  if (obj.kind === 'Node') return { ...(obj.apiVersion !== undefined && { apiVersion: obj.apiVersion }), kind: obj.kind, metadata, ...nodeInfo(obj) };
  if (!READ_KINDS.has(obj.kind)) return { ...(obj.apiVersion !== undefined && { apiVersion: obj.apiVersion }), kind: obj.kind, metadata };
  const out: KubeObject = { ...obj, metadata };
  if (obj.kind === 'Secret') {
    for (const field of ['data', 'stringData'] as const) if (field in obj) out[field] = everyValue(obj[field], (k) => removedValue(k));
  } else if (obj.kind === 'ConfigMap') {
    if ('data' in obj) out.data = everyValue(obj.data, (k, v) => keepEnvValue(k, v));
    if ('binaryData' in obj) out.binaryData = everyValue(obj.binaryData, (k) => removedValue(k));
  } else if (obj.kind === 'Pod') {
    out.spec = sanitizePodSpec(obj.spec);
  } else if (isObj(obj.spec) && isObj(obj.spec.template)) {
    const template = obj.spec.template;
    const meta = template.metadata;
    const templateMeta = isObj(meta) && 'annotations' in meta ? { metadata: { ...meta, annotations: sanitizeAnnotations(meta.annotations) } } : {};
    out.spec = { ...obj.spec, template: { ...template, ...templateMeta, spec: sanitizePodSpec(template.spec) } };
  }
  return out;
}

function nodeInfo(node: KubeObject): { status?: { nodeInfo: { kubeletVersion: string } } } {
  const version = isObj(node.status) && isObj(node.status.nodeInfo) ? node.status.nodeInfo.kubeletVersion : undefined;
  return typeof version === 'string' ? { status: { nodeInfo: { kubeletVersion: version } } } : {};
}

export function isKubeObject(value: unknown): value is KubeObject {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const meta = v.metadata as Record<string, unknown> | undefined;
  return typeof v.kind === 'string' && !!meta && typeof meta === 'object' && typeof meta.name === 'string';
}

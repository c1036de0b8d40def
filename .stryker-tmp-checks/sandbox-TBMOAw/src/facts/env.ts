// @ts-nocheck
import { FactUnavailable } from '../errors.js';
import type { KubeObject, KubeSource } from '../sources/types.js';
import { isRedactionMarker, isSensitiveName } from '../redact.js';
import type { ContainerFact, EnvFromRef, EnvVar } from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export { isSensitiveName };

export interface WebhookInjection {
  roleArn: string;
  region?: string;
  skipContainers: string[];
}

function variable(name: string, value: string | undefined, source: EnvVar['source'], from?: string, resolved = true): EnvVar {
  const redacted = value !== undefined && (source.endsWith('secret') || source === 'env:secretKeyRef' || isSensitiveName(name) || isRedactionMarker(value));
  return { name, value: redacted ? undefined : value, source, from, redacted, resolved };
}

/**
 * A Secret the doctor may not read (RBAC) is not a reason to stop: its key names are simply
 * unknown, and the checks that care say so (a warn, never a pass on what was not seen).
 */
async function getSecretTolerant(kube: KubeSource, namespace: string, name: string): Promise<{ object?: KubeObject; unreadable: boolean }> {
  try {
    return { object: await kube.get('Secret', namespace, name), unreadable: false };
  } catch (err) {
    if (err instanceof FactUnavailable && err.kind === 'denied') return { unreadable: true };
    throw err;
  }
}

function dataOf(o: KubeObject | undefined): Record<string, string> {
  const data = { ...obj(o?.data), ...obj(o?.stringData) } as Obj;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]));
}

/**
 * The environment a container really gets, in Kubernetes' order: envFrom sources in order
 * (a later source wins), then `env` over envFrom, then what the IRSA webhook injects, which
 * looks only at `env` (docs/design/irsa.md §2.2, §2.3 items 4–6).
 */
export async function effectiveEnv(
  container: Obj,
  init: boolean,
  namespace: string,
  kube: KubeSource,
  webhook: WebhookInjection | undefined,
): Promise<ContainerFact> {
  const name = str(container.name) ?? '';
  const vars = new Map<string, EnvVar>();
  const envFrom: EnvFromRef[] = [];

  for (const ref of list(container.envFrom)) {
    const isSecret = !!ref.secretRef;
    const source = obj(isSecret ? ref.secretRef : ref.configMapRef);
    const refName = str(source.name) ?? '';
    const kind = isSecret ? 'Secret' : 'ConfigMap';
    const { object, unreadable } = isSecret
      ? await getSecretTolerant(kube, namespace, refName)
      : { object: await kube.get(kind, namespace, refName), unreadable: false };
    const prefix = str(ref.prefix);
    envFrom.push({ kind, name: refName, prefix, optional: source.optional === true, found: !!object, ...(unreadable && { unreadable }) });
    for (const [key, value] of Object.entries(dataOf(object))) {
      const varName = `${prefix ?? ''}${key}`;
      vars.set(varName, variable(varName, value, isSecret ? 'envFrom:secret' : 'envFrom:configMap', `${kind}/${refName}`));
    }
  }

  const ownEnvNames: string[] = [];
  for (const entry of list(container.env)) {
    const varName = str(entry.name);
    if (!varName) continue;
    ownEnvNames.push(varName);
    const valueFrom = obj(entry.valueFrom);
    if (valueFrom.configMapKeyRef || valueFrom.secretKeyRef) {
      const isSecret = !!valueFrom.secretKeyRef;
      const ref = obj(isSecret ? valueFrom.secretKeyRef : valueFrom.configMapKeyRef);
      const refName = str(ref.name) ?? '';
      const key = str(ref.key) ?? '';
      const kind = isSecret ? 'Secret' : 'ConfigMap';
      const data = dataOf(isSecret ? (await getSecretTolerant(kube, namespace, refName)).object : await kube.get(kind, namespace, refName));
      const found = key in data;
      vars.set(varName, variable(varName, data[key], isSecret ? 'env:secretKeyRef' : 'env:configMapKeyRef', `${kind}/${refName}.${key}`, found));
    } else if (entry.valueFrom) {
      vars.set(varName, variable(varName, undefined, 'env:fieldRef', undefined, false));
    } else {
      vars.set(varName, variable(varName, str(entry.value) ?? (entry.value === undefined ? '' : String(entry.value)), 'env'));
    }
  }

  if (webhook && !webhook.skipContainers.includes(name)) {
    const own = new Set(ownEnvNames);
    if (!own.has('AWS_ROLE_ARN') && !own.has('AWS_WEB_IDENTITY_TOKEN_FILE')) {
      vars.set('AWS_ROLE_ARN', variable('AWS_ROLE_ARN', webhook.roleArn, 'webhook'));
      vars.set('AWS_WEB_IDENTITY_TOKEN_FILE', variable('AWS_WEB_IDENTITY_TOKEN_FILE', '/var/run/secrets/eks.amazonaws.com/serviceaccount/token', 'webhook'));
    }
    if (webhook.region && !own.has('AWS_REGION') && !own.has('AWS_DEFAULT_REGION')) {
      vars.set('AWS_REGION', variable('AWS_REGION', webhook.region, 'webhook'));
      vars.set('AWS_DEFAULT_REGION', variable('AWS_DEFAULT_REGION', webhook.region, 'webhook'));
    }
  }

  return { name, init, env: [...vars.values()], ownEnvNames, envFrom };
}

import { scanLogText } from '../logs/shapes.js';
import type { KubeObject, KubeSource } from '../sources/types.js';
import { effectiveEnv } from './env.js';
import { strings } from './kube-facts.js';
import type { DeploymentFact, LogsFact, PodContainerFact, PodFact, PodsFact } from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The Deployment's pods as they run. What the webhook injected at creation is part of each
 * pod's own spec, so no injection is simulated here: the pod is the truth the static chain
 * only predicts.
 */
export async function loadPods(kube: KubeSource, deployment: DeploymentFact): Promise<PodsFact> {
  const { namespace, selector } = deployment;
  const objects = Object.keys(selector).length ? await kube.listPods(namespace, selector) : [];
  const live = objects.filter((p) => !obj(p.metadata).deletionTimestamp && !['Succeeded', 'Failed'].includes(str(obj(p.status).phase) ?? ''));
  const pods = await Promise.all(live.map((p) => podFact(kube, p, namespace)));
  pods.sort((a, b) => compareNames(a.name, b.name));
  return { source: kube.description, selector, pods };
}

/** The names Kubernetes allows (lower-case letters, digits, `-`, `.`). */
const DNS_NAME = /^[a-z0-9.-]*$/;

/**
 * localeCompare's order without its cost: the first call builds an ICU collator, about 13% of an
 * offline check. For DNS names the collator's order is the code-unit order (`-` < `.` < digits <
 * letters, a prefix first); any other name still goes to localeCompare.
 */
export function compareNames(a: string, b: string): number {
  if (DNS_NAME.test(a) && DNS_NAME.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return a.localeCompare(b);
}

async function podFact(kube: KubeSource, pod: KubeObject, namespace: string): Promise<PodFact> {
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const restarts = new Map<string, number>();
  for (const s of [...list(status.containerStatuses), ...list(status.initContainerStatuses)]) {
    if (typeof s.name === 'string' && typeof s.restartCount === 'number') restarts.set(s.name, s.restartCount);
  }
  const containers: PodContainerFact[] = [];
  for (const [field, init] of [
    ['initContainers', true],
    ['containers', false],
  ] as const) {
    for (const c of list(spec[field])) {
      const { name, env } = await effectiveEnv(c, init, pod.metadata.namespace ?? namespace, kube, undefined);
      const mounts = list(c.volumeMounts).map((m) => ({ name: str(m.name) ?? '', mountPath: str(m.mountPath) ?? '' }));
      containers.push({ name, init, env, mounts, ...(restarts.has(name) && { restartCount: restarts.get(name) }) });
    }
  }
  const volumes = list(spec.volumes).map((v) => {
    const token = list(obj(v.projected).sources)
      .map((s) => obj(s.serviceAccountToken))
      .find((t) => Object.keys(t).length);
    return { name: str(v.name) ?? '', ...(token && { tokenAudience: str(token.audience) ?? '' }) };
  });
  const createdAt = pod.metadata as { creationTimestamp?: unknown };
  return {
    name: pod.metadata.name,
    namespace: pod.metadata.namespace ?? namespace,
    serviceAccountName: str(spec.serviceAccountName) ?? str(spec.serviceAccount) ?? 'default',
    ...(createdAt.creationTimestamp !== undefined && { createdAt: String(createdAt.creationTimestamp) }),
    ...(str(status.phase) && { phase: str(status.phase) }),
    labels: strings(pod.metadata.labels),
    annotations: strings(pod.metadata.annotations),
    volumes,
    containers,
    hostNetwork: spec.hostNetwork === true,
    automountDisabled: spec.automountServiceAccountToken === false,
  };
}

/**
 * The Cart container's recent log in each pod (at most `maxPods`), and the previous instance's
 * too when it restarted: a crash-looping cart prints its AccessDenied in the run that died.
 */
export async function loadPodLogs(
  kube: KubeSource,
  deployment: DeploymentFact,
  pods: PodsFact,
  live: { tailLines: number; sinceSeconds: number; maxPods: number },
): Promise<LogsFact> {
  const chosen = pods.pods.slice(0, live.maxPods);
  const reads = chosen.flatMap((pod) => {
    const container = pod.containers.find((c) => c.name === deployment.cartContainer) ?? pod.containers.find((c) => !c.init);
    if (!container) return [];
    const request = { container: container.name, tailLines: live.tailLines, sinceSeconds: live.sinceSeconds };
    const origin = `pod/${pod.name} container ${container.name}`;
    const current = kube.podLog(pod.namespace, pod.name, request).then((text) => ({ origin, scan: scanLogText(text) }));
    if (!container.restartCount) return [current];
    const previous = kube
      .podLog(pod.namespace, pod.name, { ...request, previous: true })
      .then((text) => ({ origin: `${origin} (previous instance)`, scan: scanLogText(text) }));
    return [current, previous];
  });
  const scanned = await Promise.all(reads);
  const scope = `the last ${live.tailLines} lines within ${formatSeconds(live.sinceSeconds)} of ${chosen.length} of ${pods.pods.length} pod(s)`;
  return { requested: true, scanned, scope };
}

function formatSeconds(s: number): string {
  return s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`;
}

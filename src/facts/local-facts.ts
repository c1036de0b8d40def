/**
 * The K3s half of the guide (docs/k3s.md): the Service the endpoint variable names and the
 * workloads it may select, read from the cluster or the manifests like every other object.
 */
import type { KubeObject, KubeSource, WorkloadKind } from '../sources/types.js';
import type { ServiceFact, ServicePortFact, WorkloadContainerFact, WorkloadFact } from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const labels = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).filter((e): e is [string, string] => typeof e[1] === 'string'));
const port = (v: unknown): number | string | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? (/^\d+$/.test(v) ? Number(v) : v) : undefined;

export async function loadService(kube: KubeSource, namespace: string, name: string): Promise<ServiceFact> {
  const svc = await kube.get('Service', namespace, name);
  if (!svc) return { namespace, name, found: false, selector: {}, ports: [] };
  const spec = obj(svc.spec);
  const ports: ServicePortFact[] = list(spec.ports).flatMap((p) => {
    const number = port(obj(p).port);
    if (typeof number !== 'number') return [];
    const name = obj(p).name;
    // targetPort defaults to port (Kubernetes API reference, ServicePort).
    return [{ ...(typeof name === 'string' && { name }), port: number, targetPort: port(obj(p).targetPort) ?? number }];
  });
  return { namespace, name, found: true, selector: labels(spec.selector), ports };
}

const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet'];

export async function loadWorkloads(kube: KubeSource, namespace: string): Promise<WorkloadFact[]> {
  const lists = await Promise.all(WORKLOAD_KINDS.map((kind) => kube.listWorkloads(kind, namespace)));
  return lists.flat().map((o) => workloadFact(o, namespace));
}

function workloadFact(o: KubeObject, namespace: string): WorkloadFact {
  const template = obj(obj(o.spec).template);
  const containers: WorkloadContainerFact[] = list(obj(template.spec).containers).map((c) => ({
    name: String(obj(c).name ?? ''),
    image: typeof obj(c).image === 'string' ? (obj(c).image as string) : '',
    ports: list(obj(c).ports).flatMap((p) => {
      const containerPort = port(obj(p).containerPort);
      const name = obj(p).name;
      return typeof containerPort === 'number' ? [{ ...(typeof name === 'string' && { name }), containerPort }] : [];
    }),
  }));
  return {
    kind: o.kind as WorkloadKind,
    namespace: o.metadata.namespace ?? namespace,
    name: o.metadata.name,
    podLabels: labels(obj(template.metadata).labels),
    containers,
  };
}

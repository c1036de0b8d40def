/**
 * The K3s link from the Cart container to DynamoDB as a Pod (docs/k3s.md): endpoint variable →
 * Service (name and port) → the pods it selects → a container that serves that port and runs a
 * DynamoDB-compatible image. Pure: the facts come from the store.
 */
import type { Expectations, Target } from '../../config/types.js';
import type { DeploymentFact, ServiceFact, ServicePortFact, WorkloadContainerFact, WorkloadFact } from '../../facts/types.js';
import { findVars, isEndpointOverride, shownValue, type Hit } from './env-patterns.js';
import type { CheckContext } from './types.js';

/** Repositories that speak the DynamoDB API (config `expectations.localDynamoImages` replaces the list). */
export const DEFAULT_LOCAL_DYNAMO_IMAGES = ['amazon/dynamodb-local', 'aws-dynamodb-local/aws-dynamodb-local', 'localstack/localstack', 'dynalite'];

/** The endpoint variables the app reads, its own container's first; empty values mean "unset" to the SDK. */
export function endpointHits(d: DeploymentFact): Hit[] {
  const hits = findVars(d, isEndpointOverride).filter((h) => h.variable.value !== '' && !h.container.init);
  return [...hits.filter((h) => h.container.name === d.cartContainer), ...hits.filter((h) => h.container.name !== d.cartContainer)];
}

export const describeEndpoint = (hit: Hit): string =>
  `${hit.variable.name}${hit.variable.value === undefined ? '' : ` = ${shownValue(hit.variable.name, hit.variable.value)}`}`;

/** Where a URL's host points inside the cluster: a Service by one of its DNS names, or nowhere the doctor knows. */
export type EndpointTarget =
  { kind: 'service'; namespace: string; name: string; port: number } | { kind: 'not-a-url' } | { kind: 'not-a-service'; host: string; why: string };

/** `name`, `name.ns`, `name.ns.svc`, `name.ns.svc.cluster.local` (Kubernetes DNS for Services). */
export function endpointTarget(value: string, namespace: string): EndpointTarget {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { kind: 'not-a-url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'not-a-url' };
  const host = url.hostname.toLowerCase();
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  if (host === 'localhost' || /^[\d.]+$/.test(host) || host.startsWith('[')) {
    return { kind: 'not-a-service', host, why: 'inside the pod, localhost or an IP is not the DynamoDB Service (a Pod IP changes on every restart)' };
  }
  const parts = host.split('.');
  const [name, ns, ...rest] = parts as [string, ...string[]];
  const suffix = rest.join('.');
  if (parts.length === 1) return { kind: 'service', namespace, name, port };
  if (ns && (suffix === '' || suffix === 'svc' || suffix === 'svc.cluster.local')) return { kind: 'service', namespace: ns, name, port };
  return { kind: 'not-a-service', host, why: 'it is not a Service name (name, name.namespace or name.namespace.svc[.cluster.local])' };
}

/** The Service port a client dialling `port` reaches; undefined when the Service does not listen there. */
export const servicePort = (service: ServiceFact, port: number): ServicePortFact | undefined => service.ports.find((p) => p.port === port);

/** A Service selector selects a pod when every pair is among its labels; an empty selector selects no pod we can judge. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const pairs = Object.entries(selector);
  return pairs.length > 0 && pairs.every(([k, v]) => labels[k] === v);
}

/** A container serves a target port by its name (`dynamodb`) or its number (8000). */
export const servesPort = (c: WorkloadContainerFact, target: number | string): boolean =>
  c.ports.some((p) => (typeof target === 'number' ? p.containerPort === target : p.name === target));

export function isLocalDynamoImage(image: string, expect: Expectations): boolean {
  // The repository without registry port confusion, tag or digest: `host:5000/amazon/dynamodb-local:2.5.2` → `host:5000/amazon/dynamodb-local`.
  const repository = image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  return (expect.localDynamoImages ?? DEFAULT_LOCAL_DYNAMO_IMAGES).some((known) => repository === known || repository.endsWith(`/${known}`));
}

export const imageList = (expect: Expectations): string => (expect.localDynamoImages ?? DEFAULT_LOCAL_DYNAMO_IMAGES).join(', ');

/** The endpoint resolved to a Service port, or why it could not be (local.endpoint says it; its dependents skip). */
export type ResolvedEndpoint =
  | { ok: true; hit: Hit; service: ServiceFact; port: ServicePortFact }
  | {
      ok: false;
      problem: 'no-deployment' | 'no-endpoint' | 'hidden' | 'not-a-url' | 'not-a-service' | 'no-service' | 'no-port';
      hit?: Hit;
      service?: ServiceFact;
      detail: string;
    };

export async function resolveEndpoint({ target, facts }: Pick<CheckContext, 'target' | 'facts'>): Promise<ResolvedEndpoint> {
  const d = await facts.deployment();
  if (!d.found) return { ok: false, problem: 'no-deployment', detail: `Deployment ${target.namespace}/${target.deployment} was not found` };
  const [hit] = endpointHits(d);
  if (!hit) return { ok: false, problem: 'no-endpoint', detail: `no DynamoDB endpoint variable in ${d.name}` };
  if (hit.variable.value === undefined) return { ok: false, problem: 'hidden', hit, detail: `the value of ${hit.variable.name} cannot be seen` };
  const where = endpointTarget(hit.variable.value, target.namespace);
  if (where.kind === 'not-a-url') return { ok: false, problem: 'not-a-url', hit, detail: `${describeEndpoint(hit)} is not an http(s) URL` };
  if (where.kind === 'not-a-service')
    return { ok: false, problem: 'not-a-service', hit, detail: `${describeEndpoint(hit)} points at ${where.host}: ${where.why}` };
  const service = await facts.service(where.namespace, where.name);
  if (!service.found) {
    return { ok: false, problem: 'no-service', hit, detail: `${describeEndpoint(hit)} names Service ${where.namespace}/${where.name}, which does not exist` };
  }
  const port = servicePort(service, where.port);
  if (!port) {
    const ports = service.ports.map((p) => p.port).join(', ') || 'none';
    return {
      ok: false,
      problem: 'no-port',
      hit,
      service,
      detail: `${describeEndpoint(hit)} dials port ${where.port}; Service ${service.name} listens on ${ports}`,
    };
  }
  return { ok: true, hit, service, port };
}

/** The workloads whose pods the Service selects, and in them the containers serving its target port. */
export function backends(service: ServiceFact, port: ServicePortFact, workloads: readonly WorkloadFact[]) {
  const selected = workloads.filter((w) => selects(service.selector, w.podLabels));
  const serving = selected.flatMap((w) => w.containers.filter((c) => servesPort(c, port.targetPort)).map((container) => ({ workload: w, container })));
  return { selected, serving };
}

/** The in-cluster URL the app should dial for a Service port. */
export const serviceUrl = (service: ServiceFact, port: ServicePortFact, target: Target): string =>
  `http://${service.name}${service.namespace === target.namespace ? '' : `.${service.namespace}`}:${port.port}`;

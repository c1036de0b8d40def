import { FactUnavailable } from '../errors.js';
import { assertKubeShape } from './kube-shape.js';
import { isKubeObject, sanitizeObject } from './sanitize.js';
import type { FieldPath } from './positions.js';
import { isUnavailableStatus, type KubeKind, type KubeObject, type KubeRead, type KubeSource, type LabelSelector, type WorkloadKind } from './types.js';

/**
 * Flattens `List` kinds (`kubectl get -o json` of several objects, `v1/List`) and drops
 * anything that is not a Kubernetes object, saying so. An object whose fields the doctor
 * reads have the wrong type is bad input (InputError naming `where`), not a crash later.
 * `onObject` learns each object's path in `value` (`-f` input uses it to keep field positions).
 */
export function collectObjects(
  value: unknown,
  where: string,
  warnings: string[],
  onObject?: (obj: KubeObject, path: FieldPath) => void,
  path: FieldPath = [],
): KubeObject[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
      return v.items.flatMap((item, i) => collectObjects(item, `${where} items[${i}]`, warnings, onObject, [...path, 'items', i]));
    }
  }
  if (isKubeObject(value)) {
    assertKubeShape(value, where);
    const obj = sanitizeObject(value);
    onObject?.(obj, path);
    return [obj];
  }
  warnings.push(`${where}: not a Kubernetes object (no kind or metadata.name); ignored`);
  return [];
}

/**
 * Objects held in memory (manifests, or the `kubernetes:` part of a snapshot). Rendered
 * manifests usually carry no namespace (`helm template`, the upstream deploy.yaml): such an
 * object counts as being in whatever namespace it is applied to, as `kubectl apply -n` does.
 */
export class InMemoryKubeSource implements KubeSource {
  constructor(
    readonly description: string,
    private readonly objects: KubeObject[],
  ) {}

  async get(kind: KubeKind, namespace: string, name: string): Promise<KubeObject | undefined> {
    const candidates = this.objects.filter((o) => o.kind === kind && o.metadata.name === name);
    // Last one wins, as with `kubectl apply` of a stream that repeats an object.
    const exact = candidates.filter((o) => o.metadata.namespace === namespace).pop();
    return exact ?? candidates.filter((o) => !o.metadata.namespace).pop();
  }

  async listPods(namespace: string, selector: LabelSelector): Promise<KubeObject[]> {
    return this.objects.filter((o) => o.kind === 'Pod' && (o.metadata.namespace ?? namespace) === namespace && matchesLabels(o, selector));
  }

  async podLog(): Promise<string> {
    throw new FactUnavailable('no-source', `${this.description} holds no pod logs: pass --logs-file FILE, or --logs against a live cluster`);
  }

  async listWorkloads(kind: WorkloadKind, namespace: string): Promise<KubeObject[]> {
    return this.objects.filter((o) => o.kind === kind && (o.metadata.namespace ?? namespace) === namespace);
  }

  /** Every object, for hints such as "did you mean Deployment carts?". */
  all(): readonly KubeObject[] {
    return this.objects;
  }

  async namespacesOf(kind: KubeKind, name: string): Promise<string[]> {
    const namespaces = this.objects.filter((o) => o.kind === kind && o.metadata.name === name).map((o) => o.metadata.namespace);
    return [...new Set(namespaces.filter((ns): ns is string => !!ns))];
  }
}

/**
 * A snapshot's objects together with the reads that were made to get them (docs/design/SPEC.md §7): an
 * object whose read was denied or failed is unknown, never absent, and one that was never
 * read is not recorded. Only a read recorded as `absent` makes an object absent.
 */
export class RecordedReadsKubeSource implements KubeSource {
  private readonly objects: InMemoryKubeSource;

  constructor(
    readonly description: string,
    objects: KubeObject[],
    private readonly reads: readonly KubeRead[],
  ) {
    this.objects = new InMemoryKubeSource(description, objects);
  }

  async get(kind: KubeKind, namespace: string, name: string): Promise<KubeObject | undefined> {
    const what = `get ${kind.toLowerCase()} ${namespace}/${name}`;
    if (this.outcome(kind, namespace, (r) => r.name === name, what).status === 'absent') return undefined;
    const obj = await this.objects.get(kind, namespace, name);
    if (!obj) throw new FactUnavailable('not-recorded', `${what} is recorded as read in ${this.description}, but the object is not among its objects`);
    return obj;
  }

  async listPods(namespace: string, selector: LabelSelector): Promise<KubeObject[]> {
    const labels = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    this.outcome('Pod', namespace, (r) => !!r.selector && sameLabels(r.selector, selector), `list pods in ${namespace} (-l ${labels})`);
    return this.objects.listPods(namespace, selector);
  }

  podLog(): Promise<string> {
    return this.objects.podLog();
  }

  async listWorkloads(kind: WorkloadKind, namespace: string): Promise<KubeObject[]> {
    this.outcome(kind, namespace, (r) => !!r.selector && Object.keys(r.selector).length === 0, `list ${kind.toLowerCase()}s in ${namespace}`);
    return this.objects.listWorkloads(kind, namespace);
  }

  all(): readonly KubeObject[] {
    return this.objects.all();
  }

  namespacesOf(kind: KubeKind, name: string): Promise<string[]> {
    return this.objects.namespacesOf(kind, name);
  }

  /** The recorded read, when it got an answer; otherwise the fact is as unavailable as it was live. */
  private outcome(kind: KubeKind, namespace: string, same: (read: KubeRead) => boolean, what: string): KubeRead {
    const read = this.reads.find((r) => r.kind === kind && r.namespace === namespace && same(r));
    if (!read) throw new FactUnavailable('not-recorded', `${what} was not read when ${this.description} was recorded`);
    if (isUnavailableStatus(read.status)) {
      throw new FactUnavailable(read.status, read.message ?? `${what} is recorded as ${read.status} in ${this.description}`);
    }
    return read;
  }
}

function sameLabels(a: LabelSelector, b: LabelSelector): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Stands in when no Kubernetes input was given: every lookup is unavailable, never "absent". */
export class NoKubeSource implements KubeSource {
  readonly description = 'no Kubernetes source';
  constructor(private readonly why: string) {}
  async get(): Promise<KubeObject | undefined> {
    throw new FactUnavailable('no-source', this.why);
  }
  async listPods(): Promise<KubeObject[]> {
    throw new FactUnavailable('no-source', this.why);
  }
  async podLog(): Promise<string> {
    throw new FactUnavailable('no-source', this.why);
  }
  async listWorkloads(): Promise<KubeObject[]> {
    throw new FactUnavailable('no-source', this.why);
  }
}

/** An empty selector matches nothing: a Deployment without one selects no pods we could judge. */
export function matchesLabels(o: KubeObject, selector: LabelSelector): boolean {
  const entries = Object.entries(selector);
  const labels = o.metadata.labels ?? {};
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

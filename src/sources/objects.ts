import { FactUnavailable } from '../errors.js';
import { assertKubeShape } from './kube-shape.js';
import { isKubeObject, sanitizeObject } from './sanitize.js';
import type { KubeKind, KubeObject, KubeSource, LabelSelector } from './types.js';

/**
 * Flattens `List` kinds (`kubectl get -o json` of several objects, `v1/List`) and drops
 * anything that is not a Kubernetes object, saying so. An object whose fields the doctor
 * reads have the wrong type is bad input (InputError naming `where`), not a crash later.
 */
export function collectObjects(value: unknown, where: string, warnings: string[]): KubeObject[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
      return v.items.flatMap((item, i) => collectObjects(item, `${where} items[${i}]`, warnings));
    }
  }
  if (isKubeObject(value)) {
    assertKubeShape(value, where);
    return [sanitizeObject(value)];
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

  /** Every object, for hints such as "did you mean Deployment carts?". */
  all(): readonly KubeObject[] {
    return this.objects;
  }
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
}

/** An empty selector matches nothing: a Deployment without one selects no pods we could judge. */
export function matchesLabels(o: KubeObject, selector: LabelSelector): boolean {
  const entries = Object.entries(selector);
  const labels = o.metadata.labels ?? {};
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

import { FactUnavailable, type UnavailableKind } from '../errors.js';
import type { SnapshotEntry } from './snapshot.js';
import {
  AwsApiError,
  THROTTLING_ERROR,
  type AwsCall,
  type AwsSource,
  type KubeKind,
  type KubeObject,
  type KubeRead,
  type KubeSource,
  type LabelSelector,
  type PodLogRequest,
  type WorkloadKind,
  type ReadStatus,
  type UnavailableStatus,
} from './types.js';

/**
 * What a snapshot says about a read that got no answer. Timeouts, 5xx, resets and an
 * unreachable endpoint are all `failed`: the object is unknown, whatever kept it from us.
 */
function unavailableStatus(kind: UnavailableKind): UnavailableStatus {
  return kind === 'denied' || kind === 'unusable' ? kind : 'failed';
}

/**
 * A read the source could not answer because the snapshot it replays lacks it stays
 * unrecorded: replaying the new snapshot then says "not recorded" exactly as this run did.
 */
const recordable = (err: unknown): err is FactUnavailable => err instanceof FactUnavailable && err.kind !== 'not-recorded';

/**
 * Wraps a source and keeps every call a check run made with how it ended, so `cart-doctor
 * snapshot` writes answers and also what could not be read: a replay must give `error`
 * where the live run did, never a verdict on what was not seen.
 */
export class RecordingAwsSource implements AwsSource {
  readonly entries: SnapshotEntry[] = [];
  readonly description: string;

  constructor(private readonly inner: AwsSource) {
    this.description = inner.description;
  }

  async call(call: AwsCall): Promise<Record<string, unknown>> {
    const base = { service: call.service, operation: call.operation, ...(call.region && { region: call.region }), input: call.input };
    try {
      const output = await this.inner.call(call);
      this.entries.push({ ...base, output });
      return output;
    } catch (err) {
      const action = `${call.service}:${call.operation}`;
      // A throttle that outlasted the retries is no answer about the object: live, it is a
      // failed read (error), and a `failed` entry replays as that; an unrecorded call would
      // replay as "not recorded", which optional hints leave out instead.
      if (err instanceof AwsApiError && THROTTLING_ERROR.test(err.name)) {
        this.entries.push({ ...base, status: 'failed', message: `AWS throttled the doctor's ${action} (${err.name}) when this snapshot was recorded` });
      } else if (err instanceof AwsApiError) {
        this.entries.push({ ...base, error: { name: err.name, message: err.message } });
      } else if (recordable(err)) {
        this.entries.push({ ...base, status: unavailableStatus(err.kind), message: err.message });
      }
      throw err;
    }
  }
}

export class RecordingKubeSource implements KubeSource {
  readonly objects: KubeObject[] = [];
  readonly reads: KubeRead[] = [];
  readonly description: string;

  constructor(private readonly inner: KubeSource) {
    this.description = inner.description;
  }

  async get(kind: KubeKind, namespace: string, name: string): Promise<KubeObject | undefined> {
    const obj = await this.record(
      { kind, namespace, name },
      () => this.inner.get(kind, namespace, name),
      (o) => (o ? 'ok' : 'absent'),
    );
    if (obj) this.keep(obj);
    return obj;
  }

  async listPods(namespace: string, selector: LabelSelector): Promise<KubeObject[]> {
    const pods = await this.record(
      { kind: 'Pod', namespace, selector },
      () => this.inner.listPods(namespace, selector),
      () => 'ok',
    );
    pods.forEach((p) => this.keep(p));
    return pods;
  }

  async listWorkloads(kind: WorkloadKind, namespace: string): Promise<KubeObject[]> {
    const items = await this.record(
      { kind, namespace, selector: {} },
      () => this.inner.listWorkloads(kind, namespace),
      () => 'ok',
    );
    items.forEach((o) => this.keep(o));
    return items;
  }

  /** Logs are not part of snapshot v1: they may hold anything, including secrets. */
  podLog(namespace: string, pod: string, request: PodLogRequest): Promise<string> {
    return this.inner.podLog(namespace, pod, request);
  }

  private async record<T>(
    read: Pick<KubeRead, 'kind' | 'namespace' | 'name' | 'selector'>,
    fetch: () => Promise<T>,
    status: (answer: T) => ReadStatus,
  ): Promise<T> {
    try {
      const answer = await fetch();
      this.reads.push({ ...read, status: status(answer) });
      return answer;
    } catch (err) {
      if (recordable(err)) this.reads.push({ ...read, status: unavailableStatus(err.kind), message: err.message });
      throw err;
    }
  }

  private keep(obj: KubeObject): void {
    if (!this.objects.includes(obj)) this.objects.push(obj);
  }
}

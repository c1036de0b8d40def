import type { SnapshotEntry } from './snapshot.js';
import { AwsApiError, THROTTLING_ERROR, type AwsCall, type AwsSource, type KubeKind, type KubeObject, type KubeSource, type LabelSelector, type PodLogRequest } from './types.js';

/**
 * Wraps a source and keeps every answer, so `cart-doctor snapshot` writes exactly the calls
 * a check run made. Unavailable facts (denied, timeout) are not answers and are not kept:
 * replaying them must stay `error`, which a missing entry gives.
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
      // A throttle is not AWS's answer about the object: replaying it as one would be wrong.
      if (err instanceof AwsApiError && !THROTTLING_ERROR.test(err.name)) this.entries.push({ ...base, error: { name: err.name, message: err.message } });
      throw err;
    }
  }
}

export class RecordingKubeSource implements KubeSource {
  readonly objects: KubeObject[] = [];
  readonly description: string;

  constructor(private readonly inner: KubeSource) {
    this.description = inner.description;
  }

  async get(kind: KubeKind, namespace: string, name: string): Promise<KubeObject | undefined> {
    const obj = await this.inner.get(kind, namespace, name);
    if (obj) this.keep(obj);
    return obj;
  }

  async listPods(namespace: string, selector: LabelSelector): Promise<KubeObject[]> {
    const pods = await this.inner.listPods(namespace, selector);
    pods.forEach((p) => this.keep(p));
    return pods;
  }

  /** Logs are not part of snapshot v1: they may hold anything, including secrets. */
  podLog(namespace: string, pod: string, request: PodLogRequest): Promise<string> {
    return this.inner.podLog(namespace, pod, request);
  }

  private keep(obj: KubeObject): void {
    if (!this.objects.includes(obj)) this.objects.push(obj);
  }
}

import { FactUnavailable } from '../errors.js';
import type { AwsCall, AwsSource, KubeKind, KubeSource, LabelSelector, PodLogRequest, WorkloadKind } from './types.js';

/**
 * The whole live run's time budget (`--deadline`). `--timeout` bounds one call, but calls
 * run one after another (role, then policies, then versions…), so a run where every call
 * hangs would take several timeouts. When the deadline passes, every pending call is
 * abandoned as an unavailable fact (its checks error; never a pass) and later calls are not
 * sent; `signal` aborts the sockets of the live clients so the process can end at once.
 */
export class RunDeadline {
  private readonly pending = new Map<number, { label: string; reject: (err: Error) => void }>();
  private nextId = 0;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  /** Calls still waiting when the deadline passed, in the order they were sent. */
  readonly abandoned: string[] = [];
  /** Calls asked for after it passed, never sent. */
  readonly refused: string[] = [];

  constructor(readonly seconds: number) {
    this.timer = setTimeout(() => this.expire(), seconds * 1000);
    // The deadline alone never keeps a finished run alive.
    this.timer.unref();
  }

  /** Aborted when the deadline passes; live sources combine it with their per-call timeout. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get passed(): boolean {
    return this.controller.signal.aborted;
  }

  /** Runs one call under the deadline, labelled for the message that names what was pending. */
  run<T>(label: string, call: () => Promise<T>): Promise<T> {
    if (this.passed) {
      this.refused.push(label);
      return Promise.reject(this.unavailable(label));
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { label, reject });
      Promise.resolve()
        .then(call)
        .then(resolve, reject)
        .finally(() => this.pending.delete(id));
    });
  }

  /** What the run is waiting on right now, oldest first (the TTY progress line shows it). */
  inFlight(): string[] {
    return [...this.pending.values()].map((p) => p.label);
  }

  /** Ends the timer when the run is over. */
  stop(): void {
    clearTimeout(this.timer);
  }

  /** The one stderr line after a run that passed its deadline; undefined when it did not. */
  message(): string | undefined {
    if (!this.passed) return undefined;
    const n = this.abandoned.length;
    const pending = n ? `with ${n} call${n === 1 ? '' : 's'} pending: ${this.abandoned.join(', ')}` : 'between two calls';
    const later = this.refused.length ? `; ${this.refused.length} later call${this.refused.length === 1 ? ' was' : 's were'} not sent` : '';
    return `cart-doctor: the run passed its ${this.seconds} s deadline (--deadline) ${pending}${later}`;
  }

  private expire(): void {
    for (const { label, reject } of this.pending.values()) {
      this.abandoned.push(label);
      reject(this.unavailable(label));
    }
    this.pending.clear();
    this.controller.abort();
  }

  private unavailable(label: string): FactUnavailable {
    return new FactUnavailable('timeout', `${label}: abandoned when the run passed its ${this.seconds} s deadline (--deadline)`);
  }
}

export class DeadlineAwsSource implements AwsSource {
  readonly description: string;
  constructor(
    private readonly inner: AwsSource,
    private readonly deadline: RunDeadline,
  ) {
    this.description = inner.description;
  }
  call(call: AwsCall): Promise<Record<string, unknown>> {
    return this.deadline.run(`${call.service}:${call.operation}`, () => this.inner.call(call));
  }
}

export class DeadlineKubeSource implements KubeSource {
  readonly description: string;
  constructor(
    private readonly inner: KubeSource,
    private readonly deadline: RunDeadline,
  ) {
    this.description = inner.description;
  }
  get(kind: KubeKind, namespace: string, name: string) {
    return this.deadline.run(`get ${kind.toLowerCase()} ${namespace}/${name}`, () => this.inner.get(kind, namespace, name));
  }
  listPods(namespace: string, selector: LabelSelector) {
    return this.deadline.run(`list pods in ${namespace}`, () => this.inner.listPods(namespace, selector));
  }
  podLog(namespace: string, pod: string, request: PodLogRequest) {
    return this.deadline.run(`log of ${namespace}/${pod}`, () => this.inner.podLog(namespace, pod, request));
  }
  listWorkloads(kind: WorkloadKind, namespace: string) {
    return this.deadline.run(`list ${kind.toLowerCase()}s in ${namespace}`, () => this.inner.listWorkloads(kind, namespace));
  }
}

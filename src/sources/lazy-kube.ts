import { FactUnavailable, InputError } from '../errors.js';
import { missingKubeconfig } from './kubeconfig-peek.js';
import { NO_KUBECONFIG } from './kube-messages.js';
import type { KubeKind, KubeSource, LabelSelector, PodLogRequest, WorkloadKind } from './types.js';

/**
 * The live cluster, connected on first use: a run whose Kubernetes facts come from elsewhere
 * never loads client-node, and a missing kubeconfig is an unavailable fact, not a crash.
 */
export class LazyKubeSource implements KubeSource {
  readonly description = 'live cluster';
  private connection?: Promise<KubeSource>;
  constructor(private readonly options: { kubeconfig?: string; context?: string; timeoutMs: number; signal?: AbortSignal }) {}
  /** No kubeconfig, or a cluster nobody answers for: said once per run by the CLI. */
  readonly setupProblems = new Set<string>();
  private async use<T>(call: (source: KubeSource) => Promise<T>): Promise<T> {
    this.connection ??= this.connect();
    try {
      return await call(await this.connection);
    } catch (err) {
      if (err instanceof FactUnavailable && (err.kind === 'no-source' || err.kind === 'unreachable')) this.setupProblems.add(err.message);
      throw err;
    }
  }
  private async connect(): Promise<KubeSource> {
    const missing = missingKubeconfig(this.options.kubeconfig);
    if (missing === 'none') throw new FactUnavailable('no-source', NO_KUBECONFIG);
    // The same line client-node's loader gives for it (kube-live.ts), without loading it.
    if (missing) throw new InputError(`cannot load kubeconfig: ENOENT: no such file or directory, open '${missing.file}'`, missing.file);
    const { LiveKubeSource } = await import('./kube-live.js');
    return LiveKubeSource.connect(this.options);
  }
  get(kind: KubeKind, namespace: string, name: string) {
    return this.use((s) => s.get(kind, namespace, name));
  }
  listPods(namespace: string, selector: LabelSelector) {
    return this.use((s) => s.listPods(namespace, selector));
  }
  podLog(namespace: string, pod: string, request: PodLogRequest) {
    return this.use((s) => s.podLog(namespace, pod, request));
  }
  listWorkloads(kind: WorkloadKind, namespace: string) {
    return this.use((s) => s.listWorkloads(kind, namespace));
  }
}

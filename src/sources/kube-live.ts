import type { KubeConfig } from '@kubernetes/client-node';
import { importKubeClient } from './vendor.js';
import { callSignal } from './call-signal.js';
import { FactUnavailable, InputError, UNREACHABLE_CODES, isConnectionReset } from '../errors.js';
import { isKubeObject, sanitizeObject } from './sanitize.js';
import { assertKubeShape } from './kube-shape.js';
import { NO_KUBECONFIG } from './kube-messages.js';
import { inClusterKubeconfig, wantsInCluster } from './in-cluster.js';
import type { KubeKind, KubeObject, KubeSource, LabelSelector, PodLogRequest, WorkloadKind } from './types.js';

export interface LiveKubeOptions {
  kubeconfig?: string;
  context?: string;
  timeoutMs: number;
  /** The run's deadline (--deadline): aborts every request still in flight when it passes. */
  signal?: AbortSignal;
}

// Kept beside the kubeconfig peek, which must not load this module (it brings client-node).
export { eksContextFrom, type EksContext } from './kubeconfig-peek.js';

/**
 * The one door to the cluster, as `assertReadOnly` is for AWS: only client-node's read* and
 * list* operations are called, and a middleware refuses any HTTP method but GET before the
 * request is sent, so no code path can write to the cluster.
 */
export const READ_ONLY_KUBE_OPERATION = /^(?:read|list)[A-Z][A-Za-z]*$/;

export function assertKubeRead(operation: string): void {
  if (!READ_ONLY_KUBE_OPERATION.test(operation)) {
    throw new Error(`refused: ${operation} is not a read (cart-doctor only calls read* and list* on the cluster)`);
  }
}

export function assertGet(method: string, url: string): void {
  if (method !== 'GET') throw new Error(`refused: ${method} ${url} (cart-doctor only sends GET to the cluster)`);
}

type Api = { [op: string]: (param: Record<string, unknown>, options?: unknown) => Promise<unknown> };

const READERS: Record<KubeKind, { api: 'core' | 'apps'; op: string }> = {
  Deployment: { api: 'apps', op: 'readNamespacedDeployment' },
  ServiceAccount: { api: 'core', op: 'readNamespacedServiceAccount' },
  ConfigMap: { api: 'core', op: 'readNamespacedConfigMap' },
  Secret: { api: 'core', op: 'readNamespacedSecret' },
  Pod: { api: 'core', op: 'readNamespacedPod' },
  Service: { api: 'core', op: 'readNamespacedService' },
  StatefulSet: { api: 'apps', op: 'readNamespacedStatefulSet' },
};

function loadKubeconfigFile(kc: KubeConfig, kubeconfig: string | undefined): void {
  try {
    if (kubeconfig) kc.loadFromFile(kubeconfig);
    // kubectl keeps the first KUBECONFIG file's current-context; client-node's default keeps the last.
    else kc.loadFromDefault(undefined, true);
  } catch (err) {
    throw new InputError(`cannot load kubeconfig: ${(err as Error).message.split('\n')[0]}`, kubeconfig ?? process.env.KUBECONFIG ?? '~/.kube/config');
  }
}
const LISTERS: Record<WorkloadKind, string> = { Deployment: 'listNamespacedDeployment', StatefulSet: 'listNamespacedStatefulSet' };

/**
 * The live cluster through @kubernetes/client-node 1.x, GET only. client-node has no request
 * timeout (a silent server hangs forever), so each call carries its own abort signal.
 */
export class LiveKubeSource implements KubeSource {
  readonly description: string;

  private constructor(
    private readonly core: Api,
    private readonly apps: Api,
    private readonly timeoutMs: number,
    private readonly deadline: AbortSignal | undefined,
    readonly contextName: string,
    readonly server: string,
  ) {
    this.description = `cluster ${contextName} (${server})`;
  }

  static async connect(options: LiveKubeOptions): Promise<LiveKubeSource> {
    const { AppsV1Api, CoreV1Api, KubeConfig } = await importKubeClient();
    const kc = new KubeConfig();
    // In a pod (the pre-deploy Job): the service account's token and CA, chosen the way kubectl does.
    if (wantsInCluster(options)) kc.loadFromOptions(inClusterKubeconfig());
    else loadKubeconfigFile(kc, options.kubeconfig);
    if (options.context) {
      if (!kc.getContextObject(options.context)) throw new InputError(`no context "${options.context}" in the kubeconfig`, '--context');
      kc.setCurrentContext(options.context);
    }
    const contextName = kc.getCurrentContext();
    const cluster = kc.getCurrentCluster();
    // A context whose cluster entry is missing is a broken kubeconfig, not a missing one.
    const clusterName = kc.getContextObject(contextName)?.cluster;
    if (!cluster && clusterName) {
      throw new InputError(
        `context "${contextName}" names cluster "${clusterName}", which is not in the kubeconfig`,
        options.kubeconfig ?? process.env.KUBECONFIG ?? '~/.kube/config',
      );
    }
    if (!cluster || (contextName === 'loaded-context' && cluster.server === 'http://localhost:8080')) {
      throw new FactUnavailable('no-source', NO_KUBECONFIG);
    }
    return new LiveKubeSource(
      kc.makeApiClient(CoreV1Api) as unknown as Api,
      kc.makeApiClient(AppsV1Api) as unknown as Api,
      options.timeoutMs,
      options.signal,
      contextName,
      cluster.server,
    );
  }

  /** Every cluster call goes through here: a read operation, GET only, with its own abort signal. */
  private async send(api: Api, operation: string, params: Record<string, unknown>): Promise<unknown> {
    assertKubeRead(operation);
    const call = api[operation];
    if (typeof call !== 'function') throw new Error(`client-node has no operation ${operation}`);
    // client-node has no request timeout: the call is aborted at --timeout or at the run's deadline.
    const { signal, settle } = callSignal(this.timeoutMs, this.deadline);
    try {
      return await call.call(api, params, getOnly(signal));
    } finally {
      settle();
    }
  }

  async get(kind: KubeKind, namespace: string, name: string): Promise<KubeObject | undefined> {
    const reader = READERS[kind];
    const api = reader.api === 'core' ? this.core : this.apps;
    try {
      const obj = await this.send(api, reader.op, { name, namespace });
      return plainObject(obj, kind, name, `get ${kind.toLowerCase()} ${namespace}/${name}`);
    } catch (err) {
      if (err instanceof FactUnavailable) throw err;
      if ((err as { code?: unknown }).code === 404) return undefined;
      throw this.classify(err, `get ${kind.toLowerCase()} ${namespace}/${name}`, `get on ${kind.toLowerCase()}s`);
    }
  }

  async listPods(namespace: string, selector: LabelSelector): Promise<KubeObject[]> {
    const labelSelector = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    try {
      const what = `list pods in ${namespace} (-l ${labelSelector})`;
      const out = (await this.send(this.core, 'listNamespacedPod', { namespace, labelSelector })) as { items?: unknown } | undefined;
      // A real API server always sends `items` (empty when nothing matches); no list is no answer.
      if (!Array.isArray(out?.items)) throw unusable(what, 'a PodList');
      return out.items.map((item) => plainObject(item, 'Pod', undefined, what));
    } catch (err) {
      if (err instanceof FactUnavailable) throw err;
      throw this.classify(err, `list pods in ${namespace} (-l ${labelSelector})`, 'list on pods');
    }
  }

  async listWorkloads(kind: WorkloadKind, namespace: string): Promise<KubeObject[]> {
    const what = `list ${kind.toLowerCase()}s in ${namespace}`;
    try {
      const out = (await this.send(this.apps, LISTERS[kind], { namespace })) as { items?: unknown } | undefined;
      if (!Array.isArray(out?.items)) throw unusable(what, `a ${kind}List`);
      return out.items.map((item) => plainObject(item, kind, undefined, what));
    } catch (err) {
      if (err instanceof FactUnavailable) throw err;
      throw this.classify(err, what, `list on ${kind.toLowerCase()}s`);
    }
  }

  async podLog(namespace: string, pod: string, request: PodLogRequest): Promise<string> {
    const { container, tailLines, sinceSeconds, previous } = request;
    try {
      const text = await this.send(this.core, 'readNamespacedPodLog', {
        name: pod,
        namespace,
        container,
        tailLines,
        sinceSeconds,
        ...(previous && { previous }),
      });
      return typeof text === 'string' ? text : '';
    } catch (err) {
      // No previous instance (the container never restarted) is an empty log, not a failure.
      if (previous && (err as { code?: unknown }).code === 400) return '';
      throw this.classify(err, `read the log of ${namespace}/${pod} container ${container}`, 'get on pods/log');
    }
  }

  private classify(err: unknown, what: string, grant: string): Error {
    const e = err as { code?: number | string; name?: string; message?: string };
    if (e.code === 403 || e.code === 401) {
      return new FactUnavailable(
        'denied',
        `the doctor may not ${what} on ${this.contextName} (HTTP ${e.code}); grant it ${grant} (see \`cart-doctor permissions\`)`,
      );
    }
    if (isConnectionReset(err)) {
      return new FactUnavailable(
        'failed',
        `${what}: the connection to ${this.server} was reset (ECONNRESET) before the cluster answered; a proxy or load balancer may be cutting it`,
      );
    }
    if (e.name === 'AbortError') return new FactUnavailable('timeout', `${what}: the cluster did not answer within ${this.timeoutMs} ms (--timeout)`);
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const code = typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code) ? e.code : cause && UNREACHABLE_CODES.has(cause) ? cause : undefined;
    if (code || e.name === 'FetchError') {
      // The same words for every call, so the CLI says it once.
      const reason = code ?? /reason: (.*)$/.exec(e.message ?? '')?.[1] ?? 'connection failed';
      return new FactUnavailable(
        'unreachable',
        `cannot reach the cluster at ${this.server} (context ${this.contextName}): ${reason}; the checks that need the cluster could not be evaluated`,
      );
    }
    return new FactUnavailable(
      'failed',
      `${what} failed: ${typeof e.code === 'number' ? `HTTP ${e.code}` : (e.name ?? 'Error')}: ${(e.message ?? '').split('\n')[0]}`,
    );
  }
}

/**
 * The typed model keeps Kubernetes' own field names; a JSON round trip gives plain data. An
 * answer that is not the object asked for (a proxy's HTML page, `{}`, garbage that client-node
 * turned into an empty model) is a failed read, never an object with nothing in it.
 */
/** The call's options: a middleware that refuses anything but GET and hands client-node the call's signal. */
export function getOnly(signal: AbortSignal) {
  const obs = <T>(v: T) => ({ toPromise: () => Promise.resolve(v) });
  const middleware = {
    pre: (ctx: { setSignal(s: AbortSignal): void; getHttpMethod(): string; getUrl(): string }) => {
      assertGet(String(ctx.getHttpMethod()), ctx.getUrl());
      ctx.setSignal(signal);
      return obs(ctx);
    },
    post: <T>(r: T) => obs(r),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

function plainObject(obj: unknown, kind: KubeKind, name: string | undefined, what: string): KubeObject {
  const plain = JSON.parse(JSON.stringify(obj ?? null)) as KubeObject | null;
  if (!plain || typeof plain !== 'object') throw unusable(what, `a ${kind}`);
  plain.kind ??= kind;
  if (!isKubeObject(plain) || plain.kind !== kind || (name !== undefined && plain.metadata.name !== name)) throw unusable(what, `a ${kind}`);
  try {
    assertKubeShape(plain, what);
  } catch (err) {
    if (err instanceof InputError) throw unusable(what, `a well-formed ${kind} (${err.message})`);
    throw err;
  }
  return sanitizeObject(plain);
}

function unusable(what: string, expected: string): FactUnavailable {
  return new FactUnavailable(
    'unusable',
    `${what}: the cluster's answer is not ${expected} — the answer is unusable (an HTML page or a proxy in front of the API server?)`,
  );
}

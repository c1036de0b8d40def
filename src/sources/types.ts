/**
 * Sources answer raw API calls; the facts layer turns answers into one model. A check never
 * sees a source, so live and recorded sources are interchangeable.
 */

export type AwsService = 'dynamodb' | 'iam' | 'eks' | 'sts' | 'kms' | 'ec2' | 'organizations';

export interface AwsCall {
  service: AwsService;
  /** SDK v3 command name without "Command", e.g. `DescribeTable`. */
  operation: string;
  input: Record<string, unknown>;
  /** Region of a regional call (dynamodb, eks, sts); IAM is global. */
  region?: string;
}

/** AWS saying "slow down": about the rate of calls, never about the object asked for. */
export const THROTTLING_ERROR = /^(Throttling|ThrottlingException|ThrottledException|TooManyRequestsException|RequestLimitExceeded|RequestThrottled|SlowDown)$/;

/** An error the AWS API answered with (recorded or live), e.g. NoSuchEntityException. */
export class AwsApiError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly call: AwsCall,
  ) {
    super(message);
  }
}

export interface AwsSource {
  /** Human description for messages: "snapshot fixtures/x.yaml", "live AWS". */
  readonly description: string;
  /** Resolves with the SDK-shaped output; rejects with AwsApiError or FactUnavailable. */
  call(call: AwsCall): Promise<Record<string, unknown>>;
}

export type KubeKind = 'Deployment' | 'ServiceAccount' | 'ConfigMap' | 'Secret' | 'Pod' | 'Service' | 'StatefulSet';

/** What a K3s Service may select (local.service): the workloads of a namespace, listed whole. */
export type WorkloadKind = 'Deployment' | 'StatefulSet';

/** A Kubernetes object as `kubectl get -o yaml` prints it (Secret values already removed). */
export interface KubeObject {
  apiVersion?: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** Labels a LIST must match, as `matchLabels` (every pair present). */
export type LabelSelector = Record<string, string>;

/**
 * How one read ended, as a snapshot records it (docs/design/SPEC.md §7): `absent` is the API's 404 (an
 * answer); `denied`, `failed` and `unusable` mean the object is unknown, never absent.
 */
export const UNAVAILABLE_STATUSES = ['denied', 'failed', 'unusable'] as const;
export type UnavailableStatus = (typeof UNAVAILABLE_STATUSES)[number];
export type ReadStatus = 'ok' | 'absent' | UnavailableStatus;

export function isUnavailableStatus(status: string | undefined): status is UnavailableStatus {
  return (UNAVAILABLE_STATUSES as readonly string[]).includes(status ?? 'ok');
}

/** One Kubernetes read of a run: a GET of one object (`name`) or a LIST (`selector`; `{}` lists every Deployment or StatefulSet of the namespace). */
export interface KubeRead {
  kind: KubeKind;
  namespace: string;
  name?: string;
  selector?: LabelSelector;
  status: ReadStatus;
  message?: string;
}

/** What part of one container's log to read, as `kubectl logs --tail --since [--previous]`. */
export interface PodLogRequest {
  container: string;
  tailLines: number;
  sinceSeconds: number;
  /** The log of the previous (crashed) instance of the container. */
  previous?: boolean;
}

export interface KubeSource {
  readonly description: string;
  /** Resolves undefined when the object does not exist; rejects with FactUnavailable. */
  get(kind: KubeKind, namespace: string, name: string): Promise<KubeObject | undefined>;
  /** Pods of a namespace whose labels match (LIST); empty when none. */
  listPods(namespace: string, selector: LabelSelector): Promise<KubeObject[]>;
  /** Recent log lines of one container (GET pods/log); rejects with FactUnavailable where there are no logs. */
  podLog(namespace: string, pod: string, request: PodLogRequest): Promise<string>;
  /**
   * The namespaces of the objects of this kind and name that the source already holds (snapshot,
   * manifests). Live sources leave it out: it would take a cluster-wide LIST, which the doctor's
   * RBAC (a namespaced Role, permissions/cart-doctor-rbac.yaml) does not grant.
   */
  namespacesOf?(kind: KubeKind, name: string): Promise<string[]>;
  /** Every Deployment or StatefulSet of a namespace (LIST); empty when none. */
  listWorkloads(kind: WorkloadKind, namespace: string): Promise<KubeObject[]>;
}

import type { PolicyDocument } from '../iam/types.js';
import type { LogScan } from '../logs/shapes.js';

/**
 * The normalized model every check judges. Loaders fill it lazily and once per run; a fact
 * that could not be gathered makes its getter reject with FactUnavailable, so "unknown" can
 * never be mistaken for "absent".
 */
export interface Facts {
  /** The region of the target (flag, config, snapshot, cluster ARN). Rejects when unknown. */
  region(): Promise<string>;
  cluster(): Promise<ClusterFact>;
  /** The role to evaluate (`--role`, else the SA annotation); undefined when neither names one. */
  roleRef(): Promise<RoleRef | undefined>;
  role(): Promise<RoleFact>;
  policies(): Promise<PoliciesFact>;
  oidcProvider(): Promise<OidcProviderFact>;
  /** DescribeTable of the target table in one region. */
  table(region: string): Promise<TableFact>;
  /** The table's ARN: the real one when it exists in the target region (for a global table, its replica in the app's region), else the one it would have. */
  tableArn(): Promise<string>;
  serviceAccount(): Promise<ServiceAccountFact>;
  deployment(): Promise<DeploymentFact>;
  /** The region the Cart container's SDK will use. */
  appRegion(): Promise<AppRegionFact>;
  /** The Deployment's pods as they run (live) or as recorded; empty when the input has none. */
  pods(): Promise<PodsFact>;
  /** EKS Pod Identity associations of the target ServiceAccount. */
  podIdentity(): Promise<PodIdentityFact>;
  /** Any role by ARN (an association's role), loaded once per run like the IRSA role. */
  roleByArn(arn: string): Promise<RoleFact>;
  policiesOf(role: RoleFact): Promise<PoliciesFact>;
  /** Application log text to scan, when the user asked for it. */
  logs(): Promise<LogsFact>;
  /** Whether an OIDC provider exists in IAM; undefined when that cannot be told (optional hint). */
  providerExists(arn: string): Promise<boolean | undefined>;
  /** A Service of a namespace (K3s: where the endpoint variable points). */
  service(namespace: string, name: string): Promise<ServiceFact>;
  /** The Deployments and StatefulSets of a namespace (K3s: what a Service may select). */
  workloads(namespace: string): Promise<WorkloadFact[]>;
  /** DescribeTable of the target table on the local DynamoDB (`--dynamodb-endpoint`); undefined when none was given. */
  localTable(): Promise<TableFact | undefined>;
  /** The table's resource-based policy (GetResourcePolicy on the table ARN; it governs the indexes too). */
  resourcePolicy(): Promise<ResourcePolicyFact>;
  /** kms:DescribeKey of the table's KMS key (by ARN). */
  kmsKey(keyArn: string): Promise<KmsKeyFact>;
  /** kms:GetKeyPolicy (PolicyName default) of a KMS key. */
  kmsKeyPolicy(keyArn: string): Promise<PolicyDocument>;
  /** DynamoDB VPC endpoints in the cluster's VPC (ec2:DescribeVpcEndpoints). */
  vpcEndpoints(): Promise<VpcEndpointsFact>;
  /** The ids of those endpoints, for `aws:SourceVpce` conditions on the table's side. */
  vpcEndpoint(): Promise<string[]>;
  /** IAM's policy simulator on the role for the app's calls (policy.simulated's second opinion). */
  simulation(request: SimulationRequest): Promise<SimulationFact>;
  /** SCPs on the role's account and RCPs on the table's, up the organization's hierarchy (org.guardrails). */
  orgGuardrails(accounts: { role: string; table: string }): Promise<OrgGuardrailsFact>;
  /** Non-fatal notes gathered while loading (duplicate keys, ignored documents, …). */
  readonly warnings: string[];
}

export interface ClusterFact {
  name: string;
  found: boolean;
  arn?: string;
  region?: string;
  account?: string;
  partition: string;
  /** `cluster.identity.oidc.issuer`, with `https://`. */
  issuer?: string;
  status?: string;
  /** `cluster.resourcesVpcConfig.vpcId`; absent in answers (or snapshots) that do not carry it. */
  vpcId?: string;
}

export interface RoleRef {
  name: string;
  /** Known when given as an ARN (flag or annotation) or derivable from the cluster's account. */
  arn?: string;
  account?: string;
  partition: string;
  from: 'flag' | 'annotation' | 'association';
}

export interface RoleFact {
  ref: RoleRef;
  found: boolean;
  arn?: string;
  trust?: PolicyDocument;
  boundaryArn?: string;
}

export interface NamedPolicy {
  /** Policy ARN for managed policies, `inline:NAME` for inline ones. */
  name: string;
  document: PolicyDocument;
}

export interface PoliciesFact {
  identity: NamedPolicy[];
  /** The permissions boundary's default version, when the role has one. */
  boundary?: NamedPolicy;
}

export interface OidcProviderFact {
  /** `arn:PART:iam::ACCOUNT:oidc-provider/HOST` for this cluster's issuer. */
  expectedArn: string;
  host: string;
  found: boolean;
  clientIds: string[];
  /** Other providers in the account (hint for recreated clusters); undefined if not listed. */
  others?: string[];
}

export interface KeySchemaElement {
  name: string;
  keyType: 'HASH' | 'RANGE' | string;
}

export interface IndexFact {
  name: string;
  status?: string;
  keySchema: KeySchemaElement[];
  arn?: string;
}

export interface TableFact {
  name: string;
  region: string;
  found: boolean;
  arn?: string;
  status?: string;
  keySchema: KeySchemaElement[];
  /** AttributeDefinitions as name → S | N | B. */
  attributeTypes: Record<string, string>;
  /** Absent BillingModeSummary means PROVISIONED (docs/design/irsa.md §1.7). */
  billingMode?: string;
  billingModeReported: boolean;
  gsis: IndexFact[];
  /** DescribeTable's SSEDescription; absent means the AWS owned key (DynamoDB Developer Guide, encryption at rest). */
  sse?: TableSseFact;
  /** A global table (GlobalTableVersion and/or Replicas in DescribeTable); absent means a table in one region only. */
  global?: GlobalTableFact;
}

/**
 * Version 2019.11.21 global table: each replica is a table of the same name in its region, with its
 * own ARN. DescribeTable lists the other regions' replicas (DynamoDB Developer Guide, "Determining the
 * version"); the described region is the table itself.
 */
export interface GlobalTableFact {
  version?: string;
  replicas: ReplicaFact[];
}

export interface ReplicaFact {
  region: string;
  /** CREATING | CREATION_FAILED | UPDATING | DELETING | ACTIVE | REGION_DISABLED | INACCESSIBLE_ENCRYPTION_CREDENTIALS */
  status?: string;
  statusDescription?: string;
  /** ReplicaStatusPercentProgress of a Create, Update or Delete, e.g. "40". */
  percentProgress?: string;
  /** The replica's own KMS key (an ARN or id, never key material): an INACCESSIBLE_ENCRYPTION_CREDENTIALS fix names it. */
  kmsKeyId?: string;
}

export interface TableSseFact {
  status?: string;
  /** `KMS` for an AWS managed or customer managed key. */
  type?: string;
  kmsKeyArn?: string;
  inaccessibleSince?: string;
}

export interface KmsKeyFact {
  arn: string;
  /** False when DescribeKey answers NotFoundException. */
  found: boolean;
  /** `AWS` (the AWS managed key aws/dynamodb) or `CUSTOMER`. */
  keyManager?: string;
  keyState?: string;
  deletionDate?: string;
  /** The key's own ARN from KeyMetadata, when given. */
  keyArn?: string;
}

export interface VpcEndpointFact {
  id: string;
  type?: string;
  state?: string;
  serviceName?: string;
  privateDnsEnabled?: boolean;
  /** The endpoint policy; absent when the answer carries none (AWS always returns one). */
  policy?: PolicyDocument;
}

export interface VpcEndpointsFact {
  /** Undefined when the DescribeCluster answer carries no resourcesVpcConfig.vpcId. */
  vpcId?: string;
  serviceName: string;
  endpoints: VpcEndpointFact[];
}

export interface ServiceAccountFact {
  namespace: string;
  name: string;
  found: boolean;
  annotations: Record<string, string>;
  /** When the role-arn annotation was last written (server-side managedFields), when the source shows it. */
  annotatedAt?: string;
  /** When not found: other namespaces the input holds a ServiceAccount of this name in (snapshot, manifests; never a live LIST). */
  elsewhere?: string[];
}

export type EnvSource = 'env' | 'env:configMapKeyRef' | 'env:secretKeyRef' | 'env:fieldRef' | 'envFrom:configMap' | 'envFrom:secret' | 'webhook';

export interface EnvVar {
  name: string;
  /** Undefined when redacted (credentials, anything from a Secret) or not resolvable. */
  value?: string;
  source: EnvSource;
  /** `ConfigMap/NAME` or `Secret/NAME` (with `.KEY` for keyRefs) the value comes from. */
  from?: string;
  redacted: boolean;
  /** False when the referenced ConfigMap/Secret or key could not be found. */
  resolved: boolean;
}

export interface EnvFromRef {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  prefix?: string;
  optional: boolean;
  found: boolean;
  /** The doctor may not read this Secret (RBAC): its key names are unknown. */
  unreadable?: boolean;
}

export interface ContainerFact {
  name: string;
  init: boolean;
  /** Effective environment, in Kubernetes precedence: webhook over env over envFrom. */
  env: EnvVar[];
  /** Names the container's own `env` list sets (the webhook looks only at these). */
  ownEnvNames: string[];
  envFrom: EnvFromRef[];
}

export interface DeploymentFact {
  namespace: string;
  name: string;
  found: boolean;
  /** `spec.template.spec.serviceAccountName` as written (undefined = not set). */
  serviceAccountName?: string;
  /** What the pods run as: the name, or `default` when unset. */
  effectiveServiceAccount: string;
  containers: ContainerFact[];
  /** The container that talks to DynamoDB (has the table-name variable, or is named like the app). */
  cartContainer?: string;
  /** Whether the webhook will inject IRSA variables (the pods' SA carries a role-arn annotation). */
  webhookInjects: boolean;
  /** The labels that select its pods (`spec.selector.matchLabels`, else the template's labels). */
  selector: Record<string, string>;
  /** The Deployment's own annotations (`cart-doctor.io/ignore`, …); absent when not found. */
  annotations?: Record<string, string>;
  /** Pod-template annotations (`eks.amazonaws.com/skip-containers`, …). */
  templateAnnotations: Record<string, string>;
  templateLabels: Record<string, string>;
}

export interface VolumeMountFact {
  name: string;
  mountPath: string;
}

export interface PodContainerFact {
  name: string;
  init: boolean;
  /** What the running container has: the webhook's injection is already part of the pod's own `env`. */
  env: EnvVar[];
  mounts: VolumeMountFact[];
  restartCount?: number;
}

export interface PodFact {
  name: string;
  namespace: string;
  serviceAccountName: string;
  createdAt?: string;
  phase?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Volume names, and the audience of each projected service-account token volume. */
  volumes: { name: string; tokenAudience?: string }[];
  containers: PodContainerFact[];
  /** The pod shares the node's network: the node role's IMDS is within reach (docs/design/irsa.md §2.3 item 9). */
  hostNetwork: boolean;
  /** `automountServiceAccountToken: false` on the pod (docs/design/irsa.md §2.3 item 7: reports conflict). */
  automountDisabled: boolean;
}

export interface PodsFact {
  /** Where the pods come from, for messages ("cluster X", "snapshot f.yaml"). */
  source: string;
  selector: Record<string, string>;
  /** Running or pending pods; finished and terminating ones are left out. */
  pods: PodFact[];
}

export interface PodIdentityAssociationFact {
  id: string;
  arn?: string;
  roleArn?: string;
  /** The role chained into from roleArn (cross-account), when set. */
  targetRoleArn?: string;
  /** The association's session policy: it intersects the role's policies. */
  sessionPolicy?: PolicyDocument;
  disableSessionTags?: boolean;
}

export interface PodIdentityFact {
  cluster: string;
  associations: PodIdentityAssociationFact[];
}

/** One log, already scanned: a log can be larger than memory, so only its hits are kept. */
export interface ScannedLog {
  /** `pod/NAME container C`, `pod/NAME container C (previous)` or a file name. */
  origin: string;
  scan: LogScan;
}

export interface LogsFact {
  /** False when neither --logs nor --logs-file was given. */
  requested: boolean;
  scanned: ScannedLog[];
  /** What was read, for messages ("the last 500 lines of the last 1h of 2 pods"). */
  scope?: string;
}

export interface AppRegionFact {
  region?: string;
  /** How the app gets it: its own env, envFrom, webhook injection, or nowhere. */
  source: 'env' | 'envFrom' | 'webhook' | 'none';
  /** Why the region is what it is, for messages. */
  detail: string;
}

/** One port of a Service: what clients dial (`port`) and where it lands in the pod (`targetPort`, a number or a port name). */
export interface ServicePortFact {
  name?: string;
  port: number;
  targetPort: number | string;
}

/** A Service by name (K3s: the one the endpoint variable names). */
export interface ServiceFact {
  namespace: string;
  name: string;
  found: boolean;
  selector: Record<string, string>;
  ports: ServicePortFact[];
}

export interface WorkloadContainerFact {
  name: string;
  image: string;
  ports: { name?: string; containerPort: number }[];
}

/** A Deployment or StatefulSet as its pods will be: their labels and containers (K3s: what a Service selects). */
export interface WorkloadFact {
  kind: 'Deployment' | 'StatefulSet';
  namespace: string;
  name: string;
  podLabels: Record<string, string>;
  containers: WorkloadContainerFact[];
}

export interface ResourcePolicyFact {
  /** The table ARN the policy was asked for. */
  resourceArn: string;
  /** False when DynamoDB answered PolicyNotFoundException: the table has no resource policy. */
  found: boolean;
  document?: PolicyDocument;
  revisionId?: string;
}

/** What the doctor asks IAM's policy simulator (iam:SimulatePrincipalPolicy) for the Cart role. */
export interface SimulationRequest {
  roleArn: string;
  actions: string[];
  resources: string[];
  /** Request-context values the doctor knows (aws:RequestedRegion, aws:PrincipalArn, …). */
  context: { key: string; type: 'string' | 'boolean'; value: string }[];
}

/** AWS's verdict on one action × resource. */
export interface SimulatedDecision {
  action: string;
  resource: string;
  /** `allowed`, `explicitDeny` or `implicitDeny` as AWS spells it. */
  decision: string;
  /** The policies AWS matched (SourcePolicyId and type), e.g. `cart-dynamodb-policy (user-managed)`. */
  matched: string[];
  /** Context keys AWS needed but the request did not supply. */
  missingContext: string[];
  /** False when an SCP (the organization) denied it; undefined when AWS said nothing. */
  allowedByOrganizations?: boolean;
  allowedByBoundary?: boolean;
}

export interface SimulationFact {
  results: SimulatedDecision[];
}

/** One policy attached at one level of an organization's hierarchy. */
export interface OrgPolicy {
  id: string;
  name?: string;
  document: PolicyDocument;
}

/** A root, an OU or the account, with the policies of one type attached there. */
export interface OrgLevel {
  target: string;
  type: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';
  policies: OrgPolicy[];
}

/** The policies of one type on the path from the root down to one account. */
export interface OrgPath {
  account: string;
  /** Root first, the account last. Undefined when the account is not in the organization read (`outside`). */
  levels?: OrgLevel[];
  /** The policy type is not enabled in the root (PolicyTypeNotEnabledException): none of its policies apply. */
  disabled?: boolean;
  outside?: string;
}

/** SCPs for the role's account, RCPs for the table's account (AWS Organizations). */
export interface OrgGuardrailsFact {
  inOrganization: boolean;
  organizationId?: string;
  managementAccount?: string;
  featureSet?: string;
  /** Left out when the account is the management account (SCPs do not apply there) or not in an organization. */
  scp?: OrgPath;
  rcp?: OrgPath;
}

/**
 * A hand-built Facts for table-driven check tests: start from a healthy world, override the
 * pieces a case is about. A piece set to an Error makes its getter reject with it, which is
 * how a case reaches the `error` status.
 */
import { PRESETS } from '../../src/config/presets.js';
import type { PresetName, Target } from '../../src/config/types.js';
import type { CheckContext } from '../../src/checks/lib/types.js';
import { FactUnavailable } from '../../src/errors.js';
import type {
  AppRegionFact,
  ClusterFact,
  ContainerFact,
  DeploymentFact,
  Facts,
  LogsFact,
  PodFact,
  PodIdentityFact,
  PodsFact,
  OidcProviderFact,
  PoliciesFact,
  ResourcePolicyFact,
  RoleFact,
  RoleRef,
  ServiceAccountFact,
  ServiceFact,
  SimulationFact,
  OrgGuardrailsFact,
  TableFact,
  WorkloadFact,
  KmsKeyFact,
  VpcEndpointsFact,
} from '../../src/facts/types.js';
import type { PolicyDocument } from '../../src/iam/types.js';

export const ACCOUNT = '111122223333';
export const REGION = 'ap-south-1';
export const ISSUER_HOST = `oidc.eks.${REGION}.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`;
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/cart-dynamodb-role`;
export const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Items`;
export const VPC_ID = 'vpc-0fedcba9876543210';

type OrError<T> = T | Error;

export interface FactValues {
  region: OrError<string>;
  cluster: OrError<ClusterFact>;
  roleRef: OrError<RoleRef | undefined>;
  role: OrError<RoleFact>;
  policies: OrError<PoliciesFact>;
  oidcProvider: OrError<OidcProviderFact>;
  /** DescribeTable answers by region; a region not listed rejects as not recorded. */
  tables: Record<string, OrError<TableFact>>;
  tableArn: OrError<string>;
  serviceAccount: OrError<ServiceAccountFact>;
  deployment: OrError<DeploymentFact>;
  appRegion: OrError<AppRegionFact>;
  pods: OrError<PodsFact>;
  podIdentity: OrError<PodIdentityFact>;
  /** Roles other than the IRSA one (an association's), by ARN; unlisted ARNs reject as not recorded. */
  roles: Record<string, OrError<RoleFact>>;
  /** Policies of roles other than the IRSA one, by role name. */
  policiesByRole: Record<string, OrError<PoliciesFact>>;
  logs: OrError<LogsFact>;
  /** OIDC provider ARNs known to exist (true) or not (false); unlisted = cannot tell. */
  providers: Record<string, boolean>;
  /** K3s: Services by `namespace/name`; unlisted ones reject as not recorded. */
  services?: Record<string, OrError<ServiceFact>>;
  /** K3s: the Deployments and StatefulSets of the target namespace. */
  workloads?: OrError<WorkloadFact[]>;
  /** K3s: the table on the local DynamoDB; null when no --dynamodb-endpoint was given. */
  localTable?: OrError<TableFact> | null;
  /** The table's resource policy; absent = not recorded (the healthy world predates the layer). */
  resourcePolicy?: OrError<ResourcePolicyFact>;
  /** DescribeKey answers by key ARN; unlisted keys reject as not recorded. */
  kmsKeys: Record<string, OrError<KmsKeyFact>>;
  /** Key policies by key ARN; unlisted keys reject as not recorded. */
  keyPolicies: Record<string, OrError<PolicyDocument>>;
  vpcEndpoints: OrError<VpcEndpointsFact>;
  /** iam:SimulatePrincipalPolicy's answer; absent = not recorded (the healthy world predates the layer). */
  simulation?: OrError<SimulationFact>;
  /** Organizations' SCPs/RCPs; absent = not recorded. */
  orgGuardrails?: OrError<OrgGuardrailsFact>;
}

export const TOKEN_DIR = '/var/run/secrets/eks.amazonaws.com/serviceaccount';

/** A running pod as the webhook mutated it: IRSA env, token volume and mount, region. */
export function mutatedPod(name = 'cart-deployment-7d9c8b6f5-x2x9k', env: Record<string, string> = {}, change: (p: PodFact) => void = () => {}): PodFact {
  const injected: Record<string, string> = {
    AWS_STS_REGIONAL_ENDPOINTS: 'regional',
    AWS_DEFAULT_REGION: REGION,
    AWS_REGION: REGION,
    AWS_ROLE_ARN: ROLE_ARN,
    AWS_WEB_IDENTITY_TOKEN_FILE: `${TOKEN_DIR}/token`,
    ...env,
  };
  const pod: PodFact = {
    name,
    namespace: 'retail-store-prod',
    serviceAccountName: 'cart-sa',
    createdAt: '2026-11-20T10:00:00Z',
    phase: 'Running',
    labels: { app: 'cart' },
    annotations: {},
    volumes: [
      { name: 'aws-iam-token', tokenAudience: 'sts.amazonaws.com' },
      { name: 'kube-api-access-abcde', tokenAudience: '' },
    ],
    containers: [
      {
        name: 'cart',
        init: false,
        env: Object.entries(injected)
          .filter(([, v]) => v !== '')
          .map(([n, value]) => ({ name: n, value, source: 'env' as const, redacted: false, resolved: true })),
        mounts: [{ name: 'aws-iam-token', mountPath: TOKEN_DIR }],
      },
    ],
    hostNetwork: false,
    automountDisabled: false,
  };
  change(pod);
  return pod;
}

export function trustDocument(sub = 'system:serviceaccount:retail-store-prod:cart-sa'): PolicyDocument {
  return {
    source: 'trust policy of cart-dynamodb-role',
    version: '2012-10-17',
    statements: [
      {
        index: 0,
        effect: 'Allow',
        principal: { Federated: [PROVIDER_ARN] },
        action: ['sts:AssumeRoleWithWebIdentity'],
        condition: { StringEquals: { [`${ISSUER_HOST}:sub`]: [sub], [`${ISSUER_HOST}:aud`]: ['sts.amazonaws.com'] } },
      },
    ],
  };
}

export function guidePolicy(resource = TABLE_ARN): PolicyDocument {
  return {
    source: `arn:aws:iam::${ACCOUNT}:policy/cart-dynamodb-policy`,
    version: '2012-10-17',
    statements: [
      {
        index: 0,
        effect: 'Allow',
        action: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan'].map((a) => `dynamodb:${a}`),
        resource: [resource],
      },
    ],
  };
}

export function cartContainer(env: Record<string, string>, extra: Partial<ContainerFact> = {}): ContainerFact {
  return {
    name: 'cart',
    init: false,
    env: Object.entries(env).map(([name, value]) => ({ name, value, source: 'env', redacted: false, resolved: true })),
    ownEnvNames: Object.keys(env),
    envFrom: [],
    ...extra,
  };
}

export function healthyValues(preset: PresetName = 'guide'): FactValues {
  const t = PRESETS[preset].target;
  const region = REGION;
  const webhookRegion = [
    { name: 'AWS_REGION', value: region, source: 'webhook' as const, redacted: false, resolved: true },
    { name: 'AWS_ROLE_ARN', value: ROLE_ARN, source: 'webhook' as const, redacted: false, resolved: true },
  ];
  const container = cartContainer(
    preset === 'guide' ? { TABLE_NAME: t.table } : { RETAIL_CART_PERSISTENCE_PROVIDER: 'dynamodb', RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME: t.table },
  );
  container.env.push(...webhookRegion);
  const roleRef: RoleRef = { name: 'cart-dynamodb-role', arn: ROLE_ARN, account: ACCOUNT, partition: 'aws', from: 'annotation' };
  return {
    region,
    cluster: {
      name: 'cart-cluster',
      found: true,
      arn: `arn:aws:eks:${region}:${ACCOUNT}:cluster/cart-cluster`,
      region,
      account: ACCOUNT,
      partition: 'aws',
      issuer: `https://${ISSUER_HOST}`,
      status: 'ACTIVE',
      vpcId: VPC_ID,
    },
    roleRef,
    role: { ref: roleRef, found: true, arn: ROLE_ARN, trust: trustDocument(`system:serviceaccount:${t.namespace}:${t.serviceAccount}`) },
    policies: { identity: [{ name: `arn:aws:iam::${ACCOUNT}:policy/cart-dynamodb-policy`, document: guidePolicy() }] },
    oidcProvider: { expectedArn: PROVIDER_ARN, host: ISSUER_HOST, found: true, clientIds: ['sts.amazonaws.com'] },
    tables: {
      [region]: {
        name: t.table,
        region,
        found: true,
        arn: TABLE_ARN,
        status: 'ACTIVE',
        keySchema: [{ name: 'id', keyType: 'HASH' }],
        attributeTypes: preset === 'guide' ? { id: 'S' } : { id: 'S', customerId: 'S' },
        billingMode: 'PAY_PER_REQUEST',
        billingModeReported: true,
        gsis:
          preset === 'guide'
            ? []
            : [
                {
                  name: 'idx_global_customerId',
                  status: 'ACTIVE',
                  keySchema: [{ name: 'customerId', keyType: 'HASH' }],
                  arn: `${TABLE_ARN}/index/idx_global_customerId`,
                },
              ],
      },
    },
    tableArn: TABLE_ARN,
    serviceAccount: { namespace: t.namespace, name: t.serviceAccount, found: true, annotations: { 'eks.amazonaws.com/role-arn': ROLE_ARN } },
    deployment: {
      namespace: t.namespace,
      name: t.deployment,
      found: true,
      serviceAccountName: t.serviceAccount,
      effectiveServiceAccount: t.serviceAccount,
      containers: [container],
      cartContainer: 'cart',
      webhookInjects: true,
      selector: { app: 'cart' },
      templateAnnotations: {},
      templateLabels: { app: 'cart' },
    },
    appRegion: { region, source: 'webhook', detail: `AWS_REGION=${region}, injected by the EKS webhook (the cluster's region)` },
    pods: { source: 'cluster test', selector: { app: 'cart' }, pods: [mutatedPod()] },
    podIdentity: { cluster: 'cart-cluster', associations: [] },
    roles: {},
    policiesByRole: {},
    logs: { requested: false, scanned: [] },
    providers: {},
    kmsKeys: {},
    keyPolicies: {},
    vpcEndpoints: { vpcId: VPC_ID, serviceName: `com.amazonaws.${region}.dynamodb`, endpoints: [] },
  };
}

function settle<T>(value: OrError<T> | undefined, what: string): Promise<T> {
  if (value instanceof Error) return Promise.reject(value);
  if (value === undefined && what !== 'roleRef') return Promise.reject(new FactUnavailable('not-recorded', `fake: ${what} not provided`));
  return Promise.resolve(value as T);
}

export function fakeFacts(values: FactValues): Facts {
  return {
    warnings: [],
    region: () => settle(values.region, 'region'),
    cluster: () => settle(values.cluster, 'cluster'),
    roleRef: () => settle(values.roleRef, 'roleRef'),
    role: () => settle(values.role, 'role'),
    policies: () => settle(values.policies, 'policies'),
    oidcProvider: () => settle(values.oidcProvider, 'oidcProvider'),
    table: (region) => settle(values.tables[region], `table in ${region}`),
    tableArn: () => settle(values.tableArn, 'tableArn'),
    serviceAccount: () => settle(values.serviceAccount, 'serviceAccount'),
    deployment: () => settle(values.deployment, 'deployment'),
    appRegion: () => settle(values.appRegion, 'appRegion'),
    pods: () => settle(values.pods, 'pods'),
    podIdentity: () => settle(values.podIdentity, 'podIdentity'),
    roleByArn: (arn) => settle(values.roles[arn], `role ${arn}`),
    policiesOf: (role) =>
      settle(
        role.ref.name === 'cart-dynamodb-role' && !(role.ref.name in values.policiesByRole) ? values.policies : values.policiesByRole[role.ref.name],
        `policies of ${role.ref.name}`,
      ),
    logs: () => settle(values.logs, 'logs'),
    providerExists: async (arn) => values.providers[arn],
    service: (namespace, name) => settle(values.services?.[`${namespace}/${name}`], `service ${namespace}/${name}`),
    workloads: () => settle(values.workloads, 'workloads'),
    localTable: () => (values.localTable === null ? Promise.resolve(undefined) : settle(values.localTable, 'localTable')),
    resourcePolicy: () => settle(values.resourcePolicy, 'resourcePolicy'),
    kmsKey: (arn) => settle(values.kmsKeys[arn], `kms key ${arn}`),
    kmsKeyPolicy: (arn) => settle(values.keyPolicies[arn], `key policy of ${arn}`),
    vpcEndpoints: () => settle(values.vpcEndpoints, 'vpcEndpoints'),
    vpcEndpoint: () => settle(values.vpcEndpoints, 'vpcEndpoints').then((f) => f.endpoints.map((e) => e.id)),
    simulation: () => settle(values.simulation, 'simulation'),
    orgGuardrails: () => settle(values.orgGuardrails, 'orgGuardrails'),
  };
}

/** A CheckContext for `preset` whose facts are the healthy world changed by `change`. */
export function contextWith(change: (v: FactValues) => void = () => {}, preset: PresetName = 'guide', target: Partial<Target> = {}): CheckContext {
  const values = healthyValues(preset);
  change(values);
  return {
    target: { ...PRESETS[preset].target, cluster: 'cart-cluster', region: REGION, ...target },
    expect: PRESETS[preset].expect,
    facts: fakeFacts(values),
  };
}

export const unavailable = (what = 'iam:GetRole') => new FactUnavailable('denied', `the doctor itself was denied ${what} (AccessDenied)`);

/**
 * DescribeTable finds nothing in the region: the store's tableArn() then gives the ARN the table
 * would have (TABLE_ARN here), which no check may take for an observed table.
 */
export function tableNotFound(v: FactValues, region = REGION): void {
  const table = v.tables[region] as TableFact;
  v.tables[region] = { ...table, found: false, arn: undefined, status: undefined };
}

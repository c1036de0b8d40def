import { FactUnavailable } from '../errors.js';
import { decodeDocument, parsePolicyDocument } from '../iam/document.js';
import type { PolicyDocument } from '../iam/types.js';
import type { AwsSource } from '../sources/types.js';
import { parseArn, roleNameFromArn } from './arn.js';
import { callOrNotFound, callRequired, paged } from './calls.js';
import type {
  ClusterFact,
  GlobalTableFact,
  IndexFact,
  KeySchemaElement,
  NamedPolicy,
  OidcProviderFact,
  PoliciesFact,
  ReplicaFact,
  RoleFact,
  RoleRef,
  TableFact,
  TableSseFact,
} from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export async function loadCluster(aws: AwsSource, name: string, region: string | undefined): Promise<ClusterFact> {
  const out = await callOrNotFound(aws, { service: 'eks', operation: 'DescribeCluster', input: { name }, region });
  if (!out) return { name, found: false, partition: 'aws', region };
  const cluster = obj(out.cluster);
  const arn = str(cluster.arn);
  const parsed = arn ? parseArn(arn) : undefined;
  return {
    name,
    found: true,
    arn,
    region: parsed?.region ?? region,
    account: parsed?.account,
    partition: parsed?.partition ?? 'aws',
    issuer: str(obj(obj(cluster.identity).oidc).issuer),
    status: str(cluster.status),
    vpcId: str(obj(cluster.resourcesVpcConfig).vpcId),
  };
}

/** Source file for InputErrors about documents that came from a source. */
export interface DocumentOrigin {
  file: string;
}

function parseDoc(raw: unknown, source: string, origin: DocumentOrigin, place: string): PolicyDocument {
  return parsePolicyDocument(decodeDocument(raw, origin.file, place), source, origin.file, place);
}

export async function loadRole(aws: AwsSource, ref: RoleRef, origin: DocumentOrigin): Promise<RoleFact> {
  const out = await callOrNotFound(aws, { service: 'iam', operation: 'GetRole', input: { RoleName: ref.name } });
  if (!out) return { ref, found: false };
  const role = obj(out.Role);
  const trustRaw = role.AssumeRolePolicyDocument;
  return {
    ref,
    found: true,
    arn: str(role.Arn) ?? ref.arn,
    trust:
      trustRaw === undefined ? undefined : parseDoc(trustRaw, `trust policy of ${ref.name}`, origin, `iam:GetRole ${ref.name} Role.AssumeRolePolicyDocument`),
    boundaryArn: str(obj(role.PermissionsBoundary).PermissionsBoundaryArn),
  };
}

async function loadManagedPolicy(aws: AwsSource, arn: string, origin: DocumentOrigin): Promise<NamedPolicy> {
  const meta = await callRequired(aws, { service: 'iam', operation: 'GetPolicy', input: { PolicyArn: arn } });
  const versionId = str(obj(meta.Policy).DefaultVersionId);
  if (!versionId) throw new FactUnavailable('failed', `iam:GetPolicy ${arn} returned no DefaultVersionId`);
  const version = await callRequired(aws, {
    service: 'iam',
    operation: 'GetPolicyVersion',
    input: { PolicyArn: arn, VersionId: versionId },
  });
  const place = `iam:GetPolicyVersion ${arn} ${versionId} PolicyVersion.Document`;
  return { name: arn, document: parseDoc(obj(version.PolicyVersion).Document, arn, origin, place) };
}

/** The names of a role's attached and inline policies: they need only the role's name. */
export interface RolePolicyNames {
  attached: unknown[];
  inlineNames: unknown[];
}

export async function listRolePolicyNames(aws: AwsSource, roleName: string): Promise<RolePolicyNames> {
  const [attached, inlineNames] = await Promise.all([
    paged(aws, { service: 'iam', operation: 'ListAttachedRolePolicies', input: { RoleName: roleName } }, 'AttachedPolicies'),
    paged(aws, { service: 'iam', operation: 'ListRolePolicies', input: { RoleName: roleName } }, 'PolicyNames'),
  ]);
  return { attached, inlineNames };
}

/** Managed policies (default version only: the others are history) plus inline ones, fetched concurrently. */
export async function loadPolicies(aws: AwsSource, role: RoleFact, origin: DocumentOrigin, names: Promise<RolePolicyNames>): Promise<PoliciesFact> {
  const roleName = role.ref.name;
  const { attached, inlineNames } = await names;
  const managed = attached.map((p) => str(obj(p).PolicyArn)).filter((a): a is string => !!a);
  const [identityManaged, inline, boundary] = await Promise.all([
    Promise.all(managed.map((arn) => loadManagedPolicy(aws, arn, origin))),
    Promise.all(
      inlineNames
        .filter((n): n is string => typeof n === 'string')
        .map(async (policyName) => {
          const out = await callRequired(aws, {
            service: 'iam',
            operation: 'GetRolePolicy',
            input: { RoleName: roleName, PolicyName: policyName },
          });
          const name = `inline:${policyName}`;
          const place = `iam:GetRolePolicy ${roleName} ${policyName} PolicyDocument`;
          return { name, document: parseDoc(out.PolicyDocument, name, origin, place) };
        }),
    ),
    role.boundaryArn ? loadManagedPolicy(aws, role.boundaryArn, origin) : Promise.resolve(undefined),
  ]);
  return { identity: [...identityManaged, ...inline], boundary };
}

export async function loadOidcProvider(aws: AwsSource, cluster: ClusterFact, account: string): Promise<OidcProviderFact> {
  if (!cluster.issuer) {
    throw new FactUnavailable('failed', `cluster ${cluster.name} reports no OIDC issuer (identity.oidc.issuer)`);
  }
  const host = cluster.issuer.replace(/^https:\/\//, '');
  const expectedArn = `arn:${cluster.partition}:iam::${account}:oidc-provider/${host}`;
  const out = await callOrNotFound(aws, {
    service: 'iam',
    operation: 'GetOpenIDConnectProvider',
    input: { OpenIDConnectProviderArn: expectedArn },
  });
  const clientIds = Array.isArray(out?.ClientIDList) ? out.ClientIDList.filter((c): c is string => typeof c === 'string') : [];
  let others: string[] | undefined;
  if (!out) {
    // Optional hint (a provider left from a recreated cluster): its absence must not fail the check.
    try {
      const list = await callRequired(aws, { service: 'iam', operation: 'ListOpenIDConnectProviders', input: {} });
      others = (Array.isArray(list.OpenIDConnectProviderList) ? list.OpenIDConnectProviderList : [])
        .map((p) => str(obj(p).Arn))
        .filter((a): a is string => !!a);
    } catch {
      others = undefined;
    }
  }
  return { expectedArn, host, found: !!out, clientIds, others };
}

function keySchema(value: unknown): KeySchemaElement[] {
  return (Array.isArray(value) ? value : []).map((k) => ({
    name: str(obj(k).AttributeName) ?? '',
    keyType: str(obj(k).KeyType) ?? '',
  }));
}

export async function loadTable(aws: AwsSource, name: string, region: string): Promise<TableFact> {
  const out = await callOrNotFound(aws, { service: 'dynamodb', operation: 'DescribeTable', input: { TableName: name }, region });
  const empty = { name, region, keySchema: [], attributeTypes: {}, billingModeReported: false, gsis: [] };
  if (!out) return { ...empty, found: false };
  const table = obj(out.Table);
  const summary = obj(table.BillingModeSummary);
  const gsis: IndexFact[] = (Array.isArray(table.GlobalSecondaryIndexes) ? table.GlobalSecondaryIndexes : []).map((g) => ({
    name: str(obj(g).IndexName) ?? '',
    status: str(obj(g).IndexStatus),
    keySchema: keySchema(obj(g).KeySchema),
    arn: str(obj(g).IndexArn),
  }));
  const attributeTypes = Object.fromEntries(
    (Array.isArray(table.AttributeDefinitions) ? table.AttributeDefinitions : []).map((a) => [
      str(obj(a).AttributeName) ?? '',
      str(obj(a).AttributeType) ?? '',
    ]),
  );
  return {
    ...empty,
    found: true,
    arn: str(table.TableArn),
    status: str(table.TableStatus),
    keySchema: keySchema(table.KeySchema),
    attributeTypes,
    billingMode: str(summary.BillingMode) ?? 'PROVISIONED',
    billingModeReported: typeof summary.BillingMode === 'string',
    gsis,
    ...(table.SSEDescription !== undefined && { sse: sseOf(obj(table.SSEDescription)) }),
    ...globalOf(table),
  };
}

/** Replicas and GlobalTableVersion; neither (old snapshots, one-region tables) means not a global table. */
function globalOf(table: Obj): { global?: GlobalTableFact } {
  const version = str(table.GlobalTableVersion);
  const listed = Array.isArray(table.Replicas) ? table.Replicas.map(obj) : [];
  const replicas: ReplicaFact[] = listed
    .filter((r) => typeof r.RegionName === 'string')
    .map((r) => ({
      region: r.RegionName as string,
      ...(str(r.ReplicaStatus) && { status: str(r.ReplicaStatus) }),
      ...(str(r.ReplicaStatusDescription) && { statusDescription: str(r.ReplicaStatusDescription) }),
      ...(str(r.ReplicaStatusPercentProgress) && { percentProgress: str(r.ReplicaStatusPercentProgress) }),
      ...(str(r.KMSMasterKeyId) && { kmsKeyId: str(r.KMSMasterKeyId) }),
    }));
  if (!version && !replicas.length) return {};
  return { global: { ...(version && { version }), replicas } };
}

function sseOf(sse: Obj): TableSseFact {
  return { status: str(sse.Status), type: str(sse.SSEType), kmsKeyArn: str(sse.KMSMasterKeyArn), inaccessibleSince: str(sse.InaccessibleEncryptionDateTime) };
}

export { roleNameFromArn };

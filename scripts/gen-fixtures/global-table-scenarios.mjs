/**
 * Global tables, version 2019.11.21 (issue #10 item 6): each replica is a table of the same name in
 * its region, with its own ARN, and DescribeTable lists the other regions' replicas under Replicas
 * (DynamoDB Developer Guide, "Determining the version of a global table"). The app's SDK reads and
 * writes the replica in its own region, so that replica's ARN is what IAM authorizes.
 */
import { evaluation, recordLayer, simulation, tableResourcePolicy } from './layers.mjs';
import { ACCOUNT, REGION, tableArnOf } from './worlds.mjs';

const APP_REGION = 'eu-west-1';
const HOME_ONLY = 'us-east-1';

const find = (w, operation) => {
  const e = w.aws.find((x) => x.operation === operation);
  if (!e) throw new Error(`no ${operation} entry`);
  return e;
};
const container = (w) => w.kubernetes.find((x) => x.kind === 'Deployment').spec.template.spec.containers[0];
const grantingPolicy = (w) => find(w, 'GetPolicyVersion').output.PolicyVersion.Document;

const replica = (region, status = 'ACTIVE', extra = {}) => ({
  RegionName: region,
  ReplicaStatus: status,
  ...extra,
  ReplicaTableClassSummary: { TableClass: 'STANDARD' },
});

/** The world's table made a global table replica: streams on (replication needs them), the other replicas listed. */
function makeGlobal(table, replicas) {
  Object.assign(table, {
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    LatestStreamLabel: '2025-02-03T12:02:44.118',
    LatestStreamArn: `${table.TableArn}/stream/2025-02-03T12:02:44.118`,
    GlobalTableVersion: '2019.11.21',
    Replicas: replicas,
  });
}

/** The world's ap-south-1 table (global, listing `replicas`) and the app's AWS_REGION set to eu-west-1 in its own env. */
function appInEuWest1(w, replicas) {
  makeGlobal(find(w, 'DescribeTable').output.Table, replicas);
  container(w).env.push({ name: 'AWS_REGION', value: APP_REGION });
}

/** DescribeTable in eu-west-1: the replica there, with its own ARN, listing the ap-south-1 one. */
function replicaInEuWest1(w, status) {
  const home = find(w, 'DescribeTable');
  const table = structuredClone(home.output.Table);
  table.TableArn = tableArnOf('Items', APP_REGION);
  table.TableId = '7a1c3e5f-9b2d-4f6a-8c0e-2d4f6a8c0e1b';
  table.TableStatus = status;
  if (status === 'CREATING') Object.assign(table, { TableSizeBytes: 0, ItemCount: 0 });
  makeGlobal(table, [replica(REGION)]);
  w.aws.push({ service: 'dynamodb', operation: 'DescribeTable', region: APP_REGION, input: { TableName: 'Items' }, output: { Table: table } });
}

/**
 * The eu-west-1 replica's own layers: each replica is a table with its own resource policy (none
 * here), and the simulator is asked about the replica's ARNs in its region; `allowed` says whether
 * the role's policy grants them (it granted every call on the ap-south-1 table).
 */
function replicaLayers(w, allowed) {
  const home = tableArnOf('Items');
  const there = tableArnOf('Items', APP_REGION);
  w.aws.push({ ...tableResourcePolicy(there, undefined), region: APP_REGION });
  const recorded = w.aws.filter((e) => e.operation === 'SimulatePrincipalPolicy' && !e.input.Marker);
  if (recorded.length !== 1) throw new Error('replicaLayers answers a world whose simulator answer is one page');
  const input = structuredClone(recorded[0].input);
  input.ResourceArns = input.ResourceArns.map((r) => r.replace(home, there));
  for (const c of input.ContextEntries) if (c.ContextKeyName === 'aws:RequestedRegion') c.ContextKeyValues = [APP_REGION];
  const granted = recorded[0].output.EvaluationResults.find((r) => r.EvalDecision === 'allowed');
  const source = { id: granted.MatchedStatements[0].SourcePolicyId, type: granted.MatchedStatements[0].SourcePolicyType };
  const results = input.ActionNames.flatMap((action) =>
    input.ResourceArns.map((resource) => evaluation(action, resource, allowed ? 'allowed' : 'implicitDeny', allowed ? { source } : {})),
  );
  recordLayer(w, simulation(input, results));
}

/** The documented way to grant every replica of a global table: the exact table name in any region. */
const ANY_REGION = `arn:aws:dynamodb:*:${ACCOUNT}:table/Items`;

export const GLOBAL_TABLE_SCENARIOS = [
  {
    name: 'global-table-replica-active',
    world: 'guide',
    summary: `Table Items in ${REGION} is a replica of a global table (version 2019.11.21) with an ACTIVE replica in ${HOME_ONLY}; the app writes to the ${REGION} replica: every check passes and the table checks say it is a global table.`,
    mutate: (w) => makeGlobal(find(w, 'DescribeTable').output.Table, [replica(HOME_ONLY)]),
  },
  {
    name: 'global-table-replica-creating',
    world: 'guide',
    summary: `The app sets AWS_REGION=${APP_REGION}; the global table's replica there is still CREATING (${REGION} reports ReplicaStatus CREATING, 40%). The policy grants table/Items in any region. table.active fails (ResourceNotFoundException until ACTIVE); region.match warns (the cluster is in ${REGION}: every call crosses regions, but it works).`,
    mutate: (w) => {
      appInEuWest1(w, [replica(APP_REGION, 'CREATING', { ReplicaStatusPercentProgress: '40' })]);
      replicaInEuWest1(w, 'CREATING');
      grantingPolicy(w).Statement[0].Resource = ANY_REGION;
      replicaLayers(w, true);
    },
  },
  {
    name: 'global-table-no-replica-in-app-region',
    world: 'guide',
    summary: `The app sets AWS_REGION=${APP_REGION}; Items in ${REGION} is a global table whose only other replica is in ${HOME_ONLY}: there is no table in ${APP_REGION}. table.exists fails with the update-table command that adds the replica.`,
    mutate: (w) => {
      appInEuWest1(w, [replica(HOME_ONLY)]);
      w.aws.push({
        service: 'dynamodb',
        operation: 'DescribeTable',
        region: APP_REGION,
        input: { TableName: 'Items' },
        error: { name: 'ResourceNotFoundException', message: 'Requested resource not found: Table: Items not found' },
      });
    },
  },
  {
    name: 'global-table-policy-home-region-only',
    world: 'guide',
    summary: `The app sets AWS_REGION=${APP_REGION} and writes to the ACTIVE replica there; cart-dynamodb-policy grants only ${tableArnOf('Items')}: IAM authorizes the ${APP_REGION} replica's ARN, so policy.actions and policy.resource fail naming both regions.`,
    mutate: (w) => {
      appInEuWest1(w, [replica(APP_REGION)]);
      replicaInEuWest1(w, 'ACTIVE');
      replicaLayers(w, false);
    },
  },
  {
    name: 'global-table-policy-any-region',
    world: 'guide',
    summary: `As global-table-policy-home-region-only, but the policy names ${ANY_REGION} (every replica): the policy checks pass; region.match warns (the cluster is in ${REGION}: every call crosses regions, but it works).`,
    mutate: (w) => {
      appInEuWest1(w, [replica(APP_REGION)]);
      replicaInEuWest1(w, 'ACTIVE');
      grantingPolicy(w).Statement[0].Resource = ANY_REGION;
      replicaLayers(w, true);
    },
  },
];

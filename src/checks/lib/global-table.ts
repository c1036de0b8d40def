/**
 * Global tables, version 2019.11.21: each replica is a table of the same name in its region, and
 * the app's SDK uses the one in its own region. DescribeTable lists the other regions' replicas
 * (DynamoDB Developer Guide, "Determining the version of a global table"); ReplicaStatus meanings
 * are those of the DynamoDB API Reference, ReplicaDescription.
 */
import type { GlobalTableFact, ReplicaFact, TableFact } from '../../facts/types.js';
import { comment, restartCommand, snippet } from './fix.js';
import type { CheckContext } from './types.js';

const statusOf = (r: ReplicaFact): string => `${r.status ?? 'of unknown status'}${r.percentProgress ? ` (${r.percentProgress}%)` : ''}`;

/** "global table (version 2019.11.21; other replicas: us-east-1 ACTIVE)", leaving out `region` itself. */
export function globalTableSummary(g: GlobalTableFact, region: string): string {
  const others = g.replicas.filter((r) => r.region !== region);
  const list = others.length ? others.map((r) => `${r.region} ${statusOf(r)}`).join(', ') : 'none listed';
  return `global table (version ${g.version ?? 'not reported'}; other replicas: ${list})`;
}

export const globalTableEvidence = (g: GlobalTableFact) => ({
  version: g.version ?? null,
  replicas: g.replicas.map((r) => ({ region: r.region, status: r.status ?? null, ...(r.statusDescription && { description: r.statusDescription }) })),
});

/** What another region's DescribeTable says of the replica in `region`: the target region's table, already read for its ARN. */
export interface ReplicaView {
  from: string;
  table: TableFact & { global: GlobalTableFact };
  replica?: ReplicaFact;
}

/** The target region's view of the replicas, when it is another region than `region` and its table is a global table; an optional hint. */
export async function replicaView(ctx: CheckContext, region: string): Promise<ReplicaView | undefined> {
  const from = await ctx.facts.region().catch(() => undefined);
  if (!from || from === region) return undefined;
  const table = await ctx.facts.table(from).catch(() => undefined);
  if (!table?.found || !table.global) return undefined;
  const replica = table.global.replicas.find((r) => r.region === region);
  return { from, table: table as ReplicaView['table'], ...(replica && { replica }) };
}

export const addReplicaCommand = (table: string, region: string, from: string): string =>
  `aws dynamodb update-table --region ${from} --table-name ${table} --replica-updates '[{"Create":{"RegionName":"${region}"}}]'`;

const removeReplicaCommand = (table: string, region: string, from: string): string =>
  `aws dynamodb update-table --region ${from} --table-name ${table} --replica-updates '[{"Delete":{"RegionName":"${region}"}}]'`;

const replicaQuery = (table: string, region: string, from: string): string =>
  `aws dynamodb describe-table --region ${from} --table-name ${table} --query "Table.Replicas[?RegionName=='${region}']"`;

/** Point the app at a region that holds a replica (or the table itself), then restart it. */
export function pointAppAt(ctx: CheckContext, region: string): string {
  const { namespace, deployment } = ctx.target;
  return snippet(`kubectl -n ${namespace} set env deployment/${deployment} AWS_REGION=${region}`, restartCommand(ctx.target));
}

/** ReplicaStatus values in which the replica serves reads and writes. */
export const SERVING_REPLICA = new Set(['ACTIVE', 'UPDATING']);

/**
 * Why a replica that is not ACTIVE fails the app's calls, and the fix. `from` is a region whose
 * table is ACTIVE (where the replica set is managed, and where the app could go meanwhile).
 */
export function replicaProblem(ctx: CheckContext, region: string, replica: ReplicaFact, from: string): { why: string; fix: string } {
  const name = ctx.target.table;
  const said = replica.statusDescription ? ` (${replica.statusDescription})` : '';
  const wait = `aws dynamodb wait table-exists --region ${region} --table-name ${name}`;
  const meanwhile = snippet(comment(`Meanwhile, or instead, point the app at the replica in ${from}:`), pointAppAt(ctx, from));
  switch (replica.status) {
    case 'CREATING':
      return {
        why: `the replica is still being created${said}; until it is ACTIVE the app's calls there answer ResourceNotFoundException`,
        fix: snippet(comment(`Wait until the replica in ${region} is ACTIVE:`), wait, replicaQuery(name, region, from)),
      };
    case 'CREATION_FAILED':
      return {
        why: `creating the replica failed${said}`,
        fix: snippet(
          comment('Read why it failed, fix that, then remove the failed replica and add it again:'),
          replicaQuery(name, region, from),
          removeReplicaCommand(name, region, from),
          addReplicaCommand(name, region, from),
          wait,
          meanwhile,
        ),
      };
    case 'DELETING':
      return {
        why: `the replica is being deleted${said}`,
        fix: snippet(comment(`Point the app at a replica that stays, or add ${region} again once the deletion is done:`), pointAppAt(ctx, from)),
      };
    case 'REGION_DISABLED':
      return {
        why: `region ${region} is disabled for the account${said}; after 20 hours DynamoDB removes the replica from the replication group`,
        fix: snippet(
          comment(`Enable the opt-in region ${region} again (AWS Account Management), then check the replica:`),
          `aws account enable-region --region-name ${region}`,
          replicaQuery(name, region, from),
          meanwhile,
        ),
      };
    case 'INACCESSIBLE_ENCRYPTION_CREDENTIALS': {
      const key = replica.kmsKeyId ?? '<KMS_KEY_ID>';
      return {
        why: `the replica's KMS key ${replica.kmsKeyId ?? '(not reported)'} is inaccessible${said}; after 20 hours DynamoDB removes the replica from the replication group`,
        fix: snippet(
          comment(`Make the replica's KMS key in ${region} usable again: enable it (or cancel its deletion) and keep DynamoDB's grants in its key policy:`),
          `aws kms describe-key --region ${region} --key-id ${key} --query KeyMetadata.KeyState`,
          `aws kms enable-key --region ${region} --key-id ${key}`,
          meanwhile,
        ),
      };
    }
    default:
      return {
        why: `its ReplicaStatus is ${replica.status ?? 'not reported'}${said}`,
        fix: snippet(replicaQuery(name, region, from), meanwhile),
      };
  }
}

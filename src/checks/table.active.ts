import { foundTable } from './lib/support.js';
import { comment, snippet } from './lib/fix.js';
import { globalTableSummary, replicaProblem, replicaView, SERVING_REPLICA } from './lib/global-table.js';
import type { ReplicaFact } from '../facts/types.js';
import { defineCheck, fail, pass, skip, type CheckContext } from './lib/types.js';

/** DynamoDB serves data in ACTIVE and UPDATING; every other status fails requests. */
const SERVING = new Set(['ACTIVE', 'UPDATING']);

export default defineCheck({
  meta: {
    id: 'table.active',
    dependsOn: ['table.exists'],
    title: 'The table (and every index the app queries) is ACTIVE',
    symptom: 'ResourceNotFoundException',
    docs:
      'Reads TableStatus and IndexStatus from DescribeTable. Data calls work only while the table is ACTIVE or UPDATING; ' +
      'a CREATING, DELETING, ARCHIVED or INACCESSIBLE_ENCRYPTION_CREDENTIALS table answers ResourceNotFoundException. ' +
      "Indexes the preset expects must be ACTIVE too. For a global table the table is the replica in the app's region: " +
      "its TableStatus, and its ReplicaStatus where another region's DescribeTable reports it (Replicas). A replica that is " +
      'CREATING, CREATION_FAILED, DELETING, REGION_DISABLED or INACCESSIBLE_ENCRYPTION_CREDENTIALS fails with the fix for that status.',
    remediation: 'Wait for the table to become ACTIVE (aws dynamodb wait table-exists), or fix what keeps it from being ACTIVE.',
  },
  async run(ctx) {
    const { region, table } = await foundTable(ctx);
    const name = ctx.target.table;
    if (!table.found) return skip('table.exists', `table ${name} was not found in ${region}`);
    const replica = await replicaHere(ctx, region, table.global?.replicas);
    const global = table.global ?? replica?.global;
    const what = global ? `Table ${name} in ${region}, the ${region} replica of a ${globalTableSummary(global, region)},` : `Table ${name} in ${region}`;
    const reported = replica
      ? `; ${replica.from} reports its ReplicaStatus ${replica.fact.status ?? 'not reported'}${replica.fact.percentProgress ? ` (${replica.fact.percentProgress}%)` : ''}`
      : '';
    const replicaEvidence = replica && { replicaStatus: replica.fact.status ?? null, reportedBy: replica.from };
    const wait = `aws dynamodb wait table-exists --region ${region} --table-name ${name}`;
    if (!table.status || !SERVING.has(table.status)) {
      return fail(
        `${what} is ${table.status ?? 'of unknown status'}, not ACTIVE${reported}.`,
        { expected: 'ACTIVE', actual: table.status ?? null, ...replicaEvidence },
        table.status === 'CREATING'
          ? snippet(comment('Wait until it is ACTIVE:'), wait)
          : snippet(
              comment(
                `Table ${name} is ${table.status}: restore or recreate it (an INACCESSIBLE_ENCRYPTION_CREDENTIALS table needs its KMS key re-enabled), then wait until it is ACTIVE:`,
              ),
              wait,
            ),
      );
    }
    if (replica?.fact.status && !SERVING_REPLICA.has(replica.fact.status)) {
      const { why, fix } = replicaProblem(ctx, region, replica.fact, replica.manageFrom);
      return fail(
        `${what} is ${table.status}, but its replica status is ${replica.fact.status}${reported}: ${why}.`,
        { expected: 'ACTIVE', actual: replica.fact.status, ...replicaEvidence },
        fix,
      );
    }
    const notActive = ctx.expect.gsis
      .map((g) => table.gsis.find((i) => i.name === g.name))
      .filter((i) => i && i.status !== 'ACTIVE' && i.status !== 'UPDATING');
    if (notActive.length > 0) {
      const list = notActive.map((i) => `${i!.name} is ${i!.status ?? 'of unknown status'}`).join(', ');
      return fail(
        `Table ${name} is ${table.status}, but index ${list}.`,
        { expected: 'ACTIVE', actual: Object.fromEntries(notActive.map((i) => [i!.name, i!.status ?? null])) },
        snippet(
          comment('Wait until the index is ACTIVE; its status:'),
          `aws dynamodb describe-table --region ${region} --table-name ${name} --query 'Table.GlobalSecondaryIndexes[].IndexStatus'`,
        ),
      );
    }
    const note = table.status === 'UPDATING' ? ' (UPDATING still serves reads and writes)' : '';
    return pass(`${what} is ${table.status}${note}${reported}.`, { status: table.status, ...replicaEvidence });
  },
});

/**
 * The ReplicaStatus of the replica in `region`: from its own DescribeTable if that lists it, else
 * from the target region's (already read for the table's ARN). Undefined for a one-region table.
 */
async function replicaHere(ctx: CheckContext, region: string, own: ReplicaFact[] | undefined) {
  const self = own?.find((r) => r.region === region);
  if (self) {
    // The replica set is managed from, and the app can meanwhile use, another ACTIVE replica.
    const other = own!.find((r) => r.region !== region && r.status === 'ACTIVE')?.region ?? region;
    return { fact: self, from: region, manageFrom: other, global: undefined };
  }
  const view = await replicaView(ctx, region);
  return view?.replica ? { fact: view.replica, from: view.from, manageFrom: view.from, global: view.table.global } : undefined;
}

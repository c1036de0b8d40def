// @ts-nocheck
import { foundTable } from './lib/support.js';
import { comment, snippet } from './lib/fix.js';
import { defineCheck, fail, pass, skip } from './lib/types.js';

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
      'Indexes the preset expects must be ACTIVE too.',
    remediation: 'Wait for the table to become ACTIVE (aws dynamodb wait table-exists), or fix what keeps it from being ACTIVE.',
  },
  async run(ctx) {
    const { region, table } = await foundTable(ctx);
    const name = ctx.target.table;
    if (!table.found) return skip('table.exists', `table ${name} was not found in ${region}`);
    const wait = `aws dynamodb wait table-exists --region ${region} --table-name ${name}`;
    if (!table.status || !SERVING.has(table.status)) {
      return fail(
        `Table ${name} in ${region} is ${table.status ?? 'of unknown status'}, not ACTIVE.`,
        { expected: 'ACTIVE', actual: table.status ?? null },
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
    return pass(`Table ${name} in ${region} is ${table.status}${note}.`, { status: table.status });
  },
});

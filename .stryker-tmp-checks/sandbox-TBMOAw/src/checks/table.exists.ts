// @ts-nocheck
import { createTableCommand, tableRegion } from './lib/support.js';
import { comment, restartCommand, snippet } from './lib/fix.js';
import { defineCheck, fail, pass } from './lib/types.js';

export default defineCheck({
  meta: {
    id: 'table.exists',
    dependsOn: [],
    title: 'The DynamoDB table exists in the region the app uses',
    symptom: 'ResourceNotFoundException',
    docs:
      'Runs DescribeTable for the table in the region the Cart container will call: its effective AWS_REGION ' +
      '(own env, else what the EKS webhook injects, else envFrom), or the target region when no Deployment is known. ' +
      'EKS never creates the table, and a table in another region is as good as missing: the app gets ResourceNotFoundException.',
    remediation: 'Create the table (setup guide step 1) in the region the app uses, or point the app at the region that has it.',
  },
  async run({ target, expect, facts }) {
    const { region, why } = await tableRegion({ target, expect, facts });
    const table = await facts.table(region);
    if (table.found) {
      return pass(`Table ${target.table} exists in ${region} (${table.arn ?? 'no ARN reported'}).`, { region, arn: table.arn, regionFrom: why });
    }
    // Optional hint: the table may exist in the target region while the app looks elsewhere.
    let elsewhere: string | undefined;
    const targetRegion = await facts.region().catch(() => undefined);
    if (targetRegion && targetRegion !== region) {
      const other = await facts.table(targetRegion).catch(() => undefined);
      if (other?.found) elsewhere = targetRegion;
    }
    const hint = elsewhere ? ` It exists in ${elsewhere}: the app calls the wrong region.` : '';
    return fail(
      `Table ${target.table} was not found in ${region}, ${why}.${hint}`,
      { expected: { table: target.table, region }, actual: 'ResourceNotFoundException', existsIn: elsewhere ?? null },
      elsewhere
        ? snippet(
            comment(`Point the app at ${elsewhere}, where the table is:`),
            `kubectl -n ${target.namespace} set env deployment/${target.deployment} AWS_REGION=${elsewhere}`,
            restartCommand(target),
            comment(`or create the table in ${region}: aws dynamodb create-table --region ${region} --table-name ${target.table} …`),
          )
        : snippet(
            comment(`Create the table in ${region} (setup guide step 1), unless it exists by now, and wait until it is ACTIVE:`),
            `aws dynamodb describe-table --region ${region} --table-name ${target.table} >/dev/null 2>&1 ||`,
            `  ${createTableCommand(target, expect, region).split('\n').join('\n  ')}`,
            `aws dynamodb wait table-exists --region ${region} --table-name ${target.table}`,
          ),
    );
  },
});

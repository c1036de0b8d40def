import { createTableCommand, tableRegion } from './lib/support.js';
import { comment, restartCommand, snippet } from './lib/fix.js';
import { addReplicaCommand, globalTableEvidence, globalTableSummary, pointAppAt, replicaView, SERVING_REPLICA } from './lib/global-table.js';
import { defineCheck, fail, pass, type CheckContext, type Outcome } from './lib/types.js';

export default defineCheck({
  meta: {
    id: 'table.exists',
    dependsOn: [],
    title: 'The DynamoDB table exists in the region the app uses',
    symptom: 'ResourceNotFoundException',
    docs:
      'Runs DescribeTable for the table in the region the Cart container will call: its effective AWS_REGION ' +
      '(own env, else what the EKS webhook injects, else envFrom), or the target region when no Deployment is known. ' +
      'EKS never creates the table, and a table in another region is as good as missing: the app gets ResourceNotFoundException. ' +
      'For a global table (version 2019.11.21) the replica in that region is the table: the result names the other replicas ' +
      "(DescribeTable's Replicas). A replica that the target region's table lists but DescribeTable does not find in the app's " +
      'region is not seen to exist and fails; no replica there fails with the update-table command that adds one. ' +
      '(moto, the emulator of the live tests, ignores ReplicaUpdates and returns no Replicas: global tables are tested with recorded answers.)',
    remediation:
      'Create the table (setup guide step 1) in the region the app uses, or point the app at the region that has it; for a global table, add a replica in that region.',
  },
  async run(ctx) {
    const { target } = ctx;
    const { region, why } = await tableRegion(ctx);
    const table = await ctx.facts.table(region);
    if (table.found) {
      // Another region's view counts only when it lists a replica here: else this is a table of its own.
      const view = table.global ? undefined : await replicaView(ctx, region);
      const global = table.global ?? (view?.replica ? view.table.global : undefined);
      const note = global ? ` It is the ${region} replica of a ${globalTableSummary(global, region)}.` : '';
      return pass(`Table ${target.table} exists in ${region} (${table.arn ?? 'no ARN reported'}).${note}`, {
        region,
        arn: table.arn,
        regionFrom: why,
        ...(global && { globalTable: globalTableEvidence(global) }),
      });
    }
    const globalMiss = await missingReplica(ctx, region, why);
    if (globalMiss) return globalMiss;
    // Optional hint: the table may exist in the target region while the app looks elsewhere.
    let elsewhere: string | undefined;
    const targetRegion = await ctx.facts.region().catch(() => undefined);
    if (targetRegion && targetRegion !== region) {
      const other = await ctx.facts.table(targetRegion).catch(() => undefined);
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
            `  ${createTableCommand(target, ctx.expect, region).split('\n').join('\n  ')}`,
            `aws dynamodb wait table-exists --region ${region} --table-name ${target.table}`,
          ),
    );
  },
});

/**
 * Not found in the app's region, and the target region's table is a global table: a replica it
 * lists there was not seen (DescribeTable did not return it), or there is none to use.
 */
async function missingReplica(ctx: CheckContext, region: string, why: string): Promise<Outcome | undefined> {
  const view = await replicaView(ctx, region);
  if (!view) return undefined;
  const name = ctx.target.table;
  const { from, replica } = view;
  const global = view.table.global;
  const evidence = {
    expected: { table: name, region },
    actual: 'ResourceNotFoundException',
    existsIn: from,
    globalTable: globalTableEvidence(global),
    replicaListedIn: replica ? { region, status: replica.status ?? null, reportedBy: from } : null,
  };
  const summary = globalTableSummary(global, from);
  if (replica) {
    const creating = replica.status === 'CREATING';
    return fail(
      `Table ${name} was not found in ${region}, ${why}. Table ${name} in ${from} is a ${summary}, and lists a replica in ${region} ` +
        `(ReplicaStatus ${replica.status ?? 'not reported'}), but DescribeTable in ${region} did not return it: it is not seen to exist there.`,
      evidence,
      creating || SERVING_REPLICA.has(replica.status ?? '')
        ? snippet(
            comment(`Wait until the replica in ${region} answers DescribeTable (ACTIVE), or point the app at ${from}:`),
            `aws dynamodb wait table-exists --region ${region} --table-name ${name}`,
            pointAppAt(ctx, from),
          )
        : snippet(
            comment(`The replica in ${region} is ${replica.status ?? 'of unknown status'}: point the app at ${from}, or add the replica again:`),
            pointAppAt(ctx, from),
            addReplicaCommand(name, region, from),
          ),
    );
  }
  const serving = [from, ...global.replicas.filter((r) => r.status === 'ACTIVE').map((r) => r.region)];
  return fail(
    `Table ${name} was not found in ${region}, ${why}. Table ${name} in ${from} is a ${summary}: none in ${region}, so the app's calls there answer ResourceNotFoundException.`,
    evidence,
    snippet(
      comment(`Add a replica of ${name} in ${region} (DynamoDB copies the data there), and wait until it is ACTIVE:`),
      addReplicaCommand(name, region, from),
      `aws dynamodb wait table-exists --region ${region} --table-name ${name}`,
      comment(`or point the app at a region that has a replica (${serving.join(', ')}):`),
      pointAppAt(ctx, from),
    ),
  );
}

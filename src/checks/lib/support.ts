import { FactUnavailable } from '../../errors.js';
import type { CheckContext } from './types.js';
import { parseArn } from '../../facts/arn.js';
import type { Facts, GlobalTableFact } from '../../facts/types.js';
import type { Expectations, Target } from '../../config/types.js';

/**
 * The region the app sends DynamoDB calls to: its effective AWS_REGION when the Deployment
 * is known, else the target region (said in `why`, so the verdict stays honest).
 */
export async function tableRegion(ctx: CheckContext): Promise<{ region: string; why: string }> {
  try {
    const app = await ctx.facts.appRegion();
    if (app.region) return { region: app.region, why: `the app's region (${app.detail})` };
  } catch (err) {
    if (!(err instanceof FactUnavailable)) throw err;
  }
  return { region: await ctx.facts.region(), why: 'the target region' };
}

/** `aws dynamodb create-table` for the expected schema, GSIs included. */
export function createTableCommand(target: Target, expect: Expectations, region: string): string {
  const attrs = new Map<string, string>([[expect.partitionKey.name, expect.partitionKey.type]]);
  for (const g of expect.gsis) attrs.set(g.hashKey.name, g.hashKey.type);
  const parts = [
    `aws dynamodb create-table --region ${region} --table-name ${target.table}`,
    `--attribute-definitions ${[...attrs].map(([n, t]) => `AttributeName=${n},AttributeType=${t}`).join(' ')}`,
    `--key-schema AttributeName=${expect.partitionKey.name},KeyType=HASH`,
    `--billing-mode ${expect.billingMode}`,
  ];
  if (expect.gsis.length > 0) {
    const gsis = expect.gsis.map(
      (g) => `{"IndexName":"${g.name}","KeySchema":[{"AttributeName":"${g.hashKey.name}","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}`,
    );
    parts.push(`--global-secondary-indexes '[${gsis.join(',')}]'`);
  }
  return parts.join(' \\\n  ');
}

/** The table as the app sees it (in the app's region); the caller decides what its absence means. */
export async function foundTable(ctx: CheckContext) {
  const { region } = await tableRegion(ctx);
  const table = await ctx.facts.table(region);
  return { region, table };
}

/**
 * The table's ARN and whether DescribeTable returned it. `facts.tableArn()` falls back to the ARN
 * the table would have (target region, the role's account) when DescribeTable finds nothing: right
 * for a fix or for the ARN a policy must name, never evidence of where the table is (SPEC §6).
 * For a global table it is the replica the app writes to: `region` is that replica's region, and
 * `global` the target region's view of the replicas.
 */
export async function tableArnSeen(facts: Facts): Promise<{ arn: string; observed: boolean; region: string; table: string; global?: GlobalTableFact }> {
  const arn = await facts.tableArn();
  const targetRegion = await facts.region();
  const target = await facts.table(targetRegion);
  const region = parseArn(arn)?.region || targetRegion;
  const table = region === targetRegion ? target : await facts.table(region).catch(() => undefined);
  return { arn, observed: !!table?.found && table.arn === arn, region, table: target.name, ...(target.global && { global: target.global }) };
}

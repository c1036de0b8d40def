import { FactUnavailable } from '../errors.js';
import { parseArn } from '../facts/arn.js';
import type { Facts } from '../facts/types.js';
import { comment, replacePolicyCommands, restartCommand, snippet, statementJson } from './lib/fix.js';
import { replicaView } from './lib/global-table.js';
import { defineCheck, fail, pass, skip, warn, type CheckContext } from './lib/types.js';

/**
 * Regions of the dynamodb ARNs that name this table in Allow statements (`*` regions say
 * nothing). No role means no policy to compare; a role whose policies cannot be read is an error.
 */
async function policyRegions(facts: Facts, table: string): Promise<string[] | undefined> {
  const ref = await facts.roleRef();
  if (!ref || !(await facts.role()).found) return undefined;
  const { identity } = await facts.policies();
  const regions = new Set<string>();
  for (const p of identity) {
    for (const s of p.document.statements) {
      if (s.effect !== 'Allow') continue;
      for (const r of s.resource ?? []) {
        const arn = parseArn(r);
        if (arn?.service !== 'dynamodb' || !arn.region || arn.region.includes('*')) continue;
        if (arn.resource === `table/${table}` || arn.resource.startsWith(`table/${table}/`)) regions.add(arn.region);
      }
    }
  }
  return [...regions];
}

/**
 * The table the app calls, and its region only when DescribeTable returned it: the target region's
 * table, or for a global table the replica in the app's region (each replica is a table of its own).
 */
async function observedTable(ctx: CheckContext): Promise<{ region?: string; lookedIn: string; replica?: boolean }> {
  const { facts } = ctx;
  const lookedIn = await facts.region();
  const table = await facts.table(lookedIn);
  if (!table.found) return { lookedIn };
  const app = (await facts.appRegion()).region;
  if (app && (await replicaView(ctx, app))?.replica) {
    const there = await facts.table(app);
    return there.found ? { region: app, lookedIn, replica: true } : { region: table.region, lookedIn };
  }
  return { region: (table.arn && parseArn(table.arn)?.region) || table.region, lookedIn };
}

/** Each policy that names this table in another region, rewritten with `want` in those ARNs. */
async function policyRegionFixes(facts: Facts, table: string, want: string): Promise<string[]> {
  const ref = await facts.roleRef();
  if (!ref || !(await facts.role()).found) return [];
  const wrongRegion = (r: string) => {
    const arn = parseArn(r);
    return (
      arn?.service === 'dynamodb' &&
      !!arn.region &&
      !arn.region.includes('*') &&
      arn.region !== want &&
      (arn.resource === `table/${table}` || arn.resource.startsWith(`table/${table}/`))
    );
  };
  const fix = (r: string) => (wrongRegion(r) ? r.replace(/^(arn:[^:]+:dynamodb:)[^:]*/, `$1${want}`) : r);
  return (await facts.policies()).identity
    .filter((p) => p.document.statements.some((st) => st.effect === 'Allow' && (st.resource ?? []).some(wrongRegion)))
    .map((p) =>
      snippet(
        comment(`Use ${want} in the table ARNs of ${p.name}:`),
        replacePolicyCommands(
          p,
          ref.name,
          // Only Allow statements: a Deny moved into the table's region would deny what the app does.
          p.document.statements.map((st) => statementJson(st.resource && st.effect === 'Allow' ? { ...st, resource: st.resource.map(fix) } : st)),
        ),
      ),
    );
}

export default defineCheck({
  meta: {
    id: 'region.match',
    dependsOn: ['deployment.service-account'],
    title: 'The app, the table, the cluster and the policy ARNs use one region',
    symptom: 'ResourceNotFoundException',
    docs:
      "Compares the region the Cart container's SDK will use (its own AWS_REGION, else the cluster region the EKS webhook " +
      'injects, else envFrom), the region in the table ARN, the cluster region and the regions in the policy ARNs that name ' +
      'the table. A table is regional: an app calling another region gets ResourceNotFoundException. For a global table, the ' +
      "table is the replica in the app's region. When only the cluster's region differs (the app, its table and the policy ARNs " +
      'agree), the calls work but cross regions: a warn. Setting only ' +
      'AWS_DEFAULT_REGION stops the webhook from injecting AWS_REGION, which Java v2 and JS v3 need.',
    remediation: 'Set AWS_REGION on the Cart container to the table region, and use that region in the policy ARNs.',
  },
  async run(ctx) {
    const { target, facts } = ctx;
    const deployment = await facts.deployment();
    if (!deployment.found) return skip('deployment.service-account', `Deployment ${target.namespace}/${target.deployment} was not found`);
    const app = await facts.appRegion();
    const setEnv = (region: string) =>
      snippet(`kubectl -n ${target.namespace} set env deployment/${target.deployment} AWS_REGION=${region}`, restartCommand(target));
    // Only regions the run saw count: a table DescribeTable did not return, or a cluster
    // DescribeCluster did not find, has no region to compare (SPEC §6: no false pass).
    const table = await observedTable(ctx);
    const tableRegion = table.region;
    const appRegion = app.region;
    if (!appRegion) {
      return fail(
        `The app has no AWS_REGION: ${app.detail}.`,
        { expected: tableRegion ?? null, actual: null, detail: app.detail },
        snippet(
          !tableRegion &&
            comment(`the table's region is unknown in this run (${target.table} was not found in ${table.lookedIn}): put it in place of <REGION>`),
          setEnv(tableRegion ?? '<REGION>'),
        ),
      );
    }
    const cluster = await facts.cluster();
    const clusterRegion = cluster.found ? cluster.region : undefined;
    // The webhook injects the cluster's region: without the cluster, that region is a guess.
    const appSeen = app.source !== 'webhook' || !!clusterRegion;
    const policy = await policyRegions(facts, target.table);
    const seen: [string, string][] = [
      ...(appSeen ? [[`app (${app.source === 'webhook' ? 'injected by the webhook' : app.source})`, appRegion] as [string, string]] : []),
      ...(tableRegion ? [['table', tableRegion] as [string, string]] : []),
      ...(clusterRegion ? [['cluster', clusterRegion] as [string, string]] : []),
      ...(policy ?? []).map((r) => ['policy ARN', r] as [string, string]),
    ];
    const notCompared = [
      !appSeen && `app (the webhook injects the cluster's region, and cluster ${cluster.name} was not found)`,
      !tableRegion && `table (${target.table} was not found in ${table.lookedIn}; see table.exists)`,
      !clusterRegion && `cluster (${cluster.name} was not found)`,
      policy === undefined && 'policy ARNs (no role to read them from)',
    ].filter((x): x is string => !!x);
    const replicaNote = table.replica ? ` (the replica of global table ${target.table})` : '';
    const summary = seen.map(([what, r]) => `${what}: ${r}${what === 'table' ? replicaNote : ''}`).join(', ');
    const unseen = notCompared.length ? ` (not compared: ${notCompared.join(', ')})` : '';
    const evidence = { regions: Object.fromEntries(seen.map(([w, r]) => [w, r])), notCompared };
    if (seen.length < 2) throw new FactUnavailable('failed', `only one region is known (${summary}); nothing to compare`);
    const distinct = new Set(seen.map(([, r]) => r));
    if (distinct.size === 1) {
      // What could not be compared was not seen to match: a warn that says which, not a pass.
      if (notCompared.length)
        return warn(
          `One region where it could be seen: ${summary}${unseen}.`,
          evidence,
          tableRegion
            ? comment('Fix what keeps the rest from being compared (see sa.annotation and the cluster), then run again.')
            : comment(
                `Create table ${target.table} in ${[...distinct][0]} (see table.exists), then run again: only a table DescribeTable returns has a region to compare.`,
              ),
        );
      return pass(`One region everywhere: ${summary}.`, evidence);
    }
    // The SDK calls the region it is given: a table there answers, wherever the cluster runs.
    const awayFromCluster = seen.filter(([what]) => what !== 'cluster');
    if (clusterRegion && appSeen && tableRegion && new Set(awayFromCluster.map(([, r]) => r)).size === 1 && !notCompared.length) {
      return warn(
        `The app, the table it calls and the policy ARNs use ${appRegion}; the cluster is in ${clusterRegion}: ${summary}. ` +
          'Every call crosses regions (latency, data transfer cost), but it works.',
        evidence,
        snippet(
          comment(
            table.replica
              ? `To call the replica next to the cluster instead (global table ${target.table} has one in ${clusterRegion}):`
              : `To keep calls in one region, create the table in ${clusterRegion} and then:`,
          ),
          setEnv(clusterRegion),
        ),
      );
    }
    const want = tableRegion ?? clusterRegion ?? appRegion;
    const fixes = snippet(appRegion !== want && setEnv(want), ...(await policyRegionFixes(facts, target.table, want)));
    return fail(`Regions differ: ${summary}${unseen}.`, evidence, fixes || comment(`Create the table in the cluster's region, or point the app at ${want}.`));
  },
});

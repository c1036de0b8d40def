// @ts-nocheck
import { FactUnavailable } from '../errors.js';
import { parseArn } from '../facts/arn.js';
import type { Facts } from '../facts/types.js';
import { comment, replacePolicyCommands, restartCommand, snippet, statementJson } from './lib/fix.js';
import { defineCheck, fail, pass, skip, warn } from './lib/types.js';

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
          p.document.statements.map((st) => statementJson(st.resource ? { ...st, resource: st.resource.map(fix) } : st)),
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
      'the table. A table is regional: an app calling another region gets ResourceNotFoundException. Setting only ' +
      'AWS_DEFAULT_REGION stops the webhook from injecting AWS_REGION, which Java v2 and JS v3 need.',
    remediation: 'Set AWS_REGION on the Cart container to the table region, and use that region in the policy ARNs.',
  },
  async run({ target, facts }) {
    const deployment = await facts.deployment();
    if (!deployment.found) return skip('deployment.service-account', `Deployment ${target.namespace}/${target.deployment} was not found`);
    const app = await facts.appRegion();
    const setEnv = (region: string) =>
      snippet(`kubectl -n ${target.namespace} set env deployment/${target.deployment} AWS_REGION=${region}`, restartCommand(target));
    const tableRegion = parseArn(await facts.tableArn())?.region;
    if (!app.region) {
      return fail(
        `The app has no AWS_REGION: ${app.detail}.`,
        { expected: tableRegion ?? null, actual: null, detail: app.detail },
        snippet(
          !tableRegion && comment("the table's region is unknown in this run (no table ARN): put it in place of <REGION>"),
          setEnv(tableRegion ?? '<REGION>'),
        ),
      );
    }
    const cluster = await facts.cluster();
    const policy = await policyRegions(facts, target.table);
    const seen: [string, string][] = [
      [`app (${app.source === 'webhook' ? 'injected by the webhook' : app.source})`, app.region],
      ...(tableRegion ? [['table', tableRegion] as [string, string]] : []),
      ...(cluster.region ? [['cluster', cluster.region] as [string, string]] : []),
      ...(policy ?? []).map((r) => ['policy ARN', r] as [string, string]),
    ];
    const notCompared = [!cluster.region && 'cluster (not found)', policy === undefined && 'policy ARNs (no role to read them from)'].filter(Boolean);
    const summary = seen.map(([what, r]) => `${what}: ${r}`).join(', ');
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
          comment('Fix what keeps the rest from being compared (see sa.annotation and the cluster), then run again.'),
        );
      return pass(`One region everywhere: ${summary}.`, evidence);
    }
    const want = tableRegion ?? cluster.region ?? app.region;
    const fixes = snippet(app.region !== want && setEnv(want), ...(await policyRegionFixes(facts, target.table, want)));
    return fail(`Regions differ: ${summary}${unseen}.`, evidence, fixes || comment(`Create the table in the cluster's region, or point the app at ${want}.`));
  },
});

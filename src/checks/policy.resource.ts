import { actionMatches, literalVariables, resourceMatches, statementAppliesTo } from '../iam/match.js';
import type { Statement } from '../iam/types.js';
import { comment, replacePolicyCommands, snippet, statementJson } from './lib/fix.js';
import { arnDifference, grantCommands, grantStatements, policySetup, refName, unlessTableUnseen, type NeededPermission } from './lib/policy-analysis.js';
import { tableGrantsFor } from './lib/table-policy.js';
import { defineCheck, fail, pass, warn } from './lib/types.js';

interface Located {
  st: Statement;
  policy: string;
  literal: boolean;
}

const grantsAction = (st: Statement, action: string): boolean =>
  st.action ? st.action.some((p) => actionMatches(p, action)) : !!st.notAction && !st.notAction.some((p) => actionMatches(p, action));
const covers = (x: Located, n: NeededPermission): boolean =>
  grantsAction(x.st, n.action) && statementAppliesTo(x.st, n.action, n.resource, { literalVariables: x.literal });
const where = (x: Located): string => refName({ source: x.policy, index: x.st.index, ...(x.st.sid && { sid: x.st.sid }) });
const hasGlob = (p: string): boolean => /[*?]/.test(p);

/** The table ARN with `*` for its region: the documented way to grant every replica of a global table. */
const anyRegion = (arn: string): string => arn.replace(/^(arn:[^:]+:dynamodb:)[^:]*/, '$1*');

/** The wildcards through which a granting statement reaches the app's calls (least privilege). */
function wildcards(x: Located, needed: NeededPermission[], tableArn: string, globalTable: boolean): string[] {
  const reached = needed.filter((n) => covers(x, n));
  const out: string[] = [];
  const exact = new Set([tableArn, ...(globalTable ? [anyRegion(tableArn)] : [])]);
  if (x.st.notResource) out.push(`NotResource ${JSON.stringify(x.st.notResource)} in ${where(x)}`);
  for (const p of x.st.resource ?? []) {
    // TABLE/index/* is the documented way to grant a table's indexes; it reaches nothing else.
    // For a global table, the same with `*` as the region names the table in each replica's region.
    const documented = [...exact].some((t) => p === t || p === `${t}/index/*`) || (globalTable && needed.some((n) => anyRegion(n.resource) === p));
    if (!hasGlob(p) || documented || !reached.some((n) => resourceMatches(p, n.resource, { literalVariables: x.literal }))) continue;
    const twin = /table\/([^/*?]+)\*$/.exec(p);
    out.push(`Resource ${p} in ${where(x)}${twin ? ` (also matches table/${twin[1]}2 and the like)` : ''}`);
  }
  if (x.st.notAction) out.push(`NotAction ${JSON.stringify(x.st.notAction)} in ${where(x)}`);
  for (const p of x.st.action ?? []) {
    if (hasGlob(p) && reached.some((n) => actionMatches(p, n.action))) out.push(`Action ${p} in ${where(x)}`);
  }
  return out;
}

export default defineCheck({
  meta: {
    id: 'policy.resource',
    dependsOn: ['sa.annotation'],
    title: 'The granting statements name the real table (and index) ARN, no wider',
    symptom: 'AccessDeniedException',
    docs:
      "Looks at the Allow statements that grant the app's DynamoDB actions and compares their Resource with the real table " +
      'ARN (and index ARN where the app queries an index): an ARN with another region, account or table name grants ' +
      'nothing the app uses. Grants that work only through wildcards (*, table/*, table/Items*, dynamodb:*) are a ' +
      'least-privilege warning. For a global table the real ARN is that of the replica in the region the app writes to ' +
      '(its AWS_REGION); the table name with `*` as the region (arn:aws:dynamodb:*:ACCOUNT:table/NAME) grants every replica ' +
      'and is not a wildcard warning there.',
    remediation: 'Name the exact table ARN (and index ARN) in the policy (setup guide step 3).',
  },
  async run(ctx) {
    const s = await policySetup(ctx);
    if ('status' in s) return s;
    const allows: Located[] = s.policies.identity.flatMap((p) =>
      p.document.statements.filter((st) => st.effect === 'Allow').map((st) => ({ st, policy: p.name, literal: literalVariables(p.document.version) })),
    );
    const relevant = allows.filter((x) => s.needed.some((n) => grantsAction(x.st, n.action)));
    const named = [...new Set(relevant.flatMap((x) => x.st.resource ?? (x.st.notResource ?? []).map((r) => `NotResource ${r}`)))];
    const expected = [...new Set(s.needed.map((n) => n.resource))];
    const evidence = { expected, actual: named };
    const actions = [...new Set(s.needed.map((n) => n.action))];
    if (!relevant.length && (await tableGrantsFor(ctx.facts, s, s.needed)).some((g) => g?.result !== 'allow')) {
      return fail(
        `No Allow statement in the policies of ${s.roleName} grants ${actions.join(', ')} on any resource.`,
        evidence,
        snippet(comment('Grant them on the exact ARNs (setup guide step 3):'), grantCommands(s.roleName, s.needed)),
      );
    }

    if (!relevant.length) {
      return pass(
        `No statement in the policies of ${s.roleName} grants the app's calls; the table's resource policy grants them all to the role (see policy.actions).`,
        {
          ...evidence,
          grantedByTablePolicy: s.needed,
        },
      );
    }
    // Same account, calls the table's resource policy grants the role are covered there (policy.actions names the grant).
    const notInIdentity = s.needed.filter((n) => !relevant.some((x) => covers(x, n)));
    const tableGrants = await tableGrantsFor(ctx.facts, s, notInIdentity);
    const uncovered = notInIdentity.filter((_, i) => tableGrants[i]?.result !== 'allow');
    if (uncovered.length) {
      const missing = [...new Set(uncovered.map((n) => n.resource))];
      const lines = missing.map((resource) => {
        const calls = uncovered.filter((n) => n.resource === resource).map((n) => n.action);
        const granting = relevant.filter((x) => calls.some((a) => grantsAction(x.st, a)));
        const diffs = [
          ...new Set(
            granting.flatMap((x) =>
              x.st.notResource
                ? [`NotResource ${JSON.stringify(x.st.notResource)}, which excludes it`]
                : (x.st.resource ?? []).map((p) => `${p} (${arnDifference(p, resource).join('; ') || 'does not match'})`),
            ),
          ),
        ];
        if (!diffs.length) return `${calls.join(', ')} on ${resource}: no Allow statement grants ${calls.length > 1 ? 'these actions' : 'this action'}`;
        return `${calls.join(', ')} on ${resource}: the granting statements name ${diffs.join(', ')}`;
      });
      const global = s.tableSeen.global;
      const replicaNote = global
        ? ` Table ${s.tableSeen.table} is a global table: the app writes to its replica in ${s.tableSeen.region}, and IAM authorizes each call against that replica's ARN, not the ARN of another region's replica.`
        : '';
      return fail(
        `The policies of ${s.roleName} do not cover every call the app makes on its real ARNs. ${lines.join('. ')}.${replicaNote}`,
        { ...evidence, uncovered, ...(global && { writeRegion: s.tableSeen.region, replicaRegions: global.replicas.map((r) => r.region) }) },
        snippet(
          comment(`Grant the calls on ${missing.join(' and ')} (setup guide step 3); or put these ARNs in the Resource of the granting statement:`),
          grantCommands(s.roleName, uncovered),
          global && comment(`or grant every replica at once with ${anyRegion(s.tableArn)} as the Resource.`),
        ),
      );
    }

    const granting = relevant.filter((x) => s.needed.some((n) => covers(x, n)));
    const wide = [...new Set(granting.flatMap((x) => wildcards(x, s.needed, s.tableArn, !!s.tableSeen.global)))];
    if (wide.length) {
      // Each policy loses its wildcard grants; the first one gets the exact statements instead.
      const policies = s.policies.identity.filter((p) => granting.some((x) => x.policy === p.name));
      const rewrites = policies.map((p, i) => {
        const kept = p.document.statements.filter((st) => !granting.some((x) => x.policy === p.name && x.st.index === st.index)).map(statementJson);
        return replacePolicyCommands(p, s.roleName, i === 0 ? [...kept, ...grantStatements(s.needed)] : kept);
      });
      return warn(
        `The app's calls are granted, but through wildcards: ${wide.join('; ')}. Least privilege names the exact actions and ARNs.`,
        { ...evidence, wildcards: wide },
        snippet(
          comment(
            'Replace the wildcard grants with the exact actions and ARNs. Review first: the removed statements may grant other things something else needs.',
          ),
          ...rewrites,
        ),
      );
    }
    const fromTable = notInIdentity.filter((n) => !uncovered.includes(n));
    const tableNote = fromTable.length
      ? ` ${[...new Set(fromTable.map((n) => n.action))].join(', ')} ${fromTable.length > 1 ? 'are' : 'is'} granted by the table's resource policy instead.`
      : '';
    const everyReplica = s.tableSeen.global && granting.some((x) => (x.st.resource ?? []).some((p) => p.startsWith(anyRegion(s.tableArn))));
    const replicaNote = everyReplica
      ? ` Table ${s.tableSeen.table} is a global table: ${anyRegion(s.tableArn)} names it in every replica's region, ${s.tableSeen.region} (where the app writes) included.`
      : '';
    return unlessTableUnseen(
      s,
      pass(`The statements granting the app's calls name ${expected.join(' and ')} exactly.${tableNote}${replicaNote}`, {
        ...evidence,
        ...(fromTable.length && { grantedByTablePolicy: fromTable }),
      }),
    );
  },
});

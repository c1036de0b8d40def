import { actionMatches, statementAppliesTo } from '../iam/match.js';
import type { Statement } from '../iam/types.js';
import { grantStatement, isOutcome, policySetup } from './policy-analysis.js';
import { defineCheck, fail, pass, warn } from './types.js';

const grants = (st: Statement, action: string) => st.effect === 'Allow' && (st.action ? st.action.some((p) => actionMatches(p, action)) : !(st.notAction ?? []).some((p) => actionMatches(p, action)));
const broad = (pattern: string) => /[*?]/.test(pattern);

export default defineCheck({
  meta: {
    id: 'policy.resource',
    title: 'The granting statements name the real table (and index) ARN, no wider',
    symptom: 'AccessDeniedException',
    docs:
      "Looks at the Allow statements that grant the app's DynamoDB actions and compares their Resource with the real table " +
      'ARN (and index ARN where the app queries an index): an ARN with another region, account or table name grants ' +
      'nothing the app uses. Grants that work only through wildcards (*, table/*, table/Items*, dynamodb:*) are a ' +
      'least-privilege warning.',
    remediation: 'Name the exact table ARN (and index ARN) in the policy (setup guide step 3).',
  },
  async run(ctx) {
    const s = await policySetup(ctx);
    if (isOutcome(s)) return s;
    const statements = s.policies.identity.flatMap((p) => p.document.statements.map((st) => ({ st, source: p.name })));
    const relevant = statements.filter(({ st }) => s.needed.some((n) => grants(st, n.action)));
    const named = [...new Set(relevant.flatMap(({ st }) => st.resource ?? (st.notResource ?? []).map((r) => `NotResource ${r}`)))];
    const evidence = { expected: [...new Set(s.needed.map((n) => n.resource))], actual: named };
    const fixCmd = `cat > cart-access.json <<'JSON'\n  ${grantStatement(s.needed)}\n  JSON\n  aws iam put-role-policy --role-name ${s.role.ref.name} --policy-name cart-dynamodb-access --policy-document file://cart-access.json`;
    if (!relevant.length) return fail(`No Allow statement of ${s.role.ref.name} grants the app's DynamoDB actions.`, evidence, `Grant them on the exact ARNs (setup guide step 3):\n  ${fixCmd}`);

    const uncovered = s.needed.filter((n) => !relevant.some(({ st }) => grants(st, n.action) && statementAppliesTo(st, n.action, n.resource)));
    if (uncovered.length) {
      const missing = [...new Set(uncovered.map((n) => n.resource))];
      return fail(
        `The policy names ${named.join(', ') || 'no resource'}, which does not cover ${missing.join(', ')} (${uncovered.map((n) => n.action).join(', ')}).`,
        evidence,
        `Use the real ARNs (check region, account and table name):\n  ${fixCmd}`,
      );
    }
    const wide = relevant.flatMap(({ st, source }) => [
      ...(st.resource ?? ['NotResource']).filter(broad).map((r) => `Resource ${r} (${source})`),
      ...(st.action ?? ['NotAction']).filter((a) => a === 'NotAction' || broad(a)).map((a) => `Action ${a} (${source})`),
    ]);
    if (wide.length) return warn(`The app's calls are allowed, but through wildcards: ${[...new Set(wide)].join(', ')}. Least privilege names the exact actions and ARNs.`, { ...evidence, wildcards: wide }, `Narrow the statement to:\n  ${grantStatement(s.needed)}`);
    return pass(`The granting statements name ${evidence.expected.join(' and ')} exactly.`, evidence);
  },
});

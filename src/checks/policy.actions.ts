import { evaluateIdentity } from '../iam/evaluate.js';
import type { Decision, StatementRef } from '../iam/types.js';
import { grantStatement, isOutcome, policySetup } from './policy-analysis.js';
import { defineCheck, fail, pass, warn } from './types.js';

const refName = (r: StatementRef) => `${r.source}${r.sid ? ` (Sid ${r.sid})` : ` statement #${r.index}`}`;

function why(d: Decision, boundary?: string): string {
  if (d.explicitDeny) return `explicit Deny in ${d.deniedBy.map(refName).join(', ')}`;
  if (d.deniedAt === 'boundary') return `the permissions boundary ${boundary ?? ''} does not allow it`;
  return 'no identity policy allows it';
}

export default defineCheck({
  meta: {
    id: 'policy.actions',
    title: "The role's policies allow every action the app calls, on the table and index ARNs",
    symptom: 'AccessDeniedException',
    docs:
      "Evaluates the role's identity policies (default versions of attached managed policies, plus inline ones) with IAM's " +
      'rules for each action the app needs on the exact table ARN (and index ARN for index queries): explicit Deny wins, an ' +
      'Allow is needed, and a permissions boundary must allow too. A condition the doctor cannot decide makes it a warning ' +
      'that names the condition, never a pass.',
    remediation: 'Grant the missing actions on the exact table and index ARNs (setup guide step 3), and remove any Deny.',
  },
  async run(ctx) {
    const s = await policySetup(ctx);
    if (isOutcome(s)) return s;
    const boundary = s.policies.boundary;
    const cells = s.needed.map((n) => ({ ...n, decision: evaluateIdentity(s.policies.identity.map((p) => p.document), { ...n, context: s.context }, boundary ? [boundary.document] : undefined) }));
    const matrix = cells.map((c) => ({ action: c.action, resource: c.resource, decision: c.decision.result, ...(c.decision.result !== 'allow' && { why: c.decision.result === 'deny' ? why(c.decision, boundary?.name) : undefined }) }));
    const role = s.role.ref.name;
    const denied = cells.filter((c) => c.decision.result === 'deny');
    if (denied.length) {
      const lines = denied.map((c) => `${c.action} on ${c.resource}: ${why(c.decision, boundary?.name)}`);
      const explicit = denied.some((c) => c.decision.explicitDeny);
      const viaBoundary = denied.some((c) => c.decision.deniedAt === 'boundary' && !c.decision.explicitDeny);
      const fixes = [
        `Grant them (setup guide step 3):\n  cat > cart-access.json <<'JSON'\n  ${grantStatement(denied)}\n  JSON\n  aws iam put-role-policy --role-name ${role} --policy-name cart-dynamodb-access --policy-document file://cart-access.json`,
        explicit && 'Remove or narrow the Deny statement named above.',
        viaBoundary && `Widen the permissions boundary ${boundary?.name} to allow them (a boundary never grants, it only limits).`,
      ].filter(Boolean);
      // What the policies do name explains most implicit denies (wrong region, account or table).
      const named = [...new Set(s.policies.identity.flatMap((p) => p.document.statements.filter((st) => st.effect === 'Allow').flatMap((st) => st.resource ?? [])).filter((r) => r.includes(':dynamodb:') || r === '*'))];
      const namedNote = named.length ? ` The Allow statements name ${named.join(', ')}.` : ' No Allow statement names a DynamoDB resource.';
      return fail(`${role} is denied ${denied.length} of ${cells.length} calls the app makes: ${lines.join('; ')}.${namedNote}`, { matrix, policyResources: named }, fixes.join('\n  '));
    }
    const unknown = cells.filter((c) => c.decision.result === 'unknown');
    if (unknown.length) {
      const conds = [...new Set(unknown.flatMap((c) => c.decision.unknownConditions.map((u) => `${u.operator} ${u.key} ${JSON.stringify(u.values)} (${refName(u.statement)})`)))];
      return warn(`${unknown.map((c) => c.action).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} allowed only if conditions the doctor cannot evaluate hold: ${conds.join('; ')}.`, { matrix, unknownConditions: conds }, 'Check these conditions against how the pod calls DynamoDB, or grant the actions without them.');
    }
    return pass(`${role} is allowed all ${cells.length} calls: ${s.needed.map((n) => n.action.replace('dynamodb:', '')).join(', ')}.`, { matrix });
  },
});

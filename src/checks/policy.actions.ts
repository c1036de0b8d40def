import { evaluateCondition } from '../iam/conditions.js';
import { literalVariables, statementAppliesTo } from '../iam/match.js';
import type { Decision, PolicyDocument, RequestContext, StatementRef, UnknownCondition } from '../iam/types.js';
import { comment, replacePolicyCommands, snippet, statementJson } from './lib/fix.js';
import {
  denialReason,
  grantCommands,
  grantStatements,
  identityDecision,
  policySetup,
  refName,
  unlessTableUnseen,
  type NeededPermission,
  type PolicySetup,
} from './lib/policy-analysis.js';
import { tableGrantsFor, type TableGrant } from './lib/table-policy.js';
import { defineCheck, fail, pass, warn, type CheckContext } from './lib/types.js';

interface Cell extends NeededPermission {
  decision: Decision;
  /** What the table's resource policy adds where the role's IAM policies do not allow (same account). */
  tableGrant?: TableGrant;
}

/**
 * AWS decides on all layers together: in the same account, an Allow in the table's resource
 * policy naming the role grants what the identity policies lack (lib/table-policy.ts has the
 * rules and sources). Only implicit denies can be lifted; an explicit Deny stays. When the table's
 * policy is unknown in this run, the identity side is judged alone, as before.
 */
async function withTableGrants(ctx: CheckContext, s: PolicySetup, cells: Cell[]): Promise<Cell[]> {
  const implicit = cells.filter((c) => c.decision.result === 'deny' && !c.decision.explicitDeny);
  const grants = await tableGrantsFor(ctx.facts, s, implicit);
  return cells.map((c) => {
    const grant = grants[implicit.indexOf(c)];
    if (!grant) return c;
    if (grant.result === 'limited') return { ...c, tableGrant: grant };
    const decision: Decision = { ...c.decision, result: grant.result, allowedBy: grant.by, unknownConditions: grant.unknownConditions };
    delete decision.deniedAt;
    return { ...c, decision, tableGrant: grant };
  });
}

const grantNames = (cells: Cell[]) => [...new Set(cells.flatMap((c) => c.tableGrant?.by ?? []).map(refName))].join(', ');

/** Allow statements that name the call but whose condition is false for it: the usual hidden cause of an implicit deny. */
function falseConditions(documents: PolicyDocument[], cell: NeededPermission, context: RequestContext): string[] {
  return documents.flatMap((doc) => {
    const options = { literalVariables: literalVariables(doc.version) };
    return doc.statements
      .filter((st) => st.effect === 'Allow' && st.condition && statementAppliesTo(st, cell.action, cell.resource, options))
      .flatMap((st) => {
        const ref = { source: doc.source, index: st.index, ...(st.sid && { sid: st.sid }) };
        const result = evaluateCondition(st.condition, context, ref, options);
        if (result.value !== 'false') return [];
        const keys = Object.entries(st.condition!).flatMap(([op, keys]) =>
          Object.entries(keys)
            .filter(([k]) => result.falseTests.some((t) => t.operator === op && t.key === k))
            .map(([k, v]) => `${op} ${k} ${JSON.stringify(v)}`),
        );
        return [`${refName(ref)} allows it only if ${keys.join(' and ')}, which is false for this call`];
      });
  });
}

const sameRef = (a: StatementRef, b: StatementRef) => a.source === b.source && a.index === b.index;
const describeCondition = (u: UnknownCondition) => `${u.operator} ${u.key} ${JSON.stringify(u.values)} in ${refName(u.statement)}`;

/** One fix per cause: grant what nothing allows, drop the Deny statements, widen the boundary. */
function denialFixes(denied: Cell[], s: PolicySetup): string {
  const boundary = s.policies.boundary;
  const explicit = denied.filter((c) => c.decision.explicitDeny);
  const byBoundary = denied.filter((c) => !c.decision.explicitDeny && c.decision.deniedAt === 'boundary');
  const ungranted = denied.filter((c) => !c.decision.explicitDeny && c.decision.deniedAt !== 'boundary');
  const fixes: string[] = [];
  if (ungranted.length)
    fixes.push(
      snippet(comment(`Grant ${ungranted.map((c) => c.action).join(', ')} on the exact ARNs (setup guide step 3):`), grantCommands(s.roleName, ungranted)),
    );
  const denyPolicies = [...new Set(explicit.flatMap((c) => c.decision.deniedBy.map((r) => r.source)))];
  for (const source of denyPolicies) {
    const refs = explicit.flatMap((c) => c.decision.deniedBy.filter((r) => r.source === source));
    const policy = [...s.policies.identity, ...(boundary ? [boundary] : [])].find((p) => p.document.source === source);
    // The calls this policy's own Deny statements block, not every explicitly denied call.
    const actions = [...new Set(explicit.filter((c) => c.decision.deniedBy.some((r) => r.source === source)).map((c) => c.action))].join(', ');
    const header = comment(
      `Drop the Deny ${[...new Set(refs.map(refName))].join(', ')} (or edit it so it no longer covers ${actions}); the rest of the policy is kept as it is:`,
    );
    if (!policy) {
      fixes.push(snippet(header, comment(`the document of ${source} is not in this run: edit it by hand.`)));
      continue;
    }
    const kept = policy.document.statements.filter((st) => !refs.some((r) => r.index === st.index)).map(statementJson);
    fixes.push(snippet(header, replacePolicyCommands(policy, s.roleName, kept)));
  }
  if (byBoundary.length && boundary) {
    fixes.push(
      snippet(
        comment(`Widen the permissions boundary ${boundary.name} (a boundary never grants, it only limits) by the statements the app needs:`),
        replacePolicyCommands(boundary, s.roleName, [...boundary.document.statements.map(statementJson), ...grantStatements(byBoundary)]),
      ),
    );
  }
  return fixes.join('\n');
}

export default defineCheck({
  meta: {
    id: 'policy.actions',
    dependsOn: ['sa.annotation'],
    title: "The role's policies allow every action the app calls, on the table and index ARNs",
    symptom: 'AccessDeniedException',
    docs:
      "Evaluates the role's identity policies (default versions of attached managed policies, plus inline ones) with IAM's " +
      'rules for each action the app needs on the exact table ARN (and index ARN for index queries): explicit Deny wins, an ' +
      'Allow is needed, and a permissions boundary must allow too. A condition the doctor cannot decide makes it a warning ' +
      'that names the condition, never a pass. AWS decides on all layers together: in the same account, an Allow in the ' +
      "table's resource policy naming the role grants what the identity policies lack (the result names that statement), " +
      "unless the permissions boundary's implicit deny limits it (a grant to the role ARN is limited, one to the role session " +
      "is not). A Deny in the table's policy is table.resource-policy's verdict; across accounts both sides must allow.",
    remediation: 'Grant the missing actions on the exact table and index ARNs (setup guide step 3), and remove any Deny.',
  },
  async run(ctx) {
    const s = await policySetup(ctx);
    if ('status' in s) return s;
    const boundary = s.policies.boundary;
    const documents = s.policies.identity.map((p) => p.document);
    const identityCells: Cell[] = s.needed.map((n) => ({ ...n, decision: identityDecision(s, n) }));
    const cells = await withTableGrants(ctx, s, identityCells);
    const matrix = cells.map((c) => ({
      action: c.action,
      resource: c.resource,
      decision: c.decision.result,
      ...(c.tableGrant && { tablePolicy: `${c.tableGrant.result}: ${c.tableGrant.by.map(refName).join(', ')}` }),
      ...(c.decision.result === 'deny' && { why: denialReason(c.decision, boundary?.name) }),
      ...(c.decision.result === 'unknown' && { conditions: c.decision.unknownConditions.map(describeCondition) }),
    }));

    const denied = cells.filter((c) => c.decision.result === 'deny');
    if (denied.length) {
      // Grouped by ARN and reason: six actions denied for one cause read as one line.
      const groups = new Map<string, string[]>();
      for (const c of denied) {
        const key = `${c.resource}: ${denialReason(c.decision, boundary?.name)}`;
        groups.set(key, [...(groups.get(key) ?? []), c.action]);
      }
      const lines = [...groups].map(([key, actions]) => `${actions.join(', ')} on ${key}`);
      // What the Allow statements do name explains most implicit denies (wrong region, account or table).
      const named = [
        ...new Set(
          documents
            .flatMap((d) => d.statements.filter((st) => st.effect === 'Allow').flatMap((st) => st.resource ?? []))
            .filter((r) => r === '*' || r.includes(':dynamodb:')),
        ),
      ];
      const conditional = [
        ...new Set(
          denied.filter((c) => !c.decision.explicitDeny && c.decision.deniedAt !== 'boundary').flatMap((c) => falseConditions(documents, c, s.context)),
        ),
      ];
      const limited = denied.filter((c) => c.tableGrant?.result === 'limited');
      const note =
        (named.length ? ` The Allow statements name ${named.join(', ')}.` : ' No Allow statement names a DynamoDB resource.') +
        (conditional.length ? ` ${conditional.join('; ')}.` : '') +
        (limited.length
          ? ` The table's resource policy grants ${[...new Set(limited.map((c) => c.action))].join(', ')} to the role (${grantNames(limited)}), but the permissions boundary's implicit deny limits a grant naming the role ARN.`
          : '');
      return fail(
        `${s.roleName} is denied ${denied.length} of the ${cells.length} calls the app makes: ${lines.join('; ')}.${note}`,
        { expected: s.needed, matrix, policyResources: named },
        denialFixes(denied, s),
      );
    }

    const unknown = cells.filter((c) => c.decision.result === 'unknown');
    if (unknown.length) {
      const conditions = unknown.flatMap((c) =>
        c.decision.unknownConditions.map((u) => ({ u, deny: c.decision.deniedBy.some((r) => sameRef(r, u.statement)) })),
      );
      const onAllow = [...new Set(conditions.filter((x) => !x.deny).map((x) => describeCondition(x.u)))];
      const onDeny = [...new Set(conditions.filter((x) => x.deny).map((x) => describeCondition(x.u)))];
      const parts = [onAllow.length && `allowed only if ${onAllow.join('; ')} holds`, onDeny.length && `possibly denied by ${onDeny.join('; ')}`].filter(
        Boolean,
      );
      const actions = [...new Set(unknown.map((c) => c.action))];
      return warn(
        `${actions.join(', ')} ${actions.length > 1 ? 'are' : 'is'} ${parts.join(', and ')}: conditions the doctor cannot evaluate offline.`,
        { expected: s.needed, matrix, unknownConditions: [...onAllow, ...onDeny] },
        snippet(
          comment('Check these conditions against how the Cart calls DynamoDB, or grant the actions without them. A second opinion from IAM (read-only):'),
          s.roleArn
            ? `aws iam simulate-principal-policy --policy-source-arn ${s.roleArn} --action-names ${actions.join(' ')} --resource-arns ${[...new Set(unknown.map((c) => c.resource))].join(' ')}`
            : comment(`the role's ARN is unknown in this run (no ARN annotation, no --role ARN): aws iam simulate-principal-policy needs it`),
        ),
      );
    }
    const byTable = cells.filter((c) => c.tableGrant?.result === 'allow');
    const tableNote = byTable.length
      ? ` ${byTable.map((c) => `${c.action} on ${c.resource}`).join(', ')} ${byTable.length > 1 ? 'are' : 'is'} granted by ${grantNames(byTable)}, not by the role's IAM policies.`
      : '';
    return unlessTableUnseen(
      s,
      pass(`${s.roleName} is allowed all ${cells.length} calls the app makes: ${[...new Set(s.needed.map((n) => n.action))].join(', ')}.${tableNote}`, {
        expected: s.needed,
        matrix,
      }),
    );
  },
});

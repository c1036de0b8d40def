/**
 * The table's resource-based policy (DynamoDB GetResourcePolicy), judged for the pod's role
 * session on each call the app makes, on the table ARN and the index ARN: DynamoDB attaches
 * policies to tables and streams, and the table's policy governs its indexes with the index
 * ARN as Resource (DynamoDB API Reference, PutResourcePolicy).
 *
 * Rules (IAM User Guide, "How AWS enforcement code logic evaluates requests", "Policy
 * evaluation for requests within a single account", "Cross-account policy evaluation logic"):
 * an explicit Deny covering the caller refuses the call whatever else allows it; in the same
 * account a missing Allow here is no refusal (the role's IAM policies may allow: policy.actions);
 * across accounts the table's policy must allow the role (directly or by delegating to its account).
 */
import { FactUnavailable } from '../errors.js';
import { parseArn } from '../facts/arn.js';
import type { Statement, UnknownCondition } from '../iam/types.js';
import { comment, heredoc, json, snippet, statementJson } from './lib/fix.js';
import { readLayer } from './lib/layer.js';
import { neededPermissions, refName, requestContext } from './lib/policy-analysis.js';
import { TABLE_POLICY_READ, judgeTablePolicy, roleCaller, sameAccount, statementOf, type TablePolicyCell } from './lib/table-policy.js';
import { defineCheck, fail, notApplicable, pass, skip, warn } from './lib/types.js';

const describeCondition = (u: UnknownCondition) => `${u.operator} ${u.key} ${JSON.stringify(u.values)} in ${refName(u.statement)}`;

/** A resource policy statement as JSON, Principal included (identity statements have none). */
function resourceStatementJson(st: Statement): Record<string, unknown> {
  const principal = (p: Statement['principal']) => (p?.any ? '*' : Object.fromEntries(Object.entries(p ?? {}).filter(([k]) => k !== 'any')));
  return {
    ...statementJson(st),
    ...(st.principal && { Principal: principal(st.principal) }),
    ...(st.notPrincipal && { NotPrincipal: principal(st.notPrincipal) }),
  };
}

/** "GetItem, PutItem on ARN" lines, one per resource. */
function byResource(cells: TablePolicyCell[]): string {
  const groups = new Map<string, string[]>();
  for (const c of cells) groups.set(c.resource, [...(groups.get(c.resource) ?? []), c.action]);
  return [...groups].map(([resource, actions]) => `${actions.join(', ')} on ${resource}`).join('; ');
}

const putPolicy = (tableArn: string, region: string | undefined, statements: Record<string, unknown>[]): string =>
  snippet(
    heredoc('table-policy.json', json({ Version: '2012-10-17', Statement: statements }), 'JSON'),
    `aws dynamodb put-resource-policy --resource-arn ${tableArn} --policy file://table-policy.json${region ? ` --region ${region}` : ''}`,
  );

export default defineCheck({
  meta: {
    id: 'table.resource-policy',
    dependsOn: ['sa.annotation', 'table.exists'],
    title: "The table's resource-based policy does not refuse the Cart role any call the app makes on the table and index ARNs",
    symptom: 'AccessDeniedException',
    docs:
      "Reads the table's resource-based policy (dynamodb:GetResourcePolicy on the table ARN; it also governs the table's indexes) " +
      "and evaluates it for the pod's role session on each call the app makes, on the table ARN and the index ARN. An explicit " +
      'Deny that covers the role fails ("with an explicit deny in a resource-based policy"). In the same account a missing Allow is ' +
      "no refusal (the role's IAM policies may allow; an Allow here naming the role can grant what they lack, see policy.actions); " +
      "across accounts the table's policy must allow the role or its account, and the role's policies must allow too. No policy is a " +
      'pass in the same account and a failure across accounts. aws:PrincipalArn and aws:PrincipalAccount are known (the role); ' +
      'conditions the doctor cannot know (aws:SourceVpce, aws:SourceIp, aws:PrincipalOrgID, …) are named in a warning, never assumed true.',
    remediation:
      "Read the table's policy (aws dynamodb get-resource-policy --resource-arn TABLE_ARN), remove or narrow the Deny that covers the " +
      "role's calls and put it back (aws dynamodb put-resource-policy); across accounts, add a statement allowing the role ARN the app's " +
      'actions on the table and index ARNs.',
  },
  async run(ctx) {
    const ref = await ctx.facts.roleRef();
    if (!ref) return skip('sa.annotation', 'no IAM role is named (no valid role-arn annotation and no --role)');
    const role = await ctx.facts.role();
    if (!role.found) return skip('sa.annotation', `role ${ref.name} does not exist`);
    const caller = roleCaller(ref, role.arn ?? ref.arn);
    if (!caller) return skip('sa.annotation', `the ARN of role ${ref.name} is unknown (no ARN annotation, no --role ARN), so no Principal can be matched`);
    const region = await ctx.facts.region();
    const table = await ctx.facts.table(region);
    if (!table.found || !table.arn) return skip('table.exists', `table ${table.name} was not found in ${region}, so it has no resource policy here`);
    // An endpoint without the API (an emulator such as dynalite) has no resource policies to judge: said, never a pass.
    const read = await readLayer(() => ctx.facts.resourcePolicy(), TABLE_POLICY_READ).catch((err: unknown) => {
      if (err instanceof FactUnavailable && err.kind === 'no-api') {
        return {
          outcome: notApplicable(`${err.message}: the table's resource policy is not judged here (AWS applies it)`, { needs: TABLE_POLICY_READ.permission }),
        };
      }
      throw err;
    });
    if ('outcome' in read) return read.outcome;
    const policy = read.value;
    // The table the policy belongs to: for a global table, the replica the app calls.
    const tableArn = policy.resourceArn;
    const tableRegion = parseArn(tableArn)?.region;
    const tableName = tableArn === table.arn ? table.name : `${table.name} (${tableRegion} replica)`;
    const same = sameAccount(tableArn, caller);
    const needed = neededPermissions(ctx.expect, tableArn);
    const tableAccount = parseArn(tableArn)?.account;
    const allow = (n: { resource: string }[]) => ({
      Sid: 'CartRoleAccess',
      Effect: 'Allow',
      Principal: { AWS: caller.roleArn },
      Action: [...new Set(needed.map((c) => c.action))],
      Resource: [...new Set(n.map((c) => c.resource))],
    });

    if (!policy.found || !policy.document) {
      if (same)
        return pass(`table ${tableName} has no resource policy: only the role's IAM policies decide (policy.actions)`, {
          resourceArn: tableArn,
          policy: 'none',
        });
      return fail(
        `table ${tableName} is in account ${tableAccount} and has no resource policy, but role ${caller.roleArn} is in account ${caller.account}: cross-account access needs the table's policy to allow the role`,
        { resourceArn: tableArn, policy: 'none', tableAccount, roleAccount: caller.account },
        snippet(
          comment("Allow the role on the table and its index (the role's own policies must allow these calls too):"),
          putPolicy(tableArn, tableRegion, [allow(needed)]),
        ),
      );
    }

    const document = policy.document;
    const cells = judgeTablePolicy(document, needed, caller, requestContext(tableArn, caller.roleArn, caller.account));
    const allowed = (c: TablePolicyCell) =>
      c.verdict.grants === 'true' || c.verdict.delegates === 'true'
        ? 'true'
        : c.verdict.grants === 'unknown' || c.verdict.delegates === 'unknown'
          ? 'unknown'
          : 'false';
    const matrix = cells.map((c) => ({
      action: c.action,
      resource: c.resource,
      deny: c.verdict.denies,
      allow: allowed(c),
      ...(c.verdict.deniedBy.length && { deniedBy: c.verdict.deniedBy.map(refName) }),
      ...(c.verdict.allowedBy.length && { allowedBy: c.verdict.allowedBy.map(refName) }),
    }));
    const evidence = { resourceArn: tableArn, crossAccount: !same, matrix };

    const denied = cells.filter((c) => c.verdict.denies === 'true');
    if (denied.length) {
      const refs = [...new Map(denied.flatMap((c) => c.verdict.deniedBy).map((r) => [r.index, r])).values()];
      const kept = document.statements.filter((st) => !refs.some((r) => r.index === st.index)).map(resourceStatementJson);
      return fail(
        `table ${tableName}'s resource policy denies role ${ref.name} ${denied.length} of the ${cells.length} calls the app makes: ${byResource(denied)} — explicit Deny in ${refs.map(refName).join(', ')}`,
        evidence,
        snippet(
          comment(
            kept.length
              ? `Drop the Deny statement ${refs.map(refName).join(', ')} (or narrow it so it no longer covers the role); the rest of the table's policy is kept:`
              : `Drop the Deny statement ${refs.map(refName).join(', ')} (or narrow it so it no longer covers the role); it is the policy's only statement, so the policy goes:`,
          ),
          kept.length
            ? putPolicy(tableArn, tableRegion, kept)
            : `aws dynamodb delete-resource-policy --resource-arn ${tableArn}${tableRegion ? ` --region ${tableRegion}` : ''}`,
        ),
      );
    }
    const ungranted = same ? [] : cells.filter((c) => allowed(c) === 'false');
    if (ungranted.length) {
      return fail(
        `table ${tableName} is in account ${tableAccount}, role ${caller.roleArn} in account ${caller.account}: across accounts the table's policy must allow the role, and it does not allow ${byResource(ungranted)}`,
        evidence,
        snippet(
          comment("Add a statement allowing the role (the role's own policies must allow these calls too); the existing statements are kept:"),
          putPolicy(tableArn, tableRegion, [...document.statements.map(resourceStatementJson), allow(ungranted)]),
        ),
      );
    }

    const possiblyDenied = cells.filter((c) => c.verdict.denies === 'unknown');
    const maybeGranted = same ? [] : cells.filter((c) => allowed(c) === 'unknown');
    if (possiblyDenied.length || maybeGranted.length) {
      const conditions = (list: TablePolicyCell[], effect: 'Allow' | 'Deny') => [
        ...new Set(list.flatMap((c) => c.verdict.unknownConditions.filter((u) => statementOf(document, u)?.effect === effect).map(describeCondition))),
      ];
      const onDeny = conditions(possiblyDenied, 'Deny');
      const onAllow = conditions(maybeGranted, 'Allow');
      const parts = [
        possiblyDenied.length && `${byResource(possiblyDenied)} possibly denied by ${onDeny.join('; ')}`,
        maybeGranted.length && `${byResource(maybeGranted)} allowed across accounts only if ${onAllow.join('; ')} holds`,
      ].filter(Boolean);
      return warn(
        `table ${tableName}'s resource policy: ${parts.join('; and ')} — conditions the doctor cannot know from outside the pod's request`,
        { ...evidence, unknownConditions: [...onDeny, ...onAllow] },
        comment(
          "Check these conditions against how the pods reach DynamoDB (a VPC endpoint sets aws:SourceVpce and hides aws:SourceIp; aws:PrincipalOrgID is the role's organization), or narrow the statements so they do not depend on them.",
        ),
      );
    }
    const grants = [...new Set(cells.flatMap((c) => c.verdict.allowedBy).map(refName))];
    const granted = grants.length ? `; it allows the role through ${grants.join(', ')}` : '';
    return pass(
      same
        ? `table ${tableName}'s resource policy has no Deny covering role ${ref.name}'s ${cells.length} calls${granted}`
        : `table ${tableName} (account ${tableAccount}) allows role ${caller.roleArn} all ${cells.length} calls across accounts${granted}`,
      evidence,
    );
  },
});

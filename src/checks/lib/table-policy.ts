/**
 * The table's resource policy judged for the IRSA caller, shared by table.resource-policy (the
 * resource side's own verdict) and policy.actions (the combined same-account verdict).
 */
import { FactUnavailable } from '../../errors.js';
import { parseArn } from '../../facts/arn.js';
import type { Facts, ResourcePolicyFact, RoleRef } from '../../facts/types.js';
import { evaluateIdentity } from '../../iam/evaluate.js';
import { evaluateResourcePolicy, principalMatches, principalValueMatches, type ResourcePolicyVerdict, type RoleCaller } from '../../iam/resource-policy.js';
import type { PolicyDocument, RequestContext, Statement, StatementRef, UnknownCondition } from '../../iam/types.js';
import type { LayerRead } from './layer.js';
import type { NeededPermission, PolicySetup } from './policy-analysis.js';

export const TABLE_POLICY_READ: LayerRead = { what: "the table's resource policy", permission: 'dynamodb:GetResourcePolicy' };

/** The role session the pod runs as, when the role's ARN is known. */
export function roleCaller(ref: Pick<RoleRef, 'name' | 'arn'>, roleArn = ref.arn): RoleCaller | undefined {
  const arn = roleArn ? parseArn(roleArn) : undefined;
  if (!roleArn || !arn?.account) return undefined;
  return { roleArn, account: arn.account, partition: arn.partition, roleName: ref.name };
}

export interface TablePolicyCell extends NeededPermission {
  verdict: ResourcePolicyVerdict;
}

export function judgeTablePolicy(document: PolicyDocument, needed: NeededPermission[], caller: RoleCaller, context: RequestContext): TablePolicyCell[] {
  return needed.map((n) => ({ ...n, verdict: evaluateResourcePolicy([document], { ...n, caller, context }) }));
}

const statementAt = (document: PolicyDocument, ref: StatementRef): Statement | undefined => document.statements.find((s) => s.index === ref.index);

/** The statement an unknown condition sits in, to tell a possible Deny from a possible grant. */
export const statementOf = (document: PolicyDocument, u: UnknownCondition): Statement | undefined => statementAt(document, u.statement);

/** Same account or not: in a cross-account call both sides must allow (IAM User Guide, "Cross-account policy evaluation logic"). */
export function sameAccount(tableArn: string, caller: RoleCaller): boolean {
  return parseArn(tableArn)?.account === caller.account;
}

/**
 * The table's policy when this run has it, else undefined: policy.actions judges as before when
 * the resource side is unknown (not recorded, denied, failed), and table.resource-policy says why.
 */
export async function knownTablePolicy(facts: Facts): Promise<ResourcePolicyFact | undefined> {
  try {
    return await facts.resourcePolicy();
  } catch (err) {
    if (err instanceof FactUnavailable) return undefined;
    throw err;
  }
}

/** What the table's policy adds to a call the role's IAM policies do not allow (same account). */
export interface TableGrant {
  /**
   * `allow`: the table's policy grants it; `unknown`: only if a condition or the session name
   * holds; `limited`: it grants the role ARN, but the permissions boundary's implicit deny limits that.
   */
  result: 'allow' | 'unknown' | 'limited';
  by: StatementRef[];
  unknownConditions: UnknownCondition[];
}

/**
 * Same account, either side may allow (IAM User Guide, "Policy evaluation for requests within a
 * single account": "If either the identity-based policy or the resource-based policy within the
 * same account allows the request and the other doesn't, the request is still allowed"). Role
 * nuance ("How AWS enforcement code logic evaluates requests", Resource-based policies; "Permissions
 * boundaries for IAM entities"): an Allow naming the role ARN is limited by an implicit deny in the
 * permissions boundary (or a session policy); one naming the role session ARN is not — and IRSA's
 * session name is chosen by the SDK at run time, so such a grant is at best `unknown`. An Allow to
 * everyone (`*`) is taken like one naming the role: the doctor does not assume it passes the boundary.
 * Undefined when the table's policy adds nothing, or holds a Deny for the call (table.resource-policy says so).
 */
export function tablePolicyGrant(
  document: PolicyDocument,
  cell: NeededPermission,
  caller: RoleCaller,
  context: RequestContext,
  boundary: PolicyDocument | undefined,
): TableGrant | undefined {
  const verdict = evaluateResourcePolicy([document], { ...cell, caller, context });
  if (verdict.denies !== 'false' || verdict.grants === 'false') return undefined;
  const allowStatements = (u: UnknownCondition) => statementOf(document, u)?.effect === 'Allow';
  const unknownConditions = verdict.unknownConditions.filter(allowStatements);
  // Only Allows naming the caller itself grant; one naming its account delegates to the IAM policies, which do not allow.
  const by = verdict.allowedBy.filter((r) => principalMatches(statementAt(document, r)?.principal, caller) !== 'account');
  const boundaryDecision = boundary ? evaluateIdentity([boundary], { ...cell, context }) : undefined;
  const bound = boundaryDecision?.result ?? 'allow';
  if (bound === 'allow') return { result: verdict.grants === 'true' ? 'allow' : 'unknown', by, unknownConditions };
  // The open question is the session-naming statement's, not the first grant's (which may name the role).
  const namesSession = by.find((r) => (statementAt(document, r)?.principal?.AWS ?? []).some((v) => principalValueMatches(v, caller) === 'unknown'));
  if (namesSession) {
    return {
      result: 'unknown',
      by,
      unknownConditions: unknownConditions.length
        ? unknownConditions
        : [{ statement: namesSession, operator: 'Principal', key: 'role session name', values: statementAt(document, namesSession)?.principal?.AWS ?? [] }],
    };
  }
  if (bound === 'unknown') return { result: 'unknown', by, unknownConditions: [...unknownConditions, ...boundaryDecision!.unknownConditions] };
  return { result: 'limited', by, unknownConditions: [] };
}

/**
 * For each call, what the table's resource policy adds (same account only; undefined where it
 * adds nothing or is unknown in this run — then the identity side is judged alone, as before).
 */
export async function tableGrantsFor(facts: Facts, s: PolicySetup, cells: NeededPermission[]): Promise<(TableGrant | undefined)[]> {
  const none = cells.map(() => undefined);
  const caller = s.roleArn ? roleCaller({ name: s.roleName }, s.roleArn) : undefined;
  if (!caller || !cells.length || !sameAccount(s.tableArn, caller)) return none;
  const policy = await knownTablePolicy(facts);
  const document = policy?.resourceArn === s.tableArn ? policy.document : undefined;
  if (!document) return none;
  return cells.map((c) => tablePolicyGrant(document, c, caller, s.context, s.policies.boundary?.document));
}

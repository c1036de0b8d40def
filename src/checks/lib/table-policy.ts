/**
 * The table's resource policy judged for the IRSA caller, shared by table.resource-policy (the
 * resource side's own verdict) and policy.actions (the combined same-account verdict).
 */
import { FactUnavailable } from '../../errors.js';
import { parseArn } from '../../facts/arn.js';
import type { Facts, ResourcePolicyFact, RoleRef } from '../../facts/types.js';
import { evaluateResourcePolicy, type ResourcePolicyVerdict, type RoleCaller } from '../../iam/resource-policy.js';
import type { PolicyDocument, RequestContext, Statement, UnknownCondition } from '../../iam/types.js';
import type { LayerRead } from './layer.js';
import type { NeededPermission } from './policy-analysis.js';

export const TABLE_POLICY_READ: LayerRead = { what: "the table's resource policy", permission: 'dynamodb:GetResourcePolicy' };

/** The role session the pod runs as, when the role's ARN is known. */
export function roleCaller(ref: RoleRef, roleArn = ref.arn): RoleCaller | undefined {
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

/** The statement an unknown condition sits in, to tell a possible Deny from a possible grant. */
export const statementOf = (document: PolicyDocument, u: UnknownCondition): Statement | undefined => document.statements.find((s) => s.index === u.statement.index);

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

/**
 * Policies attached to something other than the caller — a table's resource policy, a KMS key
 * policy, a VPC endpoint policy, an RCP — judged for one IRSA caller: a role session.
 *
 * Who a statement's Principal names decides what its Allow is worth (IAM User Guide, "Policy
 * evaluation logic", "Cross-account policy evaluation logic", "AWS JSON policy elements:
 * Principal"):
 * - `*` / `{"AWS": "*"}`, the role's ARN or one of its sessions: the policy grants the caller
 *   itself (`direct`).
 * - the account (`123456789012` or `arn:aws:iam::123456789012:root`): the policy delegates to
 *   the account's IAM policies; it grants nothing by itself (`account`).
 * - an assumed-role ARN with a session name: IRSA's session name is chosen by the SDK at run
 *   time, so the doctor cannot know whether it matches (`unknown`).
 * A Deny applies when the Principal covers the caller in any of these ways; a Deny with
 * NotPrincipal applies unless it names the session, the role and the account.
 */
import { evaluateLayer, layerUnknowns, type Layer } from './evaluate.js';
import { literalVariables, statementAppliesTo } from './match.js';
import type { Principal, RequestContext, Statement, StatementRef, Tri, UnknownCondition } from './types.js';

/** The IRSA caller: a session of one role. */
export interface RoleCaller {
  /** arn:PARTITION:iam::ACCOUNT:role/PATH/NAME */
  roleArn: string;
  account: string;
  partition: string;
  roleName: string;
}

export type PrincipalMatch = 'direct' | 'account' | 'unknown' | 'none';

const ORDER: PrincipalMatch[] = ['direct', 'account', 'unknown', 'none'];
const strongest = (matches: PrincipalMatch[]): PrincipalMatch => ORDER.find((m) => matches.includes(m)) ?? 'none';

/** How one Principal value names the caller. */
export function principalValueMatches(value: string, caller: RoleCaller): PrincipalMatch {
  const v = value.trim();
  if (v === '*') return 'direct';
  if (v === caller.account || v === `arn:${caller.partition}:iam::${caller.account}:root`) return 'account';
  if (v === caller.roleArn) return 'direct';
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(v);
  if (session && session[1] === caller.partition && session[2] === caller.account && session[3] === caller.roleName) return 'unknown';
  return 'none';
}

/** How a Principal block names the caller: only its `AWS` values and `*` can name a role session. */
export function principalMatches(principal: Principal | undefined, caller: RoleCaller): PrincipalMatch {
  if (!principal) return 'none';
  if (principal.any) return 'direct';
  return strongest((principal.AWS ?? []).map((v) => principalValueMatches(v, caller)));
}

/** Whether the statement's Principal/NotPrincipal covers the caller, for its effect. */
function coverage(stmt: Statement, caller: RoleCaller, want: 'grant' | 'delegate' | 'deny'): boolean | UnknownCondition {
  const unknown = (element: 'Principal' | 'NotPrincipal', values: string[]): UnknownCondition => ({
    statement: { source: '', index: stmt.index },
    operator: element,
    key: 'role session name',
    values,
  });
  if (stmt.notPrincipal) {
    // A Deny with NotPrincipal spares a role session only when it names the session, its role
    // and its account (IAM User Guide, "NotPrincipal"); IRSA's session name is chosen by the SDK
    // at run time, so naming all three is at best unknown. NotPrincipal with Allow is unsupported.
    if (want !== 'deny') return false;
    const values = stmt.notPrincipal.AWS ?? [];
    if (stmt.notPrincipal.any || values.some((v) => v.trim() === '*')) return false;
    const named = new Set(values.map((v) => principalValueMatches(v, caller)));
    const namesRole = values.some((v) => v.trim() === caller.roleArn);
    if (named.has('unknown') && namesRole && named.has('account')) return unknown('NotPrincipal', values);
    return true;
  }
  const match = principalMatches(stmt.principal, caller);
  if (match === 'unknown') return want === 'delegate' ? false : unknown('Principal', stmt.principal?.AWS ?? []);
  if (want === 'deny') return match !== 'none';
  return want === 'grant' ? match === 'direct' : match === 'account';
}

export interface ResourcePolicyRequest {
  action: string;
  resource: string;
  caller: RoleCaller;
  context: RequestContext;
}

/** A resource-side policy's verdict for the caller, kept apart by what its Allows are worth. */
export interface ResourcePolicyVerdict {
  /** An Allow naming the caller itself (role, session or everyone). */
  grants: Tri;
  /** An Allow naming the caller's account: delegation to the account's IAM policies. */
  delegates: Tri;
  /** A Deny covering the caller. */
  denies: Tri;
  allowedBy: StatementRef[];
  deniedBy: StatementRef[];
  unknownConditions: UnknownCondition[];
}

export function evaluateResourcePolicy(docs: Parameters<typeof evaluateLayer>[0], request: ResourcePolicyRequest): ResourcePolicyVerdict {
  const layerFor = (want: 'grant' | 'delegate' | 'deny', effect: 'Allow' | 'Deny'): Layer =>
    evaluateLayer(docs, request.context, (stmt, doc) => {
      if (stmt.effect !== effect) return false;
      if (!statementAppliesTo(stmt, request.action, request.resource, { literalVariables: literalVariables(doc.version) })) return false;
      const covered = coverage(stmt, request.caller, want);
      return typeof covered === 'boolean' ? covered : { ...covered, statement: { ...covered.statement, source: doc.source } };
    });
  const grant = layerFor('grant', 'Allow');
  const delegate = layerFor('delegate', 'Allow');
  const deny = layerFor('deny', 'Deny');
  return {
    grants: grant.allow,
    delegates: delegate.allow,
    denies: deny.deny,
    allowedBy: [...grant.allowedBy, ...delegate.allowedBy],
    deniedBy: deny.deniedBy,
    unknownConditions: [...layerUnknowns(grant), ...layerUnknowns(delegate), ...layerUnknowns(deny)],
  };
}

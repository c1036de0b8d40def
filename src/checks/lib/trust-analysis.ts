/**
 * What trust.principal, trust.subject and trust.audience share: the STS request the pod makes
 * (docs/design/irsa.md §3), which trust statements name this cluster's provider, and how a condition key
 * can be wrong (T3, T10).
 */
import { FactUnavailable } from '../../errors.js';
import { evaluateCondition, type ConditionResult } from '../../iam/conditions.js';
import { contextFrom } from '../../iam/evaluate.js';
import { literalVariables, statementAppliesTo } from '../../iam/match.js';
import type { ConditionBlock, PolicyDocument, Principal, RequestContext, Statement } from '../../iam/types.js';
import type { CheckContext, Outcome } from './types.js';
import { skip } from './types.js';
import { comment, heredoc, json, snippet } from './fix.js';

export const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

/** What the trust checks judge: the role's trust policy and the pod's request to STS. */
export interface TrustSetup {
  roleName: string;
  trust: PolicyDocument;
  /** Issuer host without https://, the prefix of the condition keys. */
  host: string;
  providerArn: string;
  sub: string;
  audience: string;
  context: RequestContext;
}

/** The token audience: the SA annotation overrides the expectation (docs/design/irsa.md §1.3). */
export async function tokenAudience(ctx: CheckContext): Promise<string> {
  try {
    const sa = await ctx.facts.serviceAccount();
    return sa.annotations['eks.amazonaws.com/audience']?.trim() || ctx.expect.audience;
  } catch (err) {
    // Without the ServiceAccount the default audience is the best guess; sa.exists reports the rest.
    if (err instanceof FactUnavailable) return ctx.expect.audience;
    throw err;
  }
}

/** The setup, or the skip naming sa.annotation when there is no role to judge. */
export async function trustSetup(ctx: CheckContext): Promise<TrustSetup | Outcome> {
  const ref = await ctx.facts.roleRef();
  if (!ref) return skip('sa.annotation', 'no IAM role is named (no valid role-arn annotation and no --role)');
  const role = await ctx.facts.role();
  if (!role.found) return skip('sa.annotation', `role ${ref.name} does not exist`);
  if (!role.trust) throw new FactUnavailable('failed', `iam:GetRole ${ref.name} returned no AssumeRolePolicyDocument`);
  const cluster = await ctx.facts.cluster();
  if (!cluster.found || !cluster.issuer) {
    throw new FactUnavailable('failed', `cluster ${cluster.name} ${cluster.found ? 'reports no OIDC issuer' : 'was not found'}: check --cluster and --region`);
  }
  const host = cluster.issuer.replace(/^https:\/\//i, '').replace(/\/+$/, '');
  // The provider must live in the role's account (cross-account IRSA), like oidc.provider looks for it.
  const account = ref.account ?? cluster.account;
  if (!account) throw new FactUnavailable('failed', `the AWS account of role ${ref.name} is unknown: pass --role as an ARN`);
  const audience = await tokenAudience(ctx);
  const sub = `system:serviceaccount:${ctx.target.namespace}:${ctx.target.serviceAccount}`;
  const known = { [`${host}:sub`]: sub, [`${host}:aud`]: audience };
  // Any other OIDC-shaped key (another cluster's host, a key written with https://) never exists in this request.
  const context = contextFrom(known, { absent: (k) => /:(sub|aud|amr)$/.test(k) });
  return { roleName: ref.name, trust: role.trust, host, providerArn: `arn:${ref.partition}:iam::${account}:oidc-provider/${host}`, sub, audience, context };
}

export const statementName = (st: Statement): string => (st.sid ? `statement "${st.sid}"` : `statement #${st.index + 1}`);

/** Whether a Principal element names every caller (`"*"`, AWS or Federated `*`). */
export function namesEveryone(p: Principal | undefined): boolean {
  return !!p && (!!p.any || (p.AWS ?? []).includes('*') || (p.Federated ?? []).includes('*'));
}

/** Whether a statement's Principal/NotPrincipal covers the web-identity caller of this provider. */
export function coversProvider(st: Statement, providerArn: string): boolean {
  if (st.principal) return namesEveryone(st.principal) || (st.principal.Federated ?? []).includes(providerArn);
  if (st.notPrincipal) return !(namesEveryone(st.notPrincipal) || (st.notPrincipal.Federated ?? []).includes(providerArn));
  return false;
}

export const allowsWebIdentity = (st: Statement, doc: PolicyDocument): boolean =>
  statementAppliesTo(st, WEB_IDENTITY, undefined, { literalVariables: literalVariables(doc.version) });

/** Allow statements that let this cluster's provider (or everyone) assume the role with web identity. */
export function principalStatements(s: TrustSetup): Statement[] {
  return s.trust.statements.filter((st) => st.effect === 'Allow' && coversProvider(st, s.providerArn) && allowsWebIdentity(st, s.trust));
}

/** The part of a condition block whose keys satisfy `keep` (key names compared case-insensitively). */
export function conditionPart(block: ConditionBlock | undefined, keep: (lowerKey: string) => boolean): ConditionBlock {
  const out: ConditionBlock = {};
  for (const [op, keys] of Object.entries(block ?? {})) {
    const kept = Object.fromEntries(Object.entries(keys).filter(([k]) => keep(k.toLowerCase())));
    if (Object.keys(kept).length) out[op] = kept;
  }
  return out;
}

export interface WrittenKey {
  op: string;
  key: string;
  values: string[];
}

/** Every key written in the block that `keep` selects, with its operator and values. */
export function conditionKeys(block: ConditionBlock | undefined, keep: (lowerKey: string) => boolean): WrittenKey[] {
  return Object.entries(block ?? {}).flatMap(([op, keys]) =>
    Object.entries(keys)
      .filter(([k]) => keep(k.toLowerCase()))
      .map(([key, values]) => ({ op, key, values })),
  );
}

export const isClaimKey = (suffix: 'sub' | 'aud') => (lowerKey: string) => lowerKey.endsWith(`:${suffix}`);

/** Why a key can never match: written with https://, or for another issuer host (T3). */
export function keyProblem(key: string, host: string, suffix: 'sub' | 'aud'): string | undefined {
  if (key.toLowerCase() === `${host}:${suffix}`.toLowerCase()) return undefined;
  if (/^https?:\/\//i.test(key)) return `key "${key}" starts with https://, so it never exists in the request (the key is "${host}:${suffix}")`;
  return `key "${key}" is for another issuer than this cluster's ${host} (an old or recreated cluster?), so it never exists in the request`;
}

/**
 * Whether a written key pins the claim to its values: this cluster's key under a positive
 * operator. A negated operator or Null admits (nearly) every token, so it restricts nothing.
 */
export function pinsClaim(k: WrittenKey, host: string, suffix: 'sub' | 'aud'): boolean {
  const base = k.op.replace(/^for(anyvalue|allvalues):/i, '').toLowerCase();
  return !keyProblem(k.key, host, suffix) && base !== 'null' && !base.includes('not');
}

/** T10: keys of this cluster and another one AND-ed in one statement can never all exist. */
export function mixesIssuers(keys: WrittenKey[], host: string, suffix: 'sub' | 'aud'): boolean {
  return keys.some((k) => !keyProblem(k.key, host, suffix)) && keys.some((k) => !/^https?:/i.test(k.key) && !!keyProblem(k.key, host, suffix));
}

export interface StatementVerdict {
  st: Statement;
  /** The keys of the claim this check is about, as written. */
  keys: WrittenKey[];
  result: ConditionResult;
}

/** Evaluates the `keep` part of each statement's condition for the pod's request. */
export function judgeStatements(
  s: TrustSetup,
  statements: Statement[],
  keep: (lowerKey: string) => boolean,
  claim: (lowerKey: string) => boolean,
): StatementVerdict[] {
  const options = { literalVariables: literalVariables(s.trust.version) };
  return statements.map((st) => ({
    st,
    keys: conditionKeys(st.condition, claim),
    result: evaluateCondition(
      conditionPart(st.condition, keep),
      s.context,
      { source: s.trust.source, index: st.index, ...(st.sid && { sid: st.sid }) },
      options,
    ),
  }));
}

export const describeUnknown = (v: StatementVerdict): string => v.result.unknown.map((u) => `${u.operator} ${u.key} ${JSON.stringify(u.values)}`).join('; ');

/** The guide's step-6 trust document for one provider, host, subject and audience. */
export function trustDocument(providerArn: string, host: string, sub: string, audience: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: WEB_IDENTITY,
        Condition: { StringEquals: { [`${host}:sub`]: sub, [`${host}:aud`]: audience } },
      },
    ],
  };
}

/** The guide's step-6 trust policy with this run's provider, host, namespace, ServiceAccount and audience. */
export function trustPolicyFix(s: TrustSetup, namespace: string, serviceAccount: string): string {
  const doc = trustDocument(s.providerArn, s.host, `system:serviceaccount:${namespace}:${serviceAccount}`, s.audience);
  return snippet(
    comment(
      `Set the trust policy of ${s.roleName} (setup guide step 6). This replaces the whole document: add back any statement other clusters or callers still need.`,
    ),
    heredoc('trust.json', json(doc), 'JSON'),
    `aws iam update-assume-role-policy --role-name ${s.roleName} --policy-document file://trust.json`,
  );
}

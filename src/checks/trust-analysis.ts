import { FactUnavailable } from '../errors.js';
import { contextFrom } from '../iam/evaluate.js';
import { statementAppliesTo } from '../iam/match.js';
import type { ConditionBlock, PolicyDocument, RequestContext, Statement } from '../iam/types.js';
import type { CheckContext, Outcome } from './types.js';
import { skip } from './types.js';

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

export async function trustSetup(ctx: CheckContext): Promise<TrustSetup | Outcome> {
  const ref = await ctx.facts.roleRef();
  if (!ref) return skip('sa.annotation', 'no IAM role is named (no valid role-arn annotation and no --role)');
  const role = await ctx.facts.role();
  if (!role.found) return skip('sa.annotation', `role ${ref.name} does not exist`);
  if (!role.trust) throw new FactUnavailable('failed', `iam:GetRole ${ref.name} returned no AssumeRolePolicyDocument`);
  const cluster = await ctx.facts.cluster();
  if (!cluster.found || !cluster.issuer) throw new FactUnavailable('failed', `cluster ${cluster.name} ${cluster.found ? 'reports no OIDC issuer' : 'was not found'}: check --cluster and --region`);
  const host = cluster.issuer.replace(/^https:\/\//, '');
  const account = ref.account ?? cluster.account;
  const sa = await ctx.facts.serviceAccount().catch(() => undefined);
  const audience = sa?.annotations['eks.amazonaws.com/audience'] ?? ctx.expect.audience;
  const sub = `system:serviceaccount:${ctx.target.namespace}:${ctx.target.serviceAccount}`;
  const known = { [`${host}:sub`]: sub, [`${host}:aud`]: audience };
  // Any other OIDC-shaped key (another cluster's host, a key written with https://) never exists in this request.
  const context = contextFrom(known, { absent: (k) => /:(sub|aud|amr)$/.test(k) });
  return { roleName: ref.name, trust: role.trust, host, providerArn: `arn:${ref.partition}:iam::${account}:oidc-provider/${host}`, sub, audience, context };
}

export function isOutcome(v: TrustSetup | Outcome): v is Outcome {
  return 'status' in v;
}

/** Allow statements that name this cluster's provider and allow the web-identity action. */
export function principalStatements(s: TrustSetup): Statement[] {
  return s.trust.statements.filter((st) => st.effect === 'Allow' && (st.principal?.Federated ?? []).includes(s.providerArn) && statementAppliesTo(st, WEB_IDENTITY));
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

/** Every key written in the block that `keep` selects, with its operator and values. */
export function conditionKeys(block: ConditionBlock | undefined, keep: (lowerKey: string) => boolean): { op: string; key: string; values: string[] }[] {
  return Object.entries(block ?? {}).flatMap(([op, keys]) => Object.entries(keys).filter(([k]) => keep(k.toLowerCase())).map(([key, values]) => ({ op, key, values })));
}

/** Why a key can never match: written with https://, or for another issuer host. */
export function keyProblem(key: string, host: string, suffix: string): string | undefined {
  if (key.toLowerCase() === `${host}:${suffix}`.toLowerCase()) return undefined;
  if (/^https?:\/\//i.test(key)) return `key "${key}" starts with https://, so it never exists in the request (the key is "${host}:${suffix}")`;
  return `key "${key}" is for another issuer (this cluster's is ${host}; an old or recreated cluster?)`;
}

export function trustPolicyFix(s: TrustSetup, namespace: string, serviceAccount: string): string {
  const doc = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: s.providerArn },
        Action: WEB_IDENTITY,
        Condition: { StringEquals: { [`${s.host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`, [`${s.host}:aud`]: s.audience } },
      },
    ],
  };
  return `Set the trust policy (setup guide step 6):\n  cat > trust.json <<'JSON'\n  ${JSON.stringify(doc, null, 2).split('\n').join('\n  ')}\n  JSON\n  aws iam update-assume-role-policy --role-name ${s.roleName} --policy-document file://trust.json`;
}

// @ts-nocheck
import { evaluateCondition } from '../iam/conditions.js';
import { literalVariables } from '../iam/match.js';
import type { Statement } from '../iam/types.js';
import {
  WEB_IDENTITY,
  allowsWebIdentity,
  coversProvider,
  principalStatements,
  statementName,
  trustPolicyFix,
  trustSetup,
  type TrustSetup,
} from './lib/trust-analysis.js';
import { comment, snippet } from './lib/fix.js';
import { defineCheck, fail, pass, warn } from './lib/types.js';

const PROVIDER_ARN = /^arn:[^:]+:iam::(\d*):oidc-provider\/(.+)$/;
const EKS_ISSUER = /^oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/id\/([^/]+)$/i;

/** Whether each trusted provider ARN still exists in IAM (undefined: could not tell). */
type Existence = Map<string, boolean | undefined>;

function driftNote(trusted: string, exists: Existence): string {
  const known = exists.get(trusted);
  if (known === true) return '; that provider still exists in IAM: a recreated or blue-green cluster, and the role still points at the old one';
  if (known === false) return '; that provider no longer exists in IAM: the cluster was recreated';
  return ' (an old or recreated cluster?)';
}

/** What is wrong with a trusted provider ARN compared with this cluster's (T1). */
function providerMismatch(trusted: string, s: TrustSetup, exists: Existence): string {
  const got = PROVIDER_ARN.exec(trusted);
  if (!got) return `trusts Federated ${trusted}, which is not this cluster's OIDC provider ${s.providerArn}`;
  const [, account, host] = got as unknown as [string, string, string];
  const [, wantAccount] = PROVIDER_ARN.exec(s.providerArn) as unknown as [string, string];
  if (host === s.host) return `trusts the provider in account ${account}, but the role's account is ${wantAccount} (${s.providerArn})`;
  const [gotIssuer, wantIssuer] = [EKS_ISSUER.exec(host), EKS_ISSUER.exec(s.host)];
  const where = `trusts oidc-provider/${host}, but this cluster's issuer is ${s.host}`;
  if (gotIssuer && wantIssuer && gotIssuer[1] === wantIssuer[1]) {
    return `trusts cluster id ${gotIssuer[2]}, this cluster is ${wantIssuer[2]} (oidc-provider/${host} vs ${s.host})${driftNote(trusted, exists)}`;
  }
  if (gotIssuer && wantIssuer) return `${where}: a cluster in ${gotIssuer[1]}, this one is in ${wantIssuer[1]}`;
  return where;
}

/** Names what each Allow statement trusts instead, so the user sees why none matches. */
function whatIsTrusted(s: TrustSetup, exists: Existence): string[] {
  const observed: string[] = [];
  for (const st of s.trust.statements.filter((x) => x.effect === 'Allow')) {
    const name = statementName(st);
    if (coversProvider(st, s.providerArn)) {
      const actions = st.action ? st.action.join(', ') : `everything but ${(st.notAction ?? []).join(', ')}`;
      const t2 = (st.action ?? []).some((a) => a.toLowerCase() === 'sts:assumerole')
        ? ' (sts:AssumeRole is for IAM principals and services; a pod token needs the web-identity action)'
        : '';
      observed.push(`${name} trusts this provider but allows ${actions}, not ${WEB_IDENTITY}${t2}`);
      continue;
    }
    for (const f of st.principal?.Federated ?? []) observed.push(`${name} ${providerMismatch(f, s, exists)}`);
    const others = { ...(st.principal?.AWS && { AWS: st.principal.AWS }), ...(st.principal?.Service && { Service: st.principal.Service }) };
    if (Object.keys(others).length) observed.push(`${name} trusts ${JSON.stringify(others)}, not a Federated OIDC provider`);
  }
  return observed;
}

/** Deny statements covering this caller whose condition is true (T12) or undecidable for the pod's request. */
function denials(s: TrustSetup): { sure: Statement[]; possible: { st: Statement; conditions: string }[] } {
  const sure: Statement[] = [];
  const possible: { st: Statement; conditions: string }[] = [];
  for (const st of s.trust.statements) {
    if (st.effect !== 'Deny' || !coversProvider(st, s.providerArn) || !allowsWebIdentity(st, s.trust)) continue;
    const result = evaluateCondition(
      st.condition,
      s.context,
      { source: s.trust.source, index: st.index },
      { literalVariables: literalVariables(s.trust.version) },
    );
    if (result.value === 'true') sure.push(st);
    else if (result.value === 'unknown')
      possible.push({ st, conditions: result.unknown.map((u) => `${u.operator} ${u.key} ${JSON.stringify(u.values)}`).join('; ') });
  }
  return { sure, possible };
}

export default defineCheck({
  meta: {
    id: 'trust.principal',
    dependsOn: ['sa.annotation'],
    title: "The role's trust policy lets this cluster's OIDC provider assume it with web identity",
    symptom: 'AccessDeniedException',
    docs:
      'Looks for an Allow statement whose Principal.Federated is exactly arn:aws:iam::ACCOUNT:oidc-provider/HOST for this ' +
      "cluster's issuer and whose Action covers sts:AssumeRoleWithWebIdentity, with no Deny that applies to the pod. A provider of an " +
      'old or recreated cluster, another account, sts:AssumeRole instead of the web-identity action, or an AWS/Service ' +
      'principal all end in STS "Not authorized to perform sts:AssumeRoleWithWebIdentity".',
    remediation: "Trust this cluster's OIDC provider with sts:AssumeRoleWithWebIdentity (setup guide step 6).",
  },
  async run(ctx) {
    const s = await trustSetup(ctx);
    if ('status' in s) return s;
    const fix = trustPolicyFix(s, ctx.target.namespace, ctx.target.serviceAccount);
    const expected = { Federated: s.providerArn, Action: WEB_IDENTITY };
    const actual = s.trust.statements.map((st) => ({
      statement: statementName(st),
      effect: st.effect,
      principal: st.principal ?? { not: st.notPrincipal ?? null },
      action: st.action ?? { not: st.notAction ?? null },
    }));
    const evidence = { expected, actual };
    const { sure, possible } = denials(s);
    if (sure.length) {
      return fail(
        `The trust policy of ${s.roleName} denies ${WEB_IDENTITY} to this cluster's pods: ${sure.map(statementName).join(', ')} is an explicit Deny, and a Deny always wins.`,
        { ...evidence, deniedBy: sure.map(statementName) },
        snippet(comment(`Remove the Deny (${sure.map(statementName).join(', ')}) from the trust policy: the document below has none.`), fix),
      );
    }
    const allowing = principalStatements(s);
    if (!allowing.length) {
      const trusted = [...new Set(s.trust.statements.flatMap((st) => (st.effect === 'Allow' ? (st.principal?.Federated ?? []) : [])))].filter(
        (f) => f !== s.providerArn && PROVIDER_ARN.test(f),
      );
      const exists: Existence = new Map(await Promise.all(trusted.map(async (f) => [f, await ctx.facts.providerExists(f)] as const)));
      const observed = whatIsTrusted(s, exists);
      return fail(
        `The trust policy of ${s.roleName} does not let ${s.providerArn} assume it: ${observed.join('; ') || 'it has no Allow statement'}.`,
        evidence,
        fix,
      );
    }
    if (possible.length) {
      return warn(
        `${s.roleName} trusts ${s.providerArn}, but a Deny may apply, depending on conditions the doctor cannot evaluate: ${possible.map((p) => `${statementName(p.st)}: ${p.conditions}`).join('; ')}.`,
        { ...evidence, possiblyDeniedBy: possible.map((p) => statementName(p.st)) },
        snippet(
          comment('Check these Deny conditions against the pod, or remove the Deny from the trust policy. The step-6 document, without any Deny:'),
          comment(fix),
        ),
      );
    }
    const exact = allowing.filter((st) => (st.principal?.Federated ?? []).includes(s.providerArn));
    if (!exact.length) {
      return warn(
        `${s.roleName} trusts every principal ("*") for ${WEB_IDENTITY} (${allowing.map(statementName).join(', ')}), not this cluster's provider by name: whether STS accepts it is not verifiable here, and it trusts far more than this cluster.`,
        evidence,
        fix,
      );
    }
    return pass(`${s.roleName} trusts ${s.providerArn} for ${WEB_IDENTITY} (${exact.map(statementName).join(', ')}).`, {
      expected,
      actual: exact.map(statementName),
    });
  },
});

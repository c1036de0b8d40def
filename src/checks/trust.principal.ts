import { statementAppliesTo } from '../iam/match.js';
import { WEB_IDENTITY, isOutcome, principalStatements, trustPolicyFix, trustSetup } from './trust-analysis.js';
import { defineCheck, fail, pass } from './types.js';

export default defineCheck({
  meta: {
    id: 'trust.principal',
    title: "The role's trust policy lets this cluster's OIDC provider assume it with web identity",
    symptom: 'AccessDeniedException',
    docs:
      'Looks for an Allow statement whose Principal.Federated is exactly arn:aws:iam::ACCOUNT:oidc-provider/HOST for this ' +
      "cluster's issuer and whose Action covers sts:AssumeRoleWithWebIdentity, with no unconditional Deny. A provider of an " +
      'old or recreated cluster, another account, sts:AssumeRole instead of the web-identity action, or an AWS/Service ' +
      'principal all end in STS "Not authorized to perform sts:AssumeRoleWithWebIdentity".',
    remediation: "Trust this cluster's OIDC provider with sts:AssumeRoleWithWebIdentity (setup guide step 6).",
  },
  async run(ctx) {
    const s = await trustSetup(ctx);
    if (isOutcome(s)) return s;
    const fix = trustPolicyFix(s, ctx.target.namespace, ctx.target.serviceAccount);
    const denies = s.trust.statements.filter((st) => st.effect === 'Deny' && !st.condition && statementAppliesTo(st, WEB_IDENTITY) && (st.principal?.any || (st.principal?.Federated ?? []).includes(s.providerArn)));
    if (denies.length) {
      return fail(`The trust policy of ${s.roleName} has an unconditional Deny of ${WEB_IDENTITY} (statement ${denies.map((d) => d.sid ?? `#${d.index}`).join(', ')}).`, { deniedBy: denies.map((d) => d.sid ?? d.index) }, `Remove the Deny statement. ${fix}`);
    }
    const ok = principalStatements(s);
    if (ok.length) return pass(`${s.roleName} trusts ${s.providerArn} for ${WEB_IDENTITY}.`, { providerArn: s.providerArn, statements: ok.map((st) => st.sid ?? st.index) });

    const observed: string[] = [];
    for (const st of s.trust.statements.filter((x) => x.effect === 'Allow')) {
      const federated = st.principal?.Federated ?? [];
      if (federated.includes(s.providerArn)) {
        observed.push(`statement ${st.sid ?? `#${st.index}`} names this provider but allows ${[...(st.action ?? []), ...(st.notAction ?? []).map((a) => `NotAction ${a}`)].join(', ')}, not ${WEB_IDENTITY}`);
        continue;
      }
      for (const f of federated) {
        const sameHostPrefix = f.replace(/\/id\/[^/]+$/, '') === s.providerArn.replace(/\/id\/[^/]+$/, '');
        observed.push(sameHostPrefix ? `trusts ${f}: another cluster id than this cluster's ${s.host} (an old or recreated cluster?)` : `trusts ${f}, not ${s.providerArn}`);
      }
      if (st.principal?.AWS || st.principal?.Service) observed.push(`statement ${st.sid ?? `#${st.index}`} trusts ${JSON.stringify({ AWS: st.principal.AWS, Service: st.principal.Service })}, not a Federated OIDC provider`);
    }
    return fail(
      `The trust policy of ${s.roleName} does not let ${s.providerArn} assume it: ${observed.join('; ') || 'no Allow statement'}.`,
      { expected: { Federated: s.providerArn, Action: WEB_IDENTITY }, actual: s.trust.statements.map((st) => ({ effect: st.effect, principal: st.principal ?? null, action: st.action ?? st.notAction ?? null })) },
      fix,
    );
  },
});

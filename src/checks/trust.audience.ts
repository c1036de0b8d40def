import { evaluateCondition } from '../iam/conditions.js';
import { conditionKeys, conditionPart, isOutcome, keyProblem, principalStatements, trustPolicyFix, trustSetup } from './trust-analysis.js';
import { defineCheck, fail, pass, skip, warn } from './types.js';

const isAud = (k: string) => k.endsWith(':aud');

export default defineCheck({
  meta: {
    id: 'trust.audience',
    title: 'The trust condition on HOST:aud admits the token audience (sts.amazonaws.com)',
    symptom: 'AccessDeniedException',
    docs:
      'Evaluates only the :aud part of the trust condition for the audience the token carries (sts.amazonaws.com unless ' +
      'the ServiceAccount sets eks.amazonaws.com/audience). A different value (e.g. sts.amazon.com) or a key STS never ' +
      'sends fails. No :aud condition works, because the provider still checks its ClientIDList, but it is not the ' +
      'documented form: a warning.',
    remediation: 'Add "HOST:aud": "sts.amazonaws.com" under StringEquals to the trust condition (setup guide step 5).',
  },
  async run(ctx) {
    const s = await trustSetup(ctx);
    if (isOutcome(s)) return s;
    const statements = principalStatements(s);
    if (!statements.length) return skip('trust.principal', `no trust statement lets ${s.providerArn} assume ${s.roleName}`);
    const fix = trustPolicyFix(s, ctx.target.namespace, ctx.target.serviceAccount);
    const results = statements.map((st) => ({
      st,
      keys: conditionKeys(st.condition, isAud),
      result: evaluateCondition(conditionPart(st.condition, isAud), s.context, { source: s.trust.source, index: st.index, sid: st.sid }),
    }));
    const evidence = { expected: { [`${s.host}:aud`]: s.audience }, actual: results.map((r) => r.keys) };
    if (results.some((r) => r.keys.length === 0)) {
      return warn(`The trust policy of ${s.roleName} has no ${s.host}:aud condition; the provider's client list still checks the audience, but the documented form pins it.`, evidence, fix);
    }
    const admitted = results.find((r) => r.keys.length > 0 && r.result.value === 'true');
    if (admitted) return pass(`The trust condition admits audience ${s.audience}.`, evidence);
    const unknown = results.find((r) => r.result.value === 'unknown');
    if (unknown) return warn(`The audience condition could not be decided: ${unknown.result.unknown.map((u) => `${u.operator} ${u.key}`).join('; ')}.`, evidence);
    const reasons = results.flatMap((r) => r.keys.map((k) => keyProblem(k.key, s.host, 'aud') ?? `${k.key} is ${JSON.stringify(k.values)} under ${k.op}, the token carries ${s.audience}`));
    return fail(`The trust condition rejects audience ${s.audience}: ${[...new Set(reasons)].join('; ')}.`, evidence, fix);
  },
});

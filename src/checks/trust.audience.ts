import {
  describeUnknown,
  isClaimKey,
  judgeStatements,
  keyProblem,
  mixesIssuers,
  pinsClaim,
  principalStatements,
  statementName,
  trustPolicyFix,
  trustSetup,
} from './lib/trust-analysis.js';
import { defineCheck, fail, pass, skip, warn } from './lib/types.js';

const isAud = isClaimKey('aud');

export default defineCheck({
  meta: {
    id: 'trust.audience',
    dependsOn: ['sa.annotation', 'trust.principal'],
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
    if ('status' in s) return s;
    const statements = principalStatements(s);
    if (!statements.length) return skip('trust.principal', `no trust statement lets ${s.providerArn} assume ${s.roleName}`);
    const fix = trustPolicyFix(s, ctx.target.namespace, ctx.target.serviceAccount);
    // Judge the statements the pod's subject gets through (trust.subject's business); if none does, all of them.
    const bySubject = judgeStatements(s, statements, (k) => !isAud(k), isAud)
      .filter((v) => v.result.value !== 'false')
      .map((v) => v.st);
    const verdicts = judgeStatements(s, bySubject.length ? bySubject : statements, isAud, isAud);
    const evidence = {
      expected: { [`${s.host}:aud`]: s.audience },
      actual: verdicts.map((v) => ({ statement: statementName(v.st), aud: v.keys, admits: v.result.value })),
    };
    const admitted = verdicts.filter((v) => v.result.value === 'true');
    const pinned = admitted.find((v) => v.keys.some((k) => pinsClaim(k, s.host, 'aud')));
    if (pinned) return pass(`The trust condition admits audience ${s.audience} (${statementName(pinned.st)}).`, evidence);
    if (admitted.length) {
      return warn(
        `In the trust policy of ${s.roleName}, ${statementName(admitted[0]!.st)} does not pin ${s.host}:aud. It works (the OIDC provider still checks the audience against its client list), but the documented form pins it to ${s.audience}.`,
        evidence,
        fix,
      );
    }
    const unknown = verdicts.filter((v) => v.result.value === 'unknown');
    if (unknown.length) {
      return warn(
        `The audience condition admits ${s.audience} only if conditions the doctor cannot evaluate hold: ${unknown.map(describeUnknown).join('; ')}.`,
        { ...evidence, unknown: unknown.flatMap((v) => v.result.unknown) },
      );
    }
    const reasons = verdicts.flatMap((v) => [
      ...(mixesIssuers(v.keys, s.host, 'aud') ? [`${statementName(v.st)} ANDs the :aud keys of two issuers, which never exist together`] : []),
      ...v.keys
        .filter((k) => v.result.falseTests.some((t) => t.operator === k.op && t.key === k.key))
        .map((k) => keyProblem(k.key, s.host, 'aud') ?? `${k.op} ${k.key} is ${JSON.stringify(k.values)}, but the token carries ${s.audience}`),
    ]);
    return fail(`The trust condition of ${s.roleName} rejects audience ${s.audience}: ${[...new Set(reasons)].join('; ')}.`, evidence, fix);
  },
});

import { evaluateCondition } from '../iam/conditions.js';
import { conditionKeys, conditionPart, isOutcome, keyProblem, principalStatements, trustPolicyFix, trustSetup } from './trust-analysis.js';
import { defineCheck, fail, pass, skip, warn } from './types.js';

const isAud = (k: string) => k.endsWith(':aud');
const isSub = (k: string) => k.endsWith(':sub');

export default defineCheck({
  meta: {
    id: 'trust.subject',
    title: 'The trust condition admits exactly system:serviceaccount:NAMESPACE:SERVICEACCOUNT',
    symptom: 'AccessDeniedException',
    docs:
      'Evaluates the trust condition (all keys but :aud) for the token the pod presents, sub = system:serviceaccount:NS:SA. ' +
      'StringEquals compares literally (a * there matches nothing); StringLike globs; a key written with https:// or for ' +
      "another cluster's issuer never exists, so the condition is false. A wrong namespace or name fails. No :sub condition " +
      'at all fails too: any pod in the cluster could assume the role. A glob admitting other ServiceAccounts is a warning.',
    remediation: 'Make the trust condition "HOST:sub": "system:serviceaccount:NS:SA" under StringEquals (setup guide step 6).',
  },
  async run(ctx) {
    const s = await trustSetup(ctx);
    if (isOutcome(s)) return s;
    const statements = principalStatements(s);
    if (!statements.length) return skip('trust.principal', `no trust statement lets ${s.providerArn} assume ${s.roleName}`);
    const fix = trustPolicyFix(s, ctx.target.namespace, ctx.target.serviceAccount);
    const results = statements.map((st) => ({
      st,
      subKeys: conditionKeys(st.condition, isSub),
      result: evaluateCondition(conditionPart(st.condition, (k) => !isAud(k)), s.context, { source: s.trust.source, index: st.index, sid: st.sid }),
    }));
    const evidence = { expected: { [`${s.host}:sub`]: s.sub }, actual: results.map((r) => r.subKeys) };

    const open = results.find((r) => r.subKeys.length === 0 && r.result.value !== 'false');
    if (open) return fail(`Statement ${open.st.sid ?? `#${open.st.index}`} of ${s.roleName}'s trust policy has no :sub condition: any pod in the cluster can assume the role.`, evidence, fix);

    const admitted = results.find((r) => r.result.value === 'true');
    if (admitted) {
      const globs = admitted.subKeys.filter((k) => /like/i.test(k.op) && k.values.some((v) => /[*?]/.test(v)));
      if (globs.length) {
        return warn(`The trust condition admits ${s.sub}, but through the glob ${globs.flatMap((g) => g.values).join(', ')}: other ServiceAccounts match too.`, evidence, `Scope it to the one ServiceAccount. ${fix}`);
      }
      return pass(`The trust condition admits ${s.sub}.`, evidence);
    }
    const unknown = results.find((r) => r.result.value === 'unknown');
    if (unknown) {
      const conds = unknown.result.unknown.map((u) => `${u.operator} ${u.key} ${JSON.stringify(u.values)}`).join('; ');
      return warn(`The trust condition admits ${s.sub} only if conditions the doctor cannot evaluate hold: ${conds}.`, { ...evidence, unknown: unknown.result.unknown });
    }

    const reasons = results.flatMap(({ subKeys, result }) => {
      const out: string[] = [];
      for (const k of subKeys) {
        const problem = keyProblem(k.key, s.host, 'sub');
        if (problem) out.push(problem);
        else if (/^StringEquals/i.test(k.op) && k.values.some((v) => v.includes('*'))) out.push(`${k.op} treats * literally, so ${JSON.stringify(k.values)} never matches (use StringLike, or better the exact name)`);
        else out.push(`${k.key} is ${JSON.stringify(k.values)} under ${k.op}, the pod presents ${s.sub}`);
      }
      for (const key of result.falseKeys.filter((k) => !isSub(k.toLowerCase()))) out.push(`condition on ${key} is false for this pod`);
      return out;
    });
    return fail(`The trust condition rejects ${s.sub}: ${[...new Set(reasons)].join('; ')}.`, evidence, fix);
  },
});

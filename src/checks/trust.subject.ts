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
  type StatementVerdict,
  type TrustSetup,
  type WrittenKey,
} from './lib/trust-analysis.js';
import { comment, snippet } from './lib/fix.js';
import { defineCheck, fail, pass, skip, warn } from './lib/types.js';

const isAud = isClaimKey('aud');
const isSub = isClaimKey('sub');
const SUBJECT = /^system:serviceaccount:([^:]*):([^:]*)$/;

/** Why one written :sub test rejects the pod's subject (T3, T4, T5). */
function subRejection(k: WrittenKey, s: TrustSetup, namespace: string, serviceAccount: string): string {
  const problem = keyProblem(k.key, s.host, 'sub');
  if (problem) return problem;
  if (/^(for(any|all)values:)?stringequals/i.test(k.op) && k.values.some((v) => v.includes('*'))) {
    return `${k.op} treats * literally, so ${JSON.stringify(k.values)} matches no real subject (use StringLike, or better the exact name)`;
  }
  const diffs = k.values.flatMap((v) => {
    const m = SUBJECT.exec(v);
    if (!m) return [];
    return [
      m[1] !== namespace && `namespace ${m[1]} instead of ${namespace}`,
      m[2] !== serviceAccount && `ServiceAccount ${m[2]} instead of ${serviceAccount}`,
    ].filter(Boolean);
  });
  return `${k.op} ${k.key} is ${JSON.stringify(k.values)}, but the pod presents ${s.sub}${diffs.length ? ` (${[...new Set(diffs)].join(', ')})` : ''}`;
}

function rejections(v: StatementVerdict, s: TrustSetup, namespace: string, serviceAccount: string): string[] {
  const out: string[] = [];
  if (mixesIssuers(v.keys, s.host, 'sub')) {
    out.push(`${statementName(v.st)} ANDs the :sub keys of two issuers, which never exist together: each cluster needs its own statement`);
  }
  for (const test of v.result.falseTests) {
    const written = v.keys.filter((k) => k.key === test.key && k.op === test.operator);
    if (written.length) out.push(...written.map((k) => subRejection(k, s, namespace, serviceAccount)));
    else out.push(`${statementName(v.st)}: the condition on ${test.key} is false for this pod`);
  }
  return out;
}

/** What a glob admits besides the pod (T6). */
function globReach(value: string): string {
  const m = SUBJECT.exec(value);
  if (value === 'system:serviceaccount:*' || value === '*' || (m && m[1]!.includes('*'))) return `${value} admits any ServiceAccount in the cluster`;
  if (m && m[2] === '*') return `${value} admits any ServiceAccount in namespace ${m[1]}`;
  return `${value} admits other ServiceAccounts too`;
}

export default defineCheck({
  meta: {
    id: 'trust.subject',
    dependsOn: ['sa.annotation', 'trust.principal'],
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
    if ('status' in s) return s;
    const statements = principalStatements(s);
    if (!statements.length) return skip('trust.principal', `no trust statement lets ${s.providerArn} assume ${s.roleName}`);
    const { namespace, serviceAccount } = ctx.target;
    const fix = trustPolicyFix(s, namespace, serviceAccount);
    const verdicts = judgeStatements(s, statements, (k) => !isAud(k), isSub);
    const evidence = {
      expected: { [`${s.host}:sub`]: s.sub },
      actual: verdicts.map((v) => ({ statement: statementName(v.st), sub: v.keys, admits: v.result.value })),
    };

    // T7: a statement that lets the pod in without pinning this cluster's :sub lets every pod in.
    const open = verdicts.find((v) => v.result.value !== 'false' && !v.keys.some((k) => pinsClaim(k, s.host, 'sub')));
    if (open) {
      const why = open.keys.length
        ? `its :sub test (${open.keys.map((k) => `${k.op} ${k.key}`).join(', ')}) does not pin ${s.host}:sub to a name`
        : 'it has no :sub condition';
      return fail(
        `In the trust policy of ${s.roleName}, ${statementName(open.st)} admits the pod, but ${why}: any pod in the cluster can assume the role.`,
        evidence,
        fix,
      );
    }

    const admitted = verdicts.filter((v) => v.result.value === 'true');
    if (admitted.length) {
      const globs = admitted
        .flatMap((v) => v.keys.filter((k) => pinsClaim(k, s.host, 'sub') && /like/i.test(k.op)))
        .flatMap((k) => k.values.filter((x) => /[*?]/.test(x)));
      if (globs.length) {
        return warn(
          `The trust condition admits ${s.sub}, but through a glob: ${[...new Set(globs)].map(globReach).join('; ')}.`,
          evidence,
          snippet(comment('Scope it to the one ServiceAccount:'), fix),
        );
      }
      return pass(`The trust condition admits ${s.sub} (${admitted.map((v) => statementName(v.st)).join(', ')}).`, evidence);
    }

    const unknown = verdicts.filter((v) => v.result.value === 'unknown');
    if (unknown.length) {
      return warn(
        `The trust condition admits ${s.sub} only if conditions the doctor cannot evaluate hold: ${unknown.map(describeUnknown).join('; ')}.`,
        { ...evidence, unknown: unknown.flatMap((v) => v.result.unknown) },
        comment('Check these conditions against the pod, or drop them from the trust statement.'),
      );
    }

    const reasons = [...new Set(verdicts.flatMap((v) => rejections(v, s, namespace, serviceAccount)))];
    return fail(`The trust condition of ${s.roleName} rejects ${s.sub}: ${reasons.join('; ')}.`, evidence, fix);
  },
});

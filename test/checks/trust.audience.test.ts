import { describe, it, expect } from '@jest/globals';
import check from '../../src/checks/trust.audience.js';
import type { ServiceAccountFact } from '../../src/facts/types.js';
import { checkCases, prerequisiteCases, type CheckCase } from '../helpers/check-cases.js';
import { contextWith, unavailable } from '../helpers/fake-facts.js';
import { ACCOUNT, AUD_KEY, PROVIDER_ARN, OLD_HOST, SUB, SUB_KEY, parsed, run, subAud, trustOf, webIdentity, withTrust, workshop } from './iam-fixtures.js';

const only = (condition?: Parameters<typeof webIdentity>[0]) => withTrust(trustOf(webIdentity(condition)));
const audienceAnnotation = (audience: string) => (v: { serviceAccount: unknown }) => {
  (v.serviceAccount as ServiceAccountFact).annotations['eks.amazonaws.com/audience'] = audience;
};

const cases: CheckCase[] = [
  { name: 'StringEquals sts.amazonaws.com', ctx: contextWith(), status: 'pass', says: ['sts.amazonaws.com'] },
  {
    name: 'the SA overrides the audience and the trust pins it',
    ctx: withTrust(trustOf(webIdentity(subAud(SUB, 'StringEquals', 'my-aud'))), audienceAnnotation('my-aud')),
    status: 'pass',
    says: ['my-aud'],
  },
  {
    name: "the statement the pod's subject uses pins it, another one for another SA does not",
    ctx: withTrust(trustOf(webIdentity(subAud('system:serviceaccount:other:x', 'StringEquals', 'sts.amazon.com')), webIdentity(subAud()))),
    status: 'pass',
    says: ['statement #2'],
  },
  {
    name: 'T8: no :aud condition',
    ctx: only({ StringEquals: { [SUB_KEY]: [SUB] } }),
    status: 'warn',
    says: ['does not pin', 'client list'],
    mentions: [`"${AUD_KEY}": "sts.amazonaws.com"`],
  },
  {
    name: 'T8: only a negated :aud test',
    ctx: only({ StringEquals: { [SUB_KEY]: [SUB] }, StringNotEquals: { [AUD_KEY]: ['other'] } }),
    status: 'warn',
    says: ['does not pin'],
  },
  {
    name: 'an :aud test the doctor cannot evaluate (unknown operator)',
    ctx: only({ StringEquals: { [SUB_KEY]: [SUB] }, StringMatchesRegex: { [AUD_KEY]: ['^sts'] } }),
    status: 'warn',
    says: ['StringMatchesRegex'],
  },
  {
    name: 'T9: sts.amazon.com',
    ctx: only(subAud(SUB, 'StringEquals', 'sts.amazon.com')),
    status: 'fail',
    says: ['["sts.amazon.com"]', 'the token carries sts.amazonaws.com'],
  },
  {
    name: 'T9: the SA overrides the audience, the trust still says sts.amazonaws.com',
    ctx: withTrust(trustOf(webIdentity(subAud())), audienceAnnotation('my-aud')),
    status: 'fail',
    says: ['the token carries my-aud'],
  },
  {
    name: "T9: the pod's statement has the wrong audience, another SA's statement the right one",
    ctx: withTrust(trustOf(webIdentity(subAud('system:serviceaccount:other:x')), webIdentity(subAud(SUB, 'StringEquals', 'sts.amazon.com')))),
    status: 'fail',
    says: ['sts.amazon.com'],
  },
  {
    name: 'T3: the :aud key written with https://',
    ctx: only({ StringEquals: { [SUB_KEY]: [SUB], [`https://${AUD_KEY}`]: ['sts.amazonaws.com'] } }),
    status: 'fail',
    says: ['starts with https://'],
  },
  {
    name: "T10: two clusters' :aud keys in one statement",
    ctx: only({ StringEquals: { [SUB_KEY]: [SUB], [AUD_KEY]: ['sts.amazonaws.com'], [`${OLD_HOST}:aud`]: ['sts.amazonaws.com'] } }),
    status: 'fail',
    says: ['two issuers'],
  },
  {
    name: 'trust.principal fails (Principal.AWS)',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] } }))),
    status: 'skip',
    says: ['see trust.principal'],
  },
  ...prerequisiteCases(check),
];

const HOST = AUD_KEY.slice(0, -':aud'.length);
const rejects = (reasons: string) => `The trust condition of cart-dynamodb-role rejects audience sts.amazonaws.com: ${reasons}.`;

// The whole message where it lists reasons or conditions, and the evidence JSON consumers read.
const messageCases: CheckCase[] = [
  {
    name: ':aud tests the doctor cannot evaluate in two statements: both named',
    ctx: withTrust(
      trustOf(
        webIdentity({ StringEquals: { [SUB_KEY]: [SUB] }, StringMatchesRegex: { [AUD_KEY]: ['^sts'] } }),
        webIdentity({ StringEquals: { [SUB_KEY]: [SUB] }, StringMatchesGlob: { [AUD_KEY]: ['sts*'] } }),
      ),
    ),
    status: 'warn',
    saysExactly: `The audience condition admits sts.amazonaws.com only if conditions the doctor cannot evaluate hold: StringMatchesRegex ${AUD_KEY} ["^sts"]; StringMatchesGlob ${AUD_KEY} ["sts*"].`,
  },
  {
    name: 'the pinned audience, with the evidence',
    ctx: contextWith(),
    status: 'pass',
    saysExactly: 'The trust condition admits audience sts.amazonaws.com (statement #1).',
    evidence: {
      expected: { [AUD_KEY]: 'sts.amazonaws.com' },
      actual: [{ statement: 'statement #1', aud: [{ op: 'StringEquals', key: AUD_KEY, values: ['sts.amazonaws.com'] }], admits: 'true' }],
    },
  },
  {
    // The glob's key is written in capitals (IAM keys are case-insensitive): still only the false test is named.
    name: 'T9: a wrong audience next to a glob that admits it: only the false test is named',
    ctx: only({ StringEquals: { [SUB_KEY]: [SUB], [AUD_KEY]: ['sts.amazon.com'] }, StringLike: { [AUD_KEY.toUpperCase()]: ['sts.*'] } }),
    status: 'fail',
    saysExactly: rejects(`StringEquals ${AUD_KEY} is ["sts.amazon.com"], but the token carries sts.amazonaws.com`),
  },
  {
    // Regression: the key is false under StringEquals only; the glob that admits it is no reason.
    name: 'T9: a wrong audience next to a glob on the same key that admits it: only the false test is named',
    ctx: only({ StringEquals: { [SUB_KEY]: [SUB], [AUD_KEY]: ['sts.amazon.com'] }, StringLike: { [AUD_KEY]: ['sts.*'] } }),
    status: 'fail',
    saysExactly: rejects(`StringEquals ${AUD_KEY} is ["sts.amazon.com"], but the token carries sts.amazonaws.com`),
  },
  {
    name: "T10: two clusters' :aud keys, the whole message",
    ctx: only({ StringEquals: { [SUB_KEY]: [SUB], [AUD_KEY]: ['sts.amazonaws.com'], [`${OLD_HOST}:aud`]: ['sts.amazonaws.com'] } }),
    status: 'fail',
    saysExactly: rejects(
      `statement #1 ANDs the :aud keys of two issuers, which never exist together; key "${OLD_HOST}:aud" is for another issuer than this cluster's ${HOST} (an old or recreated cluster?), so it never exists in the request`,
    ),
  },
  {
    name: 'two rejecting statements: each reason once',
    ctx: withTrust(
      trustOf(
        webIdentity({ StringEquals: { [SUB_KEY]: [SUB], [AUD_KEY]: ['sts.amazon.com'] } }),
        webIdentity({ StringEquals: { [SUB_KEY]: [SUB], [`https://${AUD_KEY}`]: ['sts.amazonaws.com'] } }),
        webIdentity({ StringEquals: { [SUB_KEY]: [SUB], [AUD_KEY]: ['sts.amazon.com'] } }),
      ),
    ),
    status: 'fail',
    saysExactly: rejects(
      `StringEquals ${AUD_KEY} is ["sts.amazon.com"], but the token carries sts.amazonaws.com; key "https://${AUD_KEY}" starts with https://, so it never exists in the request (the key is "${AUD_KEY}")`,
    ),
  },
  {
    name: 'two :aud tests the doctor cannot evaluate: both named, in the evidence too',
    ctx: only({ StringEquals: { [SUB_KEY]: [SUB] }, StringMatchesRegex: { [AUD_KEY]: ['^sts'] }, StringMatchesGlob: { [AUD_KEY]: ['sts*'] } }),
    status: 'warn',
    saysExactly: `The audience condition admits sts.amazonaws.com only if conditions the doctor cannot evaluate hold: StringMatchesRegex ${AUD_KEY} ["^sts"]; StringMatchesGlob ${AUD_KEY} ["sts*"].`,
    evidence: {
      unknown: [
        { operator: 'StringMatchesRegex', key: AUD_KEY },
        { operator: 'StringMatchesGlob', key: AUD_KEY },
      ],
    },
  },
  {
    name: 'trust.principal fails: the skip names the provider and the role',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] } }))),
    status: 'skip',
    says: [`no trust statement lets ${PROVIDER_ARN} assume cart-dynamodb-role`],
  },
];

describe('trust.audience', () => {
  checkCases(check, [...cases, ...messageCases]);

  it('fixes a wrong audience with the exact condition and the update command', async () => {
    const result = await run(check, only(subAud(SUB, 'StringEquals', 'sts.amazon.com')));
    expect(result.remediation).toContain(`"${AUD_KEY}": "sts.amazonaws.com"`);
    expect(result.remediation).toContain('aws iam update-assume-role-policy --role-name cart-dynamodb-role');
    expect(result.evidence).toMatchObject({ expected: { [AUD_KEY]: 'sts.amazonaws.com' } });
  });

  it('an unreadable ServiceAccount falls back to the expected audience', async () => {
    const result = await run(
      check,
      contextWith((v) => (v.serviceAccount = unavailable('serviceaccounts get'))),
    );
    expect(result.status).toBe('pass');
  });

  it("parsed JSON: the EKS workshop's trust policy (no :aud condition) → warn", async () => {
    const trust = parsed(workshop('trust', true), 'trust policy of retail-store-carts-dynamo');
    const result = await run(
      check,
      withTrust(trust, () => {}, 'retail-store'),
    );
    expect(result.status).toBe('warn');
    expect(result.remediation).toContain('system:serviceaccount:carts:carts');
  });
});

// @ts-nocheck
import { describe, it, expect } from '@jest/globals';
import check from '../../src/checks/trust.audience.js';
import type { ServiceAccountFact } from '../../src/facts/types.js';
import { checkCases, prerequisiteCases, type CheckCase } from '../helpers/check-cases.js';
import { contextWith, unavailable } from '../helpers/fake-facts.js';
import { ACCOUNT, AUD_KEY, OLD_HOST, SUB, SUB_KEY, parsed, run, subAud, trustOf, webIdentity, withTrust, workshop } from './iam-fixtures.js';

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

describe('trust.audience', () => {
  checkCases(check, cases);

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

// @ts-nocheck
import { describe, it, expect } from '@jest/globals';
import check from '../../src/checks/trust.subject.js';
import { checkCases, prerequisiteCases, type CheckCase } from '../helpers/check-cases.js';
import { contextWith, trustDocument } from '../helpers/fake-facts.js';
import {
  ACCOUNT,
  AUD_KEY,
  OLD_HOST,
  PROVIDER_ARN,
  SUB,
  SUB_KEY,
  parsed,
  rawTrust,
  run,
  subAud,
  trustOf,
  webIdentity,
  withTrust,
  workshop,
} from './iam-fixtures.js';

const oldProvider = `arn:aws:iam::${ACCOUNT}:oidc-provider/${OLD_HOST}`;
const only = (condition?: Parameters<typeof webIdentity>[0]) => withTrust(trustOf(webIdentity(condition)));

const cases: CheckCase[] = [
  { name: 'StringEquals on the exact subject', ctx: contextWith(), status: 'pass', says: [SUB] },
  { name: 'StringLike on the exact subject', ctx: only(subAud(SUB, 'StringLike')), status: 'pass' },
  { name: 'a value list naming this SA and another', ctx: only(subAud([SUB, 'system:serviceaccount:other:x'])), status: 'pass' },
  { name: 'the key name in another case', ctx: only({ StringEquals: { [SUB_KEY.toUpperCase()]: [SUB], [AUD_KEY]: ['sts.amazonaws.com'] } }), status: 'pass' },
  {
    name: "one statement per cluster (the old cluster's first)",
    ctx: withTrust(trustOf(webIdentity({ StringEquals: { [`${OLD_HOST}:sub`]: [SUB] } }, { principal: { Federated: [oldProvider] } }), webIdentity(subAud()))),
    status: 'pass',
    says: ['statement #2'],
  },
  {
    name: 'T6: StringLike with a namespace glob',
    ctx: only(subAud('system:serviceaccount:retail-store-prod:*', 'StringLike')),
    status: 'warn',
    says: ['any ServiceAccount in namespace retail-store-prod'],
  },
  {
    name: 'T6: StringLike with a cluster-wide glob',
    ctx: only(subAud('system:serviceaccount:*', 'StringLike')),
    status: 'warn',
    says: ['any ServiceAccount in the cluster'],
  },
  {
    name: 'T6: StringLike with a ? glob',
    ctx: only(subAud('system:serviceaccount:retail-store-prod:cart-s?', 'StringLike')),
    status: 'warn',
    says: ['other ServiceAccounts'],
  },
  {
    name: 'a condition the doctor cannot know (aws:SourceIp)',
    ctx: only({ ...subAud(), IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } }),
    status: 'warn',
    says: ['IpAddress aws:SourceIp ["10.0.0.0/8"]'],
  },
  {
    name: 'T4: wrong namespace',
    ctx: only(subAud('system:serviceaccount:retail-store:cart-sa')),
    status: 'fail',
    says: ['system:serviceaccount:retail-store:cart-sa', `the pod presents ${SUB}`, 'namespace retail-store instead of retail-store-prod'],
  },
  {
    name: 'T4: wrong ServiceAccount name',
    ctx: only(subAud('system:serviceaccount:retail-store-prod:cart')),
    status: 'fail',
    says: ['ServiceAccount cart instead of cart-sa'],
  },
  {
    name: 'T4: the default ServiceAccount',
    ctx: only(subAud('system:serviceaccount:retail-store-prod:default')),
    status: 'fail',
    says: ['ServiceAccount default instead of cart-sa'],
  },
  { name: 'T4: a value in another case', ctx: only(subAud(SUB.toUpperCase())), status: 'fail', says: [SUB.toUpperCase()] },
  {
    name: 'T5: a * under StringEquals',
    ctx: only(subAud('system:serviceaccount:retail-store-prod:*')),
    status: 'fail',
    says: ['StringEquals treats * literally', 'StringLike'],
  },
  {
    name: 'T3: the key written with https://',
    ctx: only({ StringEquals: { [`https://${SUB_KEY}`]: [SUB], [AUD_KEY]: ['sts.amazonaws.com'] } }),
    status: 'fail',
    says: ['starts with https://', `"${SUB_KEY}"`],
  },
  {
    name: "T3: the old cluster's key",
    ctx: only({ StringEquals: { [`${OLD_HOST}:sub`]: [SUB] } }),
    status: 'fail',
    says: [`${OLD_HOST}:sub`, 'another issuer', 'recreated cluster'],
  },
  {
    name: "T10: two clusters' keys AND-ed under one StringEquals",
    ctx: withTrust(
      trustOf(webIdentity({ StringEquals: { [SUB_KEY]: [SUB], [`${OLD_HOST}:sub`]: [SUB] } }, { principal: { Federated: [PROVIDER_ARN, oldProvider] } })),
    ),
    status: 'fail',
    says: ['two issuers', 'its own statement'],
  },
  {
    name: 'T7: only an :aud condition',
    ctx: only({ StringEquals: { [AUD_KEY]: ['sts.amazonaws.com'] } }),
    status: 'fail',
    says: ['no :sub condition', 'any pod in the cluster'],
  },
  { name: 'T7: no Condition at all', ctx: only(undefined), status: 'fail', says: ['no :sub condition', 'any pod in the cluster'] },
  {
    name: 'T3+T7: an https:// key under a negated operator (true for every token)',
    ctx: only({ StringNotEquals: { [`https://${SUB_KEY}`]: ['system:serviceaccount:kube-system:x'] } }),
    status: 'fail',
    says: ['does not pin', 'any pod in the cluster'],
  },
  {
    name: 'T7: a negated :sub test only',
    ctx: only({ StringNotEquals: { [SUB_KEY]: ['system:serviceaccount:kube-system:x'] } }),
    status: 'fail',
    says: ['does not pin', 'any pod'],
  },
  {
    name: 'trust.principal fails (old provider)',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [oldProvider] } }))),
    status: 'skip',
    says: ['see trust.principal'],
  },
  // Raw JSON through the parser, as GetRole returns it.
  {
    name: 'T4: the default namespace (guide trust document)',
    ctx: withTrust(trustDocument('system:serviceaccount:default:cart-sa')),
    status: 'fail',
    says: ['system:serviceaccount:default:cart-sa'],
    fix: [SUB],
  },
  {
    name: 'parsed JSON: https:// in the :sub key, no :aud test',
    ctx: withTrust(
      rawTrust({
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`https://${SUB_KEY}`]: SUB } },
      }),
    ),
    status: 'fail',
    says: ['https://'],
  },
  {
    name: 'parsed JSON: a namespace glob, no :aud test',
    ctx: withTrust(
      rawTrust({
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { [SUB_KEY]: 'system:serviceaccount:retail-store-prod:*' } },
      }),
    ),
    status: 'warn',
  },
  {
    name: 'parsed JSON: an undecidable extra condition, no :aud test',
    ctx: withTrust(
      rawTrust({
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [SUB_KEY]: SUB }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      }),
    ),
    status: 'warn',
    says: ['aws:SourceIp'],
  },
  {
    name: 'parsed JSON: trust.principal fails (a provider ARN of account 1)',
    ctx: withTrust(rawTrust({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::1:oidc-provider/x' }, Action: 'sts:AssumeRoleWithWebIdentity' })),
    status: 'skip',
  },
  ...prerequisiteCases(check),
];

describe('trust.subject', () => {
  checkCases(check, cases);

  it('fixes a rejection with the exact condition and the update command', async () => {
    const result = await run(check, only(subAud('system:serviceaccount:retail-store:cart-sa')));
    expect(result.remediation).toContain(`"${SUB_KEY}": "${SUB}"`);
    expect(result.remediation).toContain('aws iam update-assume-role-policy --role-name cart-dynamodb-role');
    expect(result.evidence).toMatchObject({ expected: { [SUB_KEY]: SUB } });
  });

  it('judges the target namespace and ServiceAccount, not the defaults', async () => {
    const ctx = only(subAud('system:serviceaccount:shop:cart'));
    ctx.target = { ...ctx.target, namespace: 'shop', serviceAccount: 'cart' };
    expect((await run(check, ctx)).status).toBe('pass');
  });

  it.each([
    { name: "the EKS workshop's trust policy moved onto this cluster (StringEquals carts:carts)", move: true, status: 'pass' },
    { name: "the EKS workshop's trust policy as published (another cluster's provider)", move: false, status: 'skip' },
  ])('parsed JSON: $name → $status', async ({ move, status }) => {
    const trust = parsed(workshop('trust', move), 'trust policy of retail-store-carts-dynamo');
    const result = await run(
      check,
      withTrust(trust, () => {}, 'retail-store'),
    );
    expect(result.status).toBe(status);
  });

  it('parsed JSON: the guide trust policy with a wildcard under StringEquals fails', async () => {
    const raw = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: PROVIDER_ARN },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [SUB_KEY]: 'system:serviceaccount:retail-store-prod:*' } },
        },
      ],
    };
    const result = await run(check, withTrust(parsed(JSON.stringify(raw), 'trust policy of cart-dynamodb-role')));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('treats * literally');
  });
});

// @ts-nocheck
import { describe, it, expect } from '@jest/globals';
import check from '../../src/checks/trust.principal.js';
import type { RoleFact } from '../../src/facts/types.js';
import { checkCases, prerequisiteCases, type CheckCase } from '../helpers/check-cases.js';
import { contextWith, unavailable } from '../helpers/fake-facts.js';
import {
  ACCOUNT,
  HOST,
  OLD_HOST,
  OLD_ID,
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
const otherAccount = `arn:aws:iam::999988887777:oidc-provider/${HOST}`;
const otherRegion = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`;

const cases: CheckCase[] = [
  { name: 'the guide trust policy', ctx: contextWith(), status: 'pass', says: [PROVIDER_ARN, 'sts:AssumeRoleWithWebIdentity'] },
  { name: 'Action sts:*', ctx: withTrust(trustOf(webIdentity(subAud(), { action: ['sts:*'] }))), status: 'pass' },
  { name: 'Action "*"', ctx: withTrust(trustOf(webIdentity(subAud(), { action: ['*'] }))), status: 'pass' },
  {
    name: 'Action in another case, next to sts:TagSession',
    ctx: withTrust(trustOf(webIdentity(subAud(), { action: ['STS:assumerolewithwebidentity', 'sts:TagSession'] }))),
    status: 'pass',
  },
  {
    name: 'NotAction that spares the web-identity action',
    ctx: withTrust(trustOf(webIdentity(subAud(), { action: undefined, notAction: ['sts:AssumeRole'] }))),
    status: 'pass',
  },
  {
    name: 'Federated list naming both clusters',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [oldProvider, PROVIDER_ARN] } }))),
    status: 'pass',
  },
  {
    name: 'a Deny whose condition is false for this pod',
    ctx: withTrust(
      trustOf(webIdentity(subAud()), {
        effect: 'Deny',
        principal: { any: true },
        action: ['sts:*'],
        condition: { StringEquals: { [SUB_KEY]: ['system:serviceaccount:kube-system:x'] } },
      }),
    ),
    status: 'pass',
  },
  {
    name: 'T1: the provider of an old cluster id',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [oldProvider] } }))),
    status: 'fail',
    says: [`oidc-provider/${OLD_HOST}`, HOST, 'recreated cluster'],
  },
  {
    name: "trust drift: the old cluster's provider still exists in IAM",
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [oldProvider] } })), (v) => (v.providers[oldProvider] = true)),
    status: 'fail',
    says: [`trusts cluster id ${OLD_ID}, this cluster is EXAMPLED539D4633E53DE1B71EXAMPLE`, 'still exists in IAM', 'blue-green'],
  },
  {
    name: "trust drift: the old cluster's provider is gone",
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [oldProvider] } })), (v) => (v.providers[oldProvider] = false)),
    status: 'fail',
    says: [`trusts cluster id ${OLD_ID}`, 'no longer exists in IAM'],
  },
  {
    name: 'T1: the provider in another account',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [otherAccount] } }))),
    status: 'fail',
    says: ['account 999988887777', `role's account is ${ACCOUNT}`],
  },
  {
    name: 'T1: a cluster in another region',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [otherRegion] } }))),
    status: 'fail',
    says: ['a cluster in us-east-1, this one is in ap-south-1'],
  },
  {
    name: 'T1: a typo in the provider ARN',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: ['arn:aws:iam::oidc/typo'] } }))),
    status: 'fail',
    says: ['arn:aws:iam::oidc/typo', PROVIDER_ARN],
  },
  {
    name: 'T1: Principal.AWS instead of Federated',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] } }))),
    status: 'fail',
    says: [`arn:aws:iam::${ACCOUNT}:root`, 'not a Federated OIDC provider'],
  },
  {
    name: 'T1: Pod Identity trust (Service principal)',
    ctx: withTrust(trustOf({ principal: { Service: ['pods.eks.amazonaws.com'] }, action: ['sts:AssumeRole', 'sts:TagSession'] })),
    status: 'fail',
    says: ['pods.eks.amazonaws.com'],
  },
  {
    name: 'T2: sts:AssumeRole instead of the web-identity action',
    ctx: withTrust(trustOf(webIdentity(subAud(), { action: ['sts:AssumeRole'] }))),
    status: 'fail',
    says: ['allows sts:AssumeRole, not sts:AssumeRoleWithWebIdentity', 'web-identity action'],
  },
  { name: 'an empty trust policy', ctx: withTrust(trustOf()), status: 'fail', says: ['no Allow statement'] },
  {
    name: 'T12: an unconditional Deny',
    ctx: withTrust(trustOf(webIdentity(subAud()), { sid: 'Lockdown', effect: 'Deny', principal: { any: true }, action: ['sts:AssumeRoleWithWebIdentity'] })),
    status: 'fail',
    says: ['explicit Deny', 'statement "Lockdown"'],
    mentions: ['Remove the Deny'],
  },
  {
    name: 'T12: a Deny whose condition holds for this pod',
    ctx: withTrust(
      trustOf(webIdentity(subAud()), {
        effect: 'Deny',
        principal: { Federated: [PROVIDER_ARN] },
        action: ['sts:*'],
        condition: { StringLike: { [SUB_KEY]: ['system:serviceaccount:retail-store-prod:*'] } },
      }),
    ),
    status: 'fail',
    says: ['statement #2', 'explicit Deny'],
  },
  {
    name: 'a Deny that depends on a condition the doctor cannot know',
    ctx: withTrust(
      trustOf(webIdentity(subAud()), {
        effect: 'Deny',
        principal: { any: true },
        action: ['sts:*'],
        condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } },
      }),
    ),
    status: 'warn',
    says: ['NotIpAddress aws:SourceIp ["10.0.0.0/8"]'],
  },
  {
    name: 'Principal "*" instead of the provider',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { any: true } }))),
    status: 'warn',
    says: ['every principal ("*")'],
  },
  { name: 'cluster not readable', ctx: contextWith((v) => (v.cluster = unavailable('eks:DescribeCluster'))), status: 'error', says: ['eks:DescribeCluster'] },
  {
    name: 'cluster not found (--cluster wrong)',
    ctx: contextWith((v) => (v.cluster = { name: 'nope', found: false, partition: 'aws' })),
    status: 'error',
    says: ['cluster nope was not found', '--cluster'],
  },
  {
    name: 'role ARN and cluster account both unknown',
    ctx: contextWith((v) => {
      v.roleRef = { name: 'cart-dynamodb-role', partition: 'aws', from: 'flag' };
      (v.role as RoleFact).ref = v.roleRef;
      if (!(v.cluster instanceof Error)) delete v.cluster.account;
    }),
    status: 'error',
    says: ['account'],
  },
  // Raw JSON through the parser, as GetRole returns it.
  {
    name: 'parsed JSON: an old cluster id, no Condition',
    ctx: withTrust(
      rawTrust({
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN.replace('EXAMPLED539D4633E53DE1B71EXAMPLE', 'OLDCLUSTERID') },
        Action: 'sts:AssumeRoleWithWebIdentity',
      }),
    ),
    status: 'fail',
    says: ['OLDCLUSTERID'],
    fix: ['update-assume-role-policy', HOST],
  },
  {
    name: 'parsed JSON: sts:* with a :sub test and no :aud test',
    ctx: withTrust(rawTrust({ Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:*', Condition: { StringEquals: { [SUB_KEY]: SUB } } })),
    status: 'pass',
  },
  ...prerequisiteCases(check),
];

describe('trust.principal', () => {
  checkCases(check, cases);

  it('fixes a failure with the guide step-6 trust policy, named for this run', async () => {
    const result = await run(check, withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [oldProvider] } }))));
    expect(result.remediation).toContain(`"Federated": "${PROVIDER_ARN}"`);
    expect(result.remediation).toContain(`"${SUB_KEY}": "${SUB}"`);
    expect(result.remediation).toContain(`"${HOST}:aud": "sts.amazonaws.com"`);
    expect(result.remediation).toContain('aws iam update-assume-role-policy --role-name cart-dynamodb-role --policy-document file://trust.json');
    expect(result.evidence).toMatchObject({ expected: { Federated: PROVIDER_ARN, Action: 'sts:AssumeRoleWithWebIdentity' } });
    expect(result.message).toContain(OLD_ID);
  });

  it('uses the target namespace and ServiceAccount of the retail-store preset in the fix', async () => {
    const result = await run(
      check,
      withTrust(trustOf(webIdentity(undefined, { action: ['sts:AssumeRole'] })), () => {}, 'retail-store'),
    );
    expect(result.status).toBe('fail');
    expect(result.remediation).toContain('system:serviceaccount:carts:carts');
  });

  it.each([
    { name: "the EKS workshop's trust policy as published (another cluster)", move: false, status: 'fail', says: 'us-west-2' },
    { name: "the EKS workshop's trust policy moved onto this cluster", move: true, status: 'pass', says: PROVIDER_ARN },
  ])('parsed JSON: $name → $status', async ({ move, status, says }) => {
    const trust = parsed(workshop('trust', move), 'trust policy of retail-store-carts-dynamo');
    const result = await run(
      check,
      withTrust(trust, () => {}, 'retail-store'),
    );
    expect(result.status).toBe(status);
    expect(result.message).toContain(says);
  });

  it('parsed JSON: a URL-encoded trust policy as GetRole returns it', async () => {
    const raw = encodeURIComponent(
      JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRole' } }),
    );
    const result = await run(check, withTrust(parsed(raw, 'trust policy of cart-dynamodb-role')));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('allows sts:AssumeRole');
  });
});

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

const github = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const notTrusted = (observed: string) => `The trust policy of cart-dynamodb-role does not let ${PROVIDER_ARN} assume it: ${observed}.`;
const guideEvidence = { expected: { Federated: PROVIDER_ARN, Action: 'sts:AssumeRoleWithWebIdentity' } };

// The whole message where it names what each statement trusts instead, and the evidence JSON consumers read.
const messageCases: CheckCase[] = [
  {
    name: 'T1: the provider of an issuer that is not EKS',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [github] } }))),
    status: 'fail',
    saysExactly: notTrusted(`statement #1 trusts oidc-provider/token.actions.githubusercontent.com, but this cluster's issuer is ${HOST}`),
  },
  {
    name: 'T1: a cluster in another region, the whole message',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [otherRegion] } }))),
    status: 'fail',
    saysExactly: notTrusted(
      `statement #1 trusts oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE, but this cluster's issuer is ${HOST}: a cluster in us-east-1, this one is in ap-south-1`,
    ),
  },
  {
    name: "trust drift: the old cluster's provider is gone, the whole message and the evidence",
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [oldProvider] } })), (v) => (v.providers[oldProvider] = false)),
    status: 'fail',
    saysExactly: notTrusted(
      `statement #1 trusts cluster id ${OLD_ID}, this cluster is EXAMPLED539D4633E53DE1B71EXAMPLE (oidc-provider/${OLD_HOST} vs ${HOST}); that provider no longer exists in IAM: the cluster was recreated`,
    ),
    evidence: {
      ...guideEvidence,
      actual: [{ statement: 'statement #1', effect: 'Allow', principal: { Federated: [oldProvider] }, action: ['sts:AssumeRoleWithWebIdentity'] }],
    },
  },
  {
    name: 'one statement trusting two wrong providers: both named',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [oldProvider, otherAccount] } }))),
    status: 'fail',
    saysExactly: notTrusted(
      `statement #1 trusts cluster id ${OLD_ID}, this cluster is EXAMPLED539D4633E53DE1B71EXAMPLE (oidc-provider/${OLD_HOST} vs ${HOST}) (an old or recreated cluster?); ` +
        `statement #1 trusts the provider in account 999988887777, but the role's account is ${ACCOUNT} (${PROVIDER_ARN})`,
    ),
  },
  {
    name: 'T1: Principal.AWS instead of Federated, the whole message',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] } }))),
    status: 'fail',
    saysExactly: notTrusted(`statement #1 trusts {"AWS":["arn:aws:iam::${ACCOUNT}:root"]}, not a Federated OIDC provider`),
  },
  {
    name: 'T1: Service principal, the whole message',
    ctx: withTrust(trustOf({ principal: { Service: ['pods.eks.amazonaws.com'] }, action: ['sts:AssumeRole'] })),
    status: 'fail',
    saysExactly: notTrusted('statement #1 trusts {"Service":["pods.eks.amazonaws.com"]}, not a Federated OIDC provider'),
  },
  {
    name: 'only a Deny, for another provider: no Allow statement',
    ctx: withTrust(trustOf({ effect: 'Deny', principal: { Federated: [otherAccount] }, action: ['sts:AssumeRoleWithWebIdentity'] })),
    status: 'fail',
    saysExactly: notTrusted('it has no Allow statement'),
  },
  {
    name: 'T2: sts:AssumeRole next to sts:TagSession, the whole message',
    ctx: withTrust(trustOf(webIdentity(subAud(), { action: ['sts:AssumeRole', 'sts:TagSession'] }))),
    status: 'fail',
    saysExactly: notTrusted(
      'statement #1 trusts this provider but allows sts:AssumeRole, sts:TagSession, not sts:AssumeRoleWithWebIdentity (sts:AssumeRole is for IAM principals and services; a pod token needs the web-identity action)',
    ),
  },
  {
    name: 'only sts:TagSession: no sts:AssumeRole hint',
    ctx: withTrust(trustOf(webIdentity(subAud(), { action: ['sts:TagSession'] }))),
    status: 'fail',
    saysExactly: notTrusted('statement #1 trusts this provider but allows sts:TagSession, not sts:AssumeRoleWithWebIdentity'),
  },
  {
    name: 'NotAction that excludes the web-identity action',
    ctx: withTrust(trustOf(webIdentity(subAud(), { action: undefined, notAction: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] }))),
    status: 'fail',
    saysExactly: notTrusted(
      'statement #1 trusts this provider but allows everything but sts:AssumeRoleWithWebIdentity, sts:TagSession, not sts:AssumeRoleWithWebIdentity',
    ),
    evidence: {
      actual: [{ statement: 'statement #1', principal: { Federated: [PROVIDER_ARN] }, action: { not: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] } }],
    },
  },
  {
    name: 'NotPrincipal that excludes this provider',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: undefined, notPrincipal: { Federated: [PROVIDER_ARN] } }))),
    status: 'fail',
    evidence: { actual: [{ statement: 'statement #1', principal: { not: { Federated: [PROVIDER_ARN] } }, action: ['sts:AssumeRoleWithWebIdentity'] }] },
  },
  {
    name: 'NotPrincipal that spares this provider: trusts far more than this cluster',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: undefined, notPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] } }))),
    status: 'warn',
    says: ['(statement #1)', "not this cluster's provider by name"],
  },
  {
    name: 'two Denies that hold: both named, in the evidence and the fix',
    ctx: withTrust(
      trustOf(
        webIdentity(subAud()),
        { sid: 'LockA', effect: 'Deny', principal: { any: true }, action: ['sts:AssumeRoleWithWebIdentity'] },
        { sid: 'LockB', effect: 'Deny', principal: { Federated: [PROVIDER_ARN] }, action: ['sts:*'] },
      ),
    ),
    status: 'fail',
    saysExactly:
      'The trust policy of cart-dynamodb-role denies sts:AssumeRoleWithWebIdentity to this cluster\'s pods: statement "LockA", statement "LockB" is an explicit Deny, and a Deny always wins.',
    evidence: { ...guideEvidence, deniedBy: ['statement "LockA"', 'statement "LockB"'] },
    fix: ['# Remove the Deny (statement "LockA", statement "LockB") from the trust policy: the document below has none.', 'update-assume-role-policy'],
  },
  {
    name: 'two Denies on conditions the doctor cannot know: each named with its conditions',
    ctx: withTrust(
      trustOf(
        webIdentity(subAud()),
        {
          effect: 'Deny',
          principal: { any: true },
          action: ['sts:*'],
          condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] }, StringEquals: { 'aws:SourceVpc': ['vpc-1'] } },
        },
        {
          sid: 'Hours',
          effect: 'Deny',
          principal: { any: true },
          action: ['sts:*'],
          condition: { DateGreaterThan: { 'aws:CurrentTime': ['2030-01-01T00:00:00Z'] } },
        },
      ),
    ),
    status: 'warn',
    saysExactly:
      `cart-dynamodb-role trusts ${PROVIDER_ARN}, but a Deny may apply, depending on conditions the doctor cannot evaluate: ` +
      'statement #2: NotIpAddress aws:SourceIp ["10.0.0.0/8"]; StringEquals aws:SourceVpc ["vpc-1"]; statement "Hours": DateGreaterThan aws:CurrentTime ["2030-01-01T00:00:00Z"].',
    evidence: { ...guideEvidence, possiblyDeniedBy: ['statement #2', 'statement "Hours"'] },
    fix: [
      '# Check these Deny conditions against the pod, or remove the Deny from the trust policy. The step-6 document, without any Deny:',
      '# aws iam update-assume-role-policy --role-name cart-dynamodb-role',
    ],
  },
  {
    name: 'a Deny with a policy variable in a 2008-10-17 document: the variable is literal, so the Deny does not hold',
    ctx: withTrust({
      ...trustOf(webIdentity(subAud()), {
        effect: 'Deny',
        principal: { any: true },
        action: ['sts:*'],
        condition: { StringEquals: { [SUB_KEY]: ['system:serviceaccount:${aws:PrincipalTag/ns}:cart-sa'] } },
      }),
      version: '2008-10-17',
    }),
    status: 'pass',
  },
  {
    name: 'two statements trusting everyone: both named',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { any: true } }), webIdentity(subAud(), { principal: { Federated: ['*'] } }))),
    status: 'warn',
    saysExactly:
      'cart-dynamodb-role trusts every principal ("*") for sts:AssumeRoleWithWebIdentity (statement #1, statement #2), not this cluster\'s provider by name: whether STS accepts it is not verifiable here, and it trusts far more than this cluster.',
    fix: ['update-assume-role-policy --role-name cart-dynamodb-role'],
  },
  {
    name: 'two statements trusting this provider: both named, in the evidence too',
    ctx: withTrust(trustOf(webIdentity(subAud()), { sid: 'Again', ...webIdentity(subAud()) })),
    status: 'pass',
    saysExactly: `cart-dynamodb-role trusts ${PROVIDER_ARN} for sts:AssumeRoleWithWebIdentity (statement #1, statement "Again").`,
    evidence: { ...guideEvidence, actual: ['statement #1', 'statement "Again"'] },
  },
];

describe('trust.principal', () => {
  checkCases(check, [...cases, ...messageCases]);

  it('asks IAM whether a trusted provider exists only for the other providers of Allow statements', async () => {
    const ctx = withTrust(
      trustOf(
        webIdentity(subAud(), { principal: { Federated: [PROVIDER_ARN, oldProvider, oldProvider, 'arn:aws:iam::oidc/typo'] }, action: ['sts:AssumeRole'] }),
        { effect: 'Deny', principal: { Federated: [otherAccount] }, action: ['sts:AssumeRole'] },
      ),
    );
    const asked: string[] = [];
    const providerExists = ctx.facts.providerExists.bind(ctx.facts);
    ctx.facts.providerExists = (arn) => (asked.push(arn), providerExists(arn));
    expect((await run(check, ctx)).status).toBe('fail');
    expect(asked).toEqual([oldProvider]);
  });

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

// A key tested under two operators, one admitting and one rejecting: only the rejecting test is a
// reason. evaluateCondition once recorded false keys by name only, so the checks that explain a
// false condition (trust.audience, trust.subject, policy.actions) blamed the admitting test too.
// The built-CLI tests live here, not in the checks' own test files: the mutation run uses those as
// suites in a sandbox that has no dist/.
import { describe, expect, it } from '@jest/globals';
import policyActions from '../src/checks/policy.actions.js';
import trustSubject from '../src/checks/trust.subject.js';
import { checkCases } from './helpers/check-cases.js';
import { runCheckJson } from './helpers/cli.js';
import { contextWith } from './helpers/fake-facts.js';
import {
  AUD_KEY,
  POLICY_ARN,
  PROVIDER_ARN,
  SUB,
  SUB_KEY,
  TABLE_ARN,
  grant,
  managed,
  trustOf,
  webIdentity,
  withPolicies,
  withTrust,
} from './checks/iam-fixtures.js';
import { healthySnapshotWith } from './checks/snapshot-fixtures.js';

const OTHER_SUB = 'system:serviceaccount:other:cart-sa';
const REGION_TESTS = { StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] }, StringLike: { 'aws:RequestedRegion': ['ap-*'] } };
const REGION_REASON = `${POLICY_ARN} (statement #1) allows it only if StringEquals aws:RequestedRegion ["eu-west-1"], which is false for this call`;

describe('trust.subject names only the false test', () => {
  checkCases(trustSubject, [
    { name: 'the healthy trust policy', ctx: contextWith(), status: 'pass' },
    {
      name: 'a wrong subject under StringEquals beside a glob on the same key that admits the pod',
      ctx: withTrust(
        trustOf(
          webIdentity({
            StringEquals: { [SUB_KEY]: [OTHER_SUB], [AUD_KEY]: ['sts.amazonaws.com'] },
            StringLike: { [SUB_KEY]: ['system:serviceaccount:retail-store-prod:*'] },
          }),
        ),
      ),
      status: 'fail',
      saysExactly: `The trust condition of cart-dynamodb-role rejects ${SUB}: StringEquals ${SUB_KEY} is ["${OTHER_SUB}"], but the pod presents ${SUB} (namespace other instead of retail-store-prod).`,
    },
  ]);
});

describe('policy.actions names only the false test', () => {
  checkCases(policyActions, [
    { name: 'the healthy policy', ctx: contextWith(), status: 'pass' },
    {
      name: 'an Allow for another region under StringEquals beside a glob on the same key that admits the call',
      ctx: withPolicies(managed(grant(['dynamodb:*'], [TABLE_ARN], { condition: REGION_TESTS }))),
      status: 'fail',
      says: [REGION_REASON],
      notSays: ['StringLike'],
    },
  ]);
});

describe('only the false test is named, through the built CLI', () => {
  it('trust.audience', () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: PROVIDER_ARN },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [SUB_KEY]: SUB, [AUD_KEY]: 'sts.amazon.com' }, StringLike: { [AUD_KEY]: 'sts.*' } },
        },
      ],
    };
    const audience = runCheckJson(['--snapshot', healthySnapshotWith('AssumeRolePolicyDocument', trust)]).report.checks.find((c) => c.id === 'trust.audience');
    expect(audience?.status).toBe('fail');
    expect(audience?.message).toBe(
      `The trust condition of cart-dynamodb-role rejects audience sts.amazonaws.com: StringEquals ${AUD_KEY} is ["sts.amazon.com"], but the token carries sts.amazonaws.com.`,
    );
  });

  it('trust.subject and policy.actions', () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: PROVIDER_ARN },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { [SUB_KEY]: OTHER_SUB, [AUD_KEY]: 'sts.amazonaws.com' },
            StringLike: { [SUB_KEY]: 'system:serviceaccount:retail-store-prod:*' },
          },
        },
      ],
    };
    const subject = runCheckJson(['--snapshot', healthySnapshotWith('AssumeRolePolicyDocument', trust)]).report.checks.find((c) => c.id === 'trust.subject');
    expect(subject?.status).toBe('fail');
    expect(subject?.message).toContain(`StringEquals ${SUB_KEY} is ["${OTHER_SUB}"]`);
    expect(subject?.message).not.toContain('StringLike');

    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: TABLE_ARN, Condition: REGION_TESTS }] };
    const actions = runCheckJson(['--snapshot', healthySnapshotWith('Document', policy)]).report.checks.find((c) => c.id === 'policy.actions');
    expect(actions?.status).toBe('fail');
    expect(actions?.message).toContain(REGION_REASON);
    expect(actions?.message).not.toContain('StringLike');
  });
});

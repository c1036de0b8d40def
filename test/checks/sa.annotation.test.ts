import { describe } from '@jest/globals';
import check from '../../src/checks/sa.annotation.js';
import { ACCOUNT, ROLE_ARN, contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import type { RoleFact, ServiceAccountFact } from '../../src/facts/types.js';

const sa = (v: FactValues) => v.serviceAccount as ServiceAccountFact;

describe('sa.annotation', () =>
  checkCases(check, [
    { name: 'valid existing role', ctx: () => contextWith(), status: 'pass' },
    {
      name: 'no annotation',
      ctx: () => contextWith((v) => ((sa(v).annotations = {}), (v.roleRef = undefined))),
      status: 'fail',
      fix: ['kubectl -n retail-store-prod annotate serviceaccount cart-sa', 'rollout restart deployment/cart-deployment'],
    },
    {
      name: 'unrendered template',
      ctx: () => contextWith((v) => ((sa(v).annotations['eks.amazonaws.com/role-arn'] = '${role_arn}'), (v.roleRef = undefined))),
      status: 'fail',
      says: ['${role_arn}', 'Request ARN is invalid'],
    },
    {
      // The webhook injects the other role: the SDK gets a token, and STS or DynamoDB denies.
      name: 'other role than --role: AccessDeniedException, not Unable to locate credentials',
      ctx: () => contextWith(undefined, 'guide', { role: 'expected-role' }),
      status: 'fail',
      says: ['expected-role', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'],
      symptom: 'AccessDeniedException',
    },
    {
      // Issue 10: credentials env is injected for a missing role too; STS refuses the token.
      name: 'role does not exist: STS AccessDenied, so AccessDeniedException',
      ctx: () => contextWith((v) => ((v.role as RoleFact).found = false)),
      status: 'fail',
      says: ['does not exist', 'AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE', 'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity'],
      symptom: 'AccessDeniedException',
    },
    { name: 'GetRole denied', ctx: () => contextWith((v) => (v.role = unavailable())), status: 'error' },
    // Mutation testing (issue #14): the exact wording, evidence and remediation users act on.
    {
      name: 'valid existing role: the whole message and the evidence',
      ctx: () => contextWith(),
      status: 'pass',
      saysExactly: `ServiceAccount cart-sa is annotated with ${ROLE_ARN}, and the role exists.`,
      evidence: { roleArn: ROLE_ARN },
    },
    {
      name: '--role names the annotated role (by name or by ARN): pass',
      ctx: () => contextWith(undefined, 'guide', { role: 'cart-dynamodb-role' }),
      status: 'pass',
    },
    {
      name: '--role names the annotated role by ARN: pass',
      ctx: () => contextWith(undefined, 'guide', { role: ROLE_ARN }),
      status: 'pass',
    },
    {
      name: '--role names another role by ARN: the name in it is compared',
      ctx: () => contextWith(undefined, 'guide', { role: `arn:aws:iam::${ACCOUNT}:role/expected-role` }),
      status: 'fail',
      symptom: 'AccessDeniedException',
      evidence: { expected: 'expected-role', actual: ROLE_ARN },
    },
    {
      name: 'ServiceAccount missing: the skip names it',
      ctx: () => contextWith((v) => (sa(v).found = false)),
      status: 'skip',
      says: ['ServiceAccount retail-store-prod/cart-sa does not exist'],
    },
    {
      name: 'no annotation: the whole message, evidence and fix with the known role',
      ctx: () => contextWith((v) => (sa(v).annotations = {})),
      status: 'fail',
      saysExactly: 'ServiceAccount cart-sa has no eks.amazonaws.com/role-arn annotation: the webhook injects no credentials.',
      evidence: { expected: ROLE_ARN, actual: null },
      fix: [
        `kubectl -n retail-store-prod annotate serviceaccount cart-sa eks.amazonaws.com/role-arn=${ROLE_ARN} --overwrite\n# The webhook only mutates new pods:\nkubectl -n retail-store-prod rollout restart deployment/cart-deployment`,
      ],
    },
    {
      name: 'annotation of blanks only counts as none',
      ctx: () => contextWith((v) => ((sa(v).annotations['eks.amazonaws.com/role-arn'] = '  '), (v.roleRef = undefined))),
      status: 'fail',
      says: ['has no eks.amazonaws.com/role-arn annotation'],
      evidence: { actual: null },
    },
    {
      name: 'unrendered template: the whole message and the evidence',
      ctx: () => contextWith((v) => ((sa(v).annotations['eks.amazonaws.com/role-arn'] = '${role_arn}'), (v.roleRef = undefined))),
      status: 'fail',
      saysExactly:
        'eks.amazonaws.com/role-arn is "${role_arn}", which is not a role ARN (unrendered template or typo); STS answers "ValidationError: Request ARN is invalid".',
      evidence: { expected: 'arn:aws:iam::<12-digit account>:role/<name>', actual: '${role_arn}' },
    },
    {
      name: 'other role than --role: the whole message and the evidence',
      ctx: () => contextWith(undefined, 'guide', { role: 'expected-role' }),
      status: 'fail',
      symptom: 'AccessDeniedException',
      saysExactly: `The annotation names role cart-dynamodb-role, but the expected role is expected-role. The webhook injects ${ROLE_ARN}: the SDK assumes that role, and STS answers "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity" unless it trusts this ServiceAccount.`,
      evidence: { expected: 'expected-role', actual: ROLE_ARN },
    },
    {
      name: 'role does not exist: the whole message, evidence and both fixes',
      ctx: () => contextWith((v) => ((v.role as RoleFact).found = false)),
      status: 'fail',
      symptom: 'AccessDeniedException',
      saysExactly: `The annotation names ${ROLE_ARN}, and that role does not exist (iam:GetRole: NoSuchEntity). The webhook still injects AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE, so the SDK gets a token and STS refuses it: "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity".`,
      evidence: { expected: 'an existing role', actual: ROLE_ARN, stsError: 'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity' },
      fix: [
        'aws iam create-role --role-name cart-dynamodb-role',
        '# The webhook only mutates new pods:\nkubectl -n retail-store-prod rollout restart deployment/cart-deployment\n# or annotate the ServiceAccount with an existing role instead: kubectl -n retail-store-prod annotate serviceaccount cart-sa eks.amazonaws.com/role-arn=arn:aws:iam::ACCOUNT:role/NAME --overwrite',
      ],
    },
    ...prerequisiteCases(check),
  ]));

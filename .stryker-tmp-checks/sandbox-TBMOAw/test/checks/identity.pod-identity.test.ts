// @ts-nocheck
import { describe } from '@jest/globals';
import podIdentity from '../../src/checks/identity.pod-identity.js';
import { FactUnavailable } from '../../src/errors.js';
import type { PodIdentityAssociationFact, RoleFact } from '../../src/facts/types.js';
import type { PolicyDocument } from '../../src/iam/types.js';
import { checkCases } from '../helpers/check-cases.js';
import { ACCOUNT, ROLE_ARN, TABLE_ARN, contextWith, guidePolicy, unavailable, type FactValues } from '../helpers/fake-facts.js';

const PI_ROLE = 'cart-pod-identity-role';
const PI_ARN = `arn:aws:iam::${ACCOUNT}:role/${PI_ROLE}`;
const ID = 'a-0123456789abcdefg';

function podsTrust(actions = ['sts:AssumeRole', 'sts:TagSession'], condition?: PolicyDocument['statements'][number]['condition']): PolicyDocument {
  return {
    source: `trust policy of ${PI_ROLE}`,
    version: '2012-10-17',
    statements: [{ index: 0, effect: 'Allow', principal: { Service: ['pods.eks.amazonaws.com'] }, action: actions, ...(condition && { condition }) }],
  };
}

function withAssociation(change: { association?: Partial<PodIdentityAssociationFact>; role?: Partial<RoleFact>; policy?: PolicyDocument } = {}) {
  return (v: FactValues) => {
    v.podIdentity = { cluster: 'cart-cluster', associations: [{ id: ID, roleArn: PI_ARN, ...change.association }] };
    v.roles[PI_ARN] = {
      ref: { name: PI_ROLE, arn: PI_ARN, account: ACCOUNT, partition: 'aws', from: 'association' },
      found: true,
      arn: PI_ARN,
      trust: podsTrust(),
      ...change.role,
    };
    v.policiesByRole[PI_ROLE] = { identity: [{ name: 'inline:cart', document: change.policy ?? guidePolicy() }] };
  };
}

const sessionPolicy = (actions: string[]): PolicyDocument => ({
  source: `session policy of association ${ID}`,
  version: '2012-10-17',
  statements: [{ index: 0, effect: 'Allow', action: actions, resource: [TABLE_ARN] }],
});

describe('identity.pod-identity', () =>
  checkCases(podIdentity, [
    {
      name: 'no association: IRSA is the path',
      ctx: () => contextWith(),
      status: 'pass',
      says: ['No EKS Pod Identity association', 'retail-store-prod/cart-sa'],
    },
    {
      name: 'association with a working role shadows IRSA',
      ctx: () => contextWith(withAssociation()),
      status: 'warn',
      says: [ID, PI_ARN, 'takes precedence over IRSA', ROLE_ARN, 'allows every action'],
      fix: [`aws eks delete-pod-identity-association --cluster-name cart-cluster --association-id ${ID}`],
    },
    {
      name: "association's role does not exist",
      ctx: () => contextWith(withAssociation({ role: { found: false, trust: undefined } })),
      status: 'fail',
      symptom: 'Unable to locate credentials',
      says: ['does not exist'],
    },
    {
      name: 'role trusts pods.eks.amazonaws.com without sts:TagSession',
      ctx: () => contextWith(withAssociation({ role: { trust: podsTrust(['sts:AssumeRole']) } })),
      status: 'fail',
      symptom: 'Unable to locate credentials',
      says: ['sts:TagSession'],
      fix: ['aws iam update-assume-role-policy --role-name cart-pod-identity-role'],
    },
    {
      name: 'role has an IRSA trust only',
      ctx: () =>
        contextWith((v) => {
          withAssociation()(v);
          (v.roles[PI_ARN] as RoleFact).trust = (v.role as RoleFact).trust;
        }),
      status: 'fail',
      symptom: 'Unable to locate credentials',
      says: ['sts:AssumeRole, sts:TagSession'],
    },
    {
      name: 'session tags disabled: TagSession not needed',
      ctx: () => contextWith(withAssociation({ association: { disableSessionTags: true }, role: { trust: podsTrust(['sts:AssumeRole']) } })),
      status: 'warn',
    },
    {
      name: 'role lacks an action',
      ctx: () =>
        contextWith(withAssociation({ policy: { ...guidePolicy(), statements: [{ ...guidePolicy().statements[0]!, action: ['dynamodb:GetItem'] }] } })),
      status: 'fail',
      says: ['dynamodb:PutItem on', 'no identity-based policy allows it'],
    },
    {
      name: 'session policy blocks an action',
      ctx: () => contextWith(withAssociation({ association: { sessionPolicy: sessionPolicy(['dynamodb:GetItem', 'dynamodb:Query']) } })),
      status: 'fail',
      says: ['dynamodb:PutItem', 'no session policy allows it'],
      fix: ["association's session policy"],
    },
    {
      name: 'trust condition on an unknown key',
      ctx: () => contextWith(withAssociation({ role: { trust: podsTrust(undefined, { StringEquals: { 'aws:RequestTag/team': ['cart'] } }) } })),
      status: 'warn',
      says: ['cannot evaluate', 'aws:RequestTag/team'],
    },
    {
      name: 'trust condition on the cluster account holds',
      ctx: () => contextWith(withAssociation({ role: { trust: podsTrust(undefined, { StringEquals: { 'aws:SourceAccount': [ACCOUNT] } }) } })),
      status: 'warn',
      says: ['allows every action'],
    },
    {
      name: 'chained into a target role: its permissions judged, its trust named as not evaluated',
      ctx: () =>
        contextWith((v) => {
          withAssociation({ association: { targetRoleArn: `arn:aws:iam::${ACCOUNT}:role/cart-target` } })(v);
          v.roles[`arn:aws:iam::${ACCOUNT}:role/cart-target`] = {
            ref: { name: 'cart-target', arn: `arn:aws:iam::${ACCOUNT}:role/cart-target`, account: ACCOUNT, partition: 'aws', from: 'association' },
            found: true,
            trust: podsTrust(),
          };
          v.policiesByRole['cart-target'] = { identity: [{ name: 'inline:t', document: guidePolicy() }] };
        }),
      status: 'warn',
      says: ['chained into', 'cart-target', 'is not evaluated'],
    },
    {
      name: 'chained into a target role that lacks an action',
      ctx: () =>
        contextWith((v) => {
          withAssociation({ association: { targetRoleArn: `arn:aws:iam::${ACCOUNT}:role/cart-target` } })(v);
          v.roles[`arn:aws:iam::${ACCOUNT}:role/cart-target`] = {
            ref: { name: 'cart-target', arn: `arn:aws:iam::${ACCOUNT}:role/cart-target`, account: ACCOUNT, partition: 'aws', from: 'association' },
            found: true,
            trust: podsTrust(),
          };
          v.policiesByRole['cart-target'] = {
            identity: [{ name: 'inline:t', document: { ...guidePolicy(), statements: [{ ...guidePolicy().statements[0]!, action: ['dynamodb:GetItem'] }] } }],
          };
        }),
      status: 'fail',
      says: ['dynamodb:PutItem'],
      fix: ['grant the missing actions to cart-target'],
    },
    {
      name: 'snapshot without the call: hint left out',
      ctx: () => contextWith((v) => (v.podIdentity = new FactUnavailable('not-recorded', 'no recorded answer for eks:ListPodIdentityAssociations'))),
      status: 'skip',
      says: ['left out'],
    },
    {
      name: 'endpoint without the API (moto 404): hint left out',
      ctx: () =>
        contextWith(
          (v) => (v.podIdentity = new FactUnavailable('no-api', 'eks:ListPodIdentityAssociations is not offered by this endpoint (UnknownOperationException)')),
        ),
      status: 'skip',
      says: ['not offered'],
    },
    // Issue 8 D2: a read that failed is not a hint to leave out.
    {
      name: 'the list answered 500 or throttled: error, not a left-out hint',
      ctx: () => contextWith((v) => (v.podIdentity = new FactUnavailable('failed', 'eks:ListPodIdentityAssociations failed: InternalFailure'))),
      status: 'error',
    },
    {
      name: 'the list answered something unusable: error',
      ctx: () => contextWith((v) => (v.podIdentity = new FactUnavailable('unusable', 'eks:ListPodIdentityAssociations answered without associations'))),
      status: 'error',
    },
    {
      name: 'doctor denied eks:ListPodIdentityAssociations',
      ctx: () => contextWith((v) => (v.podIdentity = unavailable('eks:ListPodIdentityAssociations'))),
      status: 'error',
    },
    {
      name: "association's role unreadable",
      ctx: () =>
        contextWith((v) => {
          withAssociation()(v);
          v.roles[PI_ARN] = unavailable('iam:GetRole');
        }),
      status: 'error',
    },
  ]));

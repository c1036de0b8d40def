import { describe } from '@jest/globals';
import podIdentity from '../../src/checks/identity.pod-identity.js';
import { FactUnavailable } from '../../src/errors.js';
import type { ClusterFact, PodIdentityAssociationFact, RoleFact } from '../../src/facts/types.js';
import type { PolicyDocument } from '../../src/iam/types.js';
import { checkCases } from '../helpers/check-cases.js';
import { ACCOUNT, REGION, ROLE_ARN, TABLE_ARN, contextWith, guidePolicy, unavailable, type FactValues } from '../helpers/fake-facts.js';

const PI_ROLE = 'cart-pod-identity-role';
const PI_ARN = `arn:aws:iam::${ACCOUNT}:role/${PI_ROLE}`;
const ID = 'a-0123456789abcdefg';
/** The sentence every association result opens with, up to the IRSA annotation. */
const SHADOW = `EKS Pod Identity association ${ID} maps retail-store-prod/cart-sa to role ${PI_ARN}; it takes precedence over IRSA`;
const DELETE = `aws eks delete-pod-identity-association --cluster-name cart-cluster --association-id ${ID} --region ${REGION}`;
const RESTART = 'kubectl -n retail-store-prod rollout restart deployment/cart-deployment';
const TRUST_REF = `trust policy of ${PI_ROLE} (statement #1)`;
/** The guide's calls other than GetItem, in the order the preset lists them. */
const LACKING = ['PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan'].map((a) => `dynamodb:${a}`);

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

/** A trust policy that allows sts:AssumeRole and sts:TagSession to everyone but `notPrincipal`. */
function notPrincipalTrust(notPrincipal: NonNullable<PolicyDocument['statements'][number]['notPrincipal']>): PolicyDocument {
  return { ...podsTrust(), statements: [{ index: 0, effect: 'Allow', notPrincipal, action: ['sts:AssumeRole', 'sts:TagSession'] }] };
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
    // Mutation testing (issue #14): the exact wording, evidence and remediation users act on.
    {
      name: 'working role: the whole verdict, evidence and both paths of the fix',
      ctx: () => contextWith(withAssociation()),
      status: 'warn',
      saysExactly: `${SHADOW} (the annotation names ${ROLE_ARN}) for every pod created since it exists; role ${PI_ROLE} trusts pods.eks.amazonaws.com and allows every action the app calls, so the pods work, with that role and not the IRSA one.`,
      evidence: { association: ID, roleArn: PI_ARN, targetRoleArn: null, sessionPolicy: false, irsaAnnotation: ROLE_ARN },
      fix: [
        '# Keep one credential path.\n# If IRSA is meant (the ServiceAccount annotation), delete the association; new pods then get the IRSA role:',
        `${DELETE}\n${RESTART}\n# or, if Pod Identity is meant: remove the eks.amazonaws.com/role-arn annotation instead, so nobody debugs the wrong role`,
      ],
    },
    {
      name: 'the association names no role',
      ctx: () => contextWith(withAssociation({ association: { roleArn: undefined } })),
      status: 'fail',
      symptom: 'Unable to locate credentials',
      saysExactly: `EKS Pod Identity association ${ID} maps retail-store-prod/cart-sa to role (none); it takes precedence over IRSA (the annotation names ${ROLE_ARN}) for every pod created since it exists, but the association names no role.`,
      evidence: { association: ID, roleArn: null },
      fix: [`${DELETE}\n${RESTART}\n# or, if Pod Identity is meant: give the association a role (aws eks update-pod-identity-association --role-arn …)`],
    },
    {
      name: "the association's role does not exist: the whole message and the fix",
      ctx: () => contextWith(withAssociation({ role: { found: false, trust: undefined } })),
      status: 'fail',
      symptom: 'Unable to locate credentials',
      saysExactly: `${SHADOW} (the annotation names ${ROLE_ARN}) for every pod created since it exists, and that role does not exist (iam:GetRole: NoSuchEntity): the pods get no credentials.`,
      fix: [`# or, if Pod Identity is meant: create role ${PI_ARN}, or point the association at an existing one`],
    },
    {
      name: 'no IRSA annotation, a session policy, no ServiceAccount read: evidence says so',
      ctx: () =>
        contextWith((v) => {
          withAssociation({ association: { sessionPolicy: sessionPolicy(guidePolicy().statements[0]!.action!) } })(v);
          v.serviceAccount = unavailable('get serviceaccounts');
        }),
      status: 'warn',
      saysExactly: `${SHADOW} for every pod created since it exists; role ${PI_ROLE} trusts pods.eks.amazonaws.com and allows every action the app calls, so the pods work, with that role and not the IRSA one.`,
      evidence: { sessionPolicy: true, irsaAnnotation: null },
    },
    {
      name: 'trust without sts:TagSession: the message, the denied list and the trust document to put',
      ctx: () => contextWith(withAssociation({ role: { trust: podsTrust(['sts:AssumeRole']) } })),
      status: 'fail',
      symptom: 'Unable to locate credentials',
      saysExactly: `${SHADOW} (the annotation names ${ROLE_ARN}) for every pod created since it exists, but the trust policy of ${PI_ROLE} does not let pods.eks.amazonaws.com perform sts:TagSession: the Pod Identity agent cannot get credentials.`,
      evidence: { association: ID, trustDenied: ['sts:TagSession'] },
      fix: [
        `# Trust the Pod Identity service on ${PI_ROLE} (this replaces its trust policy):\ncat > pod-identity-trust.json <<'JSON'\n${JSON.stringify(
          {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
          },
          null,
          2,
        )}\nJSON\naws iam update-assume-role-policy --role-name ${PI_ROLE} --policy-document file://pod-identity-trust.json\n# or, if IRSA is meant: ${DELETE} && ${RESTART}`,
      ],
    },
    {
      name: 'trust explicitly denies sts:TagSession',
      ctx: () =>
        contextWith(
          withAssociation({
            role: {
              trust: {
                ...podsTrust(),
                statements: [
                  ...podsTrust().statements,
                  { index: 1, effect: 'Deny', principal: { Service: ['pods.eks.amazonaws.com'] }, action: ['sts:TagSession'] },
                ],
              },
            },
          }),
        ),
      status: 'fail',
      symptom: 'Unable to locate credentials',
      evidence: { trustDenied: ['sts:TagSession (explicit Deny)'] },
    },
    {
      name: "the role's trust policy could not be read",
      ctx: () => contextWith(withAssociation({ role: { trust: undefined } })),
      status: 'fail',
      symptom: 'Unable to locate credentials',
      says: [`the trust policy of ${PI_ROLE} does not let pods.eks.amazonaws.com perform its trust policy could not be read:`],
      evidence: { trustDenied: ['its trust policy could not be read'] },
    },
    {
      name: 'trust Allow with NotPrincipal naming another principal covers the pods service',
      ctx: () => contextWith(withAssociation({ role: { trust: notPrincipalTrust({ AWS: [`arn:aws:iam::${ACCOUNT}:root`] }) } })),
      status: 'warn',
      says: ['allows every action the app calls'],
    },
    {
      name: 'trust Allow with NotPrincipal naming the pods service excludes it',
      ctx: () => contextWith(withAssociation({ role: { trust: notPrincipalTrust({ Service: ['pods.eks.amazonaws.com'] }) } })),
      status: 'fail',
      symptom: 'Unable to locate credentials',
      evidence: { trustDenied: ['sts:AssumeRole', 'sts:TagSession'] },
    },
    {
      name: 'trust Allow with NotPrincipal naming everyone excludes the pods service',
      ctx: () => contextWith(withAssociation({ role: { trust: notPrincipalTrust({ AWS: ['*'] }) } })),
      status: 'fail',
      symptom: 'Unable to locate credentials',
      evidence: { trustDenied: ['sts:AssumeRole', 'sts:TagSession'] },
    },
    {
      name: 'trust Principal "*" covers the pods service',
      ctx: () =>
        contextWith(withAssociation({ role: { trust: { ...podsTrust(), statements: [{ ...podsTrust().statements[0]!, principal: { AWS: ['*'] } }] } } })),
      status: 'warn',
      says: ['allows every action the app calls'],
    },
    {
      name: 'two trust conditions the doctor cannot evaluate: each named, per action',
      ctx: () =>
        contextWith(
          withAssociation({ role: { trust: podsTrust(undefined, { StringEquals: { 'aws:RequestTag/team': ['cart'], 'aws:RequestTag/env': ['prod'] } }) } }),
        ),
      status: 'warn',
      saysExactly: `${SHADOW} (the annotation names ${ROLE_ARN}) for every pod created since it exists; its trust and permissions depend on conditions the doctor cannot evaluate: ${[
        'sts:AssumeRole',
        'sts:TagSession',
      ]
        .map((a) => `${a}: StringEquals aws:RequestTag/team ["cart"] in ${TRUST_REF}; StringEquals aws:RequestTag/env ["prod"] in ${TRUST_REF}`)
        .join('; ')}.`,
      evidence: {
        unknownConditions: [
          `sts:AssumeRole: StringEquals aws:RequestTag/team ["cart"] in ${TRUST_REF}; StringEquals aws:RequestTag/env ["prod"] in ${TRUST_REF}`,
          `sts:TagSession: StringEquals aws:RequestTag/team ["cart"] in ${TRUST_REF}; StringEquals aws:RequestTag/env ["prod"] in ${TRUST_REF}`,
        ],
      },
    },
    {
      name: 'trust conditions on the source account and cluster ARN hold',
      ctx: () =>
        contextWith(
          withAssociation({
            role: {
              trust: podsTrust(undefined, {
                StringEquals: { 'aws:SourceAccount': [ACCOUNT], 'aws:SourceArn': [`arn:aws:eks:${REGION}:${ACCOUNT}:cluster/cart-cluster`] },
              }),
            },
          }),
        ),
      status: 'warn',
      says: ['allows every action the app calls'],
    },
    {
      name: 'cluster not readable: the trust conditions on it are unknown, the region and name come from the target',
      ctx: () =>
        contextWith((v) => {
          withAssociation({
            role: { trust: podsTrust(['sts:AssumeRole'], { StringEquals: { 'aws:SourceArn': ['x'] } }) },
            association: { disableSessionTags: true },
          })(v);
          v.cluster = unavailable('eks:DescribeCluster');
        }),
      status: 'warn',
      says: ['sts:AssumeRole: StringEquals aws:SourceArn ["x"]'],
      fix: [`--cluster-name cart-cluster --association-id ${ID} --region ${REGION}\n`],
    },
    {
      name: "the cluster's region wins over the target's and the default one in the delete command",
      ctx: () =>
        contextWith((v) => {
          withAssociation()(v);
          v.cluster = { ...(v.cluster as ClusterFact), region: 'eu-west-1' };
          v.region = 'us-west-2';
        }),
      status: 'warn',
      fix: [`--association-id ${ID} --region eu-west-1\n`],
    },
    {
      name: 'no --cluster and no cluster region read: the cluster name and the default region are used',
      ctx: () =>
        contextWith(
          (v) => {
            withAssociation()(v);
            v.cluster = { ...(v.cluster as ClusterFact), region: undefined as unknown as string };
            v.region = 'us-west-2';
          },
          'guide',
          { cluster: undefined, region: undefined },
        ),
      status: 'warn',
      fix: [`aws eks delete-pod-identity-association --cluster-name cart-cluster --association-id ${ID} --region us-west-2\n`],
    },
    {
      name: 'no region known at all: the delete command names none',
      ctx: () =>
        contextWith(
          (v) => {
            withAssociation()(v);
            v.cluster = unavailable('eks:DescribeCluster');
            v.region = unavailable('configured region');
          },
          'guide',
          { region: undefined },
        ),
      status: 'warn',
      fix: [`--cluster-name cart-cluster --association-id ${ID}\n${RESTART}`],
    },
    {
      name: 'role lacks actions: each named, in order, in the message and the evidence',
      ctx: () =>
        contextWith(withAssociation({ policy: { ...guidePolicy(), statements: [{ ...guidePolicy().statements[0]!, action: ['dynamodb:GetItem'] }] } })),
      status: 'fail',
      saysExactly: `${SHADOW} (the annotation names ${ROLE_ARN}) for every pod created since it exists, and that role may not do what the app calls: ${LACKING.map(
        (a) => `${a} on ${TABLE_ARN} (no identity-based policy allows it)`,
      ).join('; ')}.`,
      evidence: { association: ID, denied: LACKING.map((a) => `${a} on ${TABLE_ARN} (no identity-based policy allows it)`) },
      fix: [`# or, if Pod Identity is meant: grant the missing actions to ${PI_ROLE} (the statements policy.actions prints)`],
    },
    {
      name: 'an explicit Deny in the identity policy is named as such',
      ctx: () =>
        contextWith(
          withAssociation({
            policy: { ...guidePolicy(), statements: [...guidePolicy().statements, { index: 1, effect: 'Deny', action: ['dynamodb:Scan'], resource: ['*'] }] },
          }),
        ),
      status: 'fail',
      evidence: { denied: [`dynamodb:Scan on ${TABLE_ARN} (explicit Deny in identity-based policy)`] },
    },
    {
      name: 'the permissions boundary leaves out actions',
      ctx: () =>
        contextWith((v) => {
          withAssociation()(v);
          v.policiesByRole[PI_ROLE] = {
            identity: [{ name: 'inline:cart', document: guidePolicy() }],
            boundary: {
              name: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
              document: { ...guidePolicy(), statements: [{ ...guidePolicy().statements[0]!, action: ['dynamodb:*'], resource: [`${TABLE_ARN}x`] }] },
            },
          };
        }),
      status: 'fail',
      says: [`dynamodb:GetItem on ${TABLE_ARN} (no permissions boundary allows it)`],
    },
    {
      name: 'a session policy that allows every call keeps the role working',
      ctx: () => contextWith(withAssociation({ association: { sessionPolicy: sessionPolicy(guidePolicy().statements[0]!.action!) } })),
      status: 'warn',
      says: ['allows every action the app calls'],
      evidence: { sessionPolicy: true },
    },
    {
      name: 'a session policy that explicitly denies a call',
      ctx: () =>
        contextWith(
          withAssociation({
            association: {
              sessionPolicy: {
                ...sessionPolicy(guidePolicy().statements[0]!.action!),
                statements: [
                  ...sessionPolicy(guidePolicy().statements[0]!.action!).statements,
                  { index: 1, effect: 'Deny', action: ['dynamodb:Scan'], resource: ['*'] },
                ],
              },
            },
          }),
        ),
      status: 'fail',
      evidence: { denied: [`dynamodb:Scan on ${TABLE_ARN} (explicit Deny in session policy)`] },
    },
    {
      name: 'identity and session policies with conditions the doctor cannot evaluate',
      ctx: () =>
        contextWith(
          withAssociation({
            policy: { ...guidePolicy(), statements: [{ ...guidePolicy().statements[0]!, condition: { StringEquals: { 'aws:RequestTag/a': ['1'] } } }] },
            association: {
              sessionPolicy: {
                ...sessionPolicy(guidePolicy().statements[0]!.action!),
                statements: [
                  { ...sessionPolicy(guidePolicy().statements[0]!.action!).statements[0]!, condition: { StringEquals: { 'aws:RequestTag/b': ['2'] } } },
                ],
              },
            },
          }),
        ),
      status: 'warn',
      evidence: {
        unknownConditions: guidePolicy().statements[0]!.action!.map(
          (a) =>
            `${a}: StringEquals aws:RequestTag/a ["1"] in ${guidePolicy().source} (statement #1); StringEquals aws:RequestTag/b ["2"] in session policy of association ${ID} (statement #1)`,
        ),
      },
    },
    {
      name: 'only the session policy has a condition the doctor cannot evaluate',
      ctx: () =>
        contextWith(
          withAssociation({
            association: {
              sessionPolicy: {
                ...sessionPolicy(guidePolicy().statements[0]!.action!),
                statements: [
                  { ...sessionPolicy(guidePolicy().statements[0]!.action!).statements[0]!, condition: { StringEquals: { 'aws:RequestTag/b': ['2'] } } },
                ],
              },
            },
          }),
        ),
      status: 'warn',
      says: [`dynamodb:GetItem: StringEquals aws:RequestTag/b ["2"] in session policy of association ${ID} (statement #1); dynamodb:PutItem:`],
    },
    {
      name: 'the policy requires TLS, the role ARN and the session tags Pod Identity sets',
      ctx: () =>
        contextWith(
          withAssociation({
            policy: {
              ...guidePolicy(),
              statements: [
                {
                  ...guidePolicy().statements[0]!,
                  condition: {
                    Bool: { 'aws:SecureTransport': ['true'] },
                    ArnEquals: { 'aws:PrincipalArn': [PI_ARN] },
                    StringEquals: {
                      'aws:PrincipalTag/kubernetes-namespace': ['retail-store-prod'],
                      'aws:PrincipalTag/kubernetes-service-account': ['cart-sa'],
                      'aws:PrincipalTag/eks-cluster-name': ['cart-cluster'],
                      'aws:PrincipalTag/eks-cluster-arn': [`arn:aws:eks:${REGION}:${ACCOUNT}:cluster/cart-cluster`],
                    },
                  },
                },
              ],
            },
          }),
        ),
      status: 'warn',
      says: ['allows every action the app calls'],
    },
    {
      name: 'the role fact carries no ARN of its own: the ARN it was named by is the principal',
      ctx: () =>
        contextWith(
          withAssociation({
            role: { arn: undefined },
            policy: { ...guidePolicy(), statements: [{ ...guidePolicy().statements[0]!, condition: { ArnEquals: { 'aws:PrincipalArn': [PI_ARN] } } }] },
          }),
        ),
      status: 'warn',
      says: ['allows every action the app calls'],
    },
    {
      name: 'no --cluster: the cluster-name session tag is not known',
      ctx: () =>
        contextWith(
          withAssociation({
            policy: {
              ...guidePolicy(),
              statements: [{ ...guidePolicy().statements[0]!, condition: { StringEquals: { 'aws:PrincipalTag/eks-cluster-name': ['cart-cluster'] } } }],
            },
          }),
          'guide',
          { cluster: undefined },
        ),
      status: 'warn',
      says: ['StringEquals aws:PrincipalTag/eks-cluster-name ["cart-cluster"]'],
    },
    {
      name: 'cluster ARN unknown: the cluster-arn session tag is not known',
      ctx: () =>
        contextWith((v) => {
          withAssociation({
            policy: {
              ...guidePolicy(),
              statements: [{ ...guidePolicy().statements[0]!, condition: { StringEquals: { 'aws:PrincipalTag/eks-cluster-arn': ['x'] } } }],
            },
          })(v);
          v.cluster = { ...(v.cluster as ClusterFact), arn: undefined as unknown as string };
        }),
      status: 'warn',
      says: ['StringEquals aws:PrincipalTag/eks-cluster-arn ["x"]'],
    },
    {
      name: 'retail-store preset: a query on the index the role does not cover',
      ctx: () =>
        contextWith((v) => {
          withAssociation()(v);
          v.policiesByRole[PI_ROLE] = {
            identity: [{ name: 'inline:cart', document: { ...guidePolicy(), statements: [{ ...guidePolicy().statements[0]!, action: ['dynamodb:*'] }] } }],
          };
        }, 'retail-store'),
      status: 'fail',
      evidence: { denied: [`dynamodb:Query on ${TABLE_ARN}/index/idx_global_customerId (no identity-based policy allows it)`] },
    },
    {
      name: 'the target role does not exist',
      ctx: () =>
        contextWith((v) => {
          withAssociation({ association: { targetRoleArn: `arn:aws:iam::${ACCOUNT}:role/gone` } })(v);
          v.roles[`arn:aws:iam::${ACCOUNT}:role/gone`] = {
            ref: { name: 'gone', arn: `arn:aws:iam::${ACCOUNT}:role/gone`, account: ACCOUNT, partition: 'aws', from: 'association' },
            found: false,
          };
        }),
      status: 'fail',
      saysExactly: `EKS Pod Identity association ${ID} maps retail-store-prod/cart-sa to role ${PI_ARN} (chained into arn:aws:iam::${ACCOUNT}:role/gone); it takes precedence over IRSA (the annotation names ${ROLE_ARN}) for every pod created since it exists, and the target role arn:aws:iam::${ACCOUNT}:role/gone does not exist.`,
      evidence: { targetRoleArn: `arn:aws:iam::${ACCOUNT}:role/gone` },
      fix: ['# or, if Pod Identity is meant: fix targetRoleArn of the association'],
    },
    {
      name: 'more associations: the others are counted and named',
      ctx: () =>
        contextWith((v) => {
          withAssociation()(v);
          v.podIdentity = { cluster: 'cart-cluster', associations: [{ id: ID, roleArn: PI_ARN }, { id: 'a-2' }, { id: 'a-3' }] };
        }),
      status: 'warn',
      says: [', so the pods work, with that role and not the IRSA one. (2 more association(s): a-2, a-3)'],
    },
    {
      name: 'no association: the whole message and evidence',
      ctx: () => contextWith(),
      status: 'pass',
      saysExactly: 'No EKS Pod Identity association for retail-store-prod/cart-sa in cluster cart-cluster: IRSA is the credential path.',
      evidence: { associations: [] },
    },
    {
      name: 'snapshot without the call: the cause in evidence',
      ctx: () => contextWith((v) => (v.podIdentity = new FactUnavailable('not-recorded', 'no recorded answer'))),
      status: 'skip',
      saysExactly: 'Pod Identity associations were not looked up (no recorded answer): this hint is left out, nothing is claimed about them.',
      evidence: { cause: 'not-recorded' },
    },
  ]));

import { describe, expect } from '@jest/globals';
import check from '../../src/checks/org.guardrails.js';
import { FactUnavailable } from '../../src/errors.js';
import type { OrgGuardrailsFact, OrgLevel, OrgPolicy, RoleFact, RoleRef } from '../../src/facts/types.js';
import { parsePolicyDocument } from '../../src/iam/document.js';
import { checkCases, prerequisiteCases, type CheckCase } from '../helpers/check-cases.js';
import { contextWith, tableNotFound, type FactValues } from '../helpers/fake-facts.js';
import { ACCOUNT, TABLE_ARN } from './iam-fixtures.js';

const MANAGEMENT = '999988887777';
const ORG_ID = 'o-a1b2c3d4e5';
const ROOT = 'r-ab12';
const OU = 'ou-ab12-workload1';

const policy = (id: string, name: string, statements: unknown[]): OrgPolicy => ({
  id,
  name,
  document: parsePolicyDocument({ Version: '2012-10-17', Statement: statements }, `${name} (${id})`),
});
const FULL = policy('p-FullAWSAccess', 'FullAWSAccess', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
const RCP_FULL = policy('p-RCPFullAWSAccess', 'RCPFullAWSAccess', [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]);

/** root → OU → account, each with FullAWSAccess unless `at` says otherwise. */
function levels(base: OrgPolicy, at: Partial<Record<'root' | 'ou' | 'account', OrgPolicy[]>> = {}, account = ACCOUNT): OrgLevel[] {
  return [
    { target: ROOT, type: 'ROOT', policies: at.root ?? [base] },
    { target: OU, type: 'ORGANIZATIONAL_UNIT', policies: at.ou ?? [base] },
    { target: account, type: 'ACCOUNT', policies: at.account ?? [base] },
  ];
}
/** An RCP on the OU that denies every DynamoDB call not made through endpoint vpce-0abc (a condition the doctor cannot know). */
function vpceOnlyRcpLevels(): OrgLevel[] {
  const vpceOnly = policy('p-vpce', 'vpce-only', [
    { Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc' } } },
  ]);
  return levels(RCP_FULL, { ou: [RCP_FULL, vpceOnly] });
}
function org(change: Partial<OrgGuardrailsFact> = {}): OrgGuardrailsFact {
  return {
    inOrganization: true,
    organizationId: ORG_ID,
    managementAccount: MANAGEMENT,
    featureSet: 'ALL',
    scp: { account: ACCOUNT, levels: levels(FULL) },
    rcp: { account: ACCOUNT, levels: levels(RCP_FULL) },
    ...change,
  };
}
const withOrg = (value: FactValues['orgGuardrails'], extra: (v: FactValues) => void = () => {}) =>
  contextWith((v) => {
    v.orgGuardrails = value;
    extra(v);
  });

const denyDeleteScp = policy('p-nodelete1', 'no-deletes', [{ Sid: 'NoDeletes', Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' }]);

const cases: CheckCase[] = [
  {
    name: 'FullAWSAccess at every level, RCPFullAWSAccess: pass naming the levels',
    ctx: withOrg(org()),
    status: 'pass',
    says: ['allow all 6 calls', ORG_ID, `root ${ROOT}`, `OU ${OU}`, `account ${ACCOUNT}`, 'RCPs'],
  },
  {
    name: 'no organization: pass saying no SCPs or RCPs apply',
    ctx: withOrg({ inOrganization: false }),
    status: 'pass',
    says: ['not in an AWS Organization', 'no SCPs or RCPs apply'],
  },
  {
    name: 'no organization, but the table was not found: warn naming table.exists (its account is only the ARN it would have)',
    ctx: withOrg({ inOrganization: false }, (v) => tableNotFound(v)),
    status: 'warn',
    says: ['no SCPs or RCPs apply', `judged on ${TABLE_ARN}, the ARN table Items would have`, 'see table.exists'],
  },
  {
    name: 'the management account: SCPs and RCPs do not apply',
    ctx: withOrg(org({ managementAccount: ACCOUNT, scp: undefined, rcp: undefined })),
    status: 'pass',
    says: ['No organization guardrail applies', 'management account'],
  },
  {
    name: 'consolidated billing only: no policies at all',
    ctx: withOrg(org({ featureSet: 'CONSOLIDATED_BILLING', scp: undefined, rcp: undefined })),
    status: 'pass',
    says: ['consolidated billing'],
  },
  {
    name: 'an SCP on the OU explicitly denies DeleteItem: fail naming policy and level',
    ctx: withOrg(org({ scp: { account: ACCOUNT, levels: levels(FULL, { ou: [FULL, denyDeleteScp] }) } })),
    status: 'fail',
    says: ['deny 1 of', 'dynamodb:DeleteItem', 'explicit Deny in no-deletes (p-nodelete1) (Sid NoDeletes)', `OU ${OU}`, '(SCP)'],
    fix: ['aws organizations describe-policy --policy-id p-nodelete1'],
  },
  {
    name: 'the OU replaced FullAWSAccess by an allow-list without Scan: implicit deny at that level though the root allows all',
    ctx: withOrg(
      org({
        scp: {
          account: ACCOUNT,
          levels: levels(FULL, {
            ou: [
              policy('p-allowlist', 'allow-list', [
                {
                  Effect: 'Allow',
                  Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
                  Resource: '*',
                },
              ]),
            ],
          }),
        },
      }),
    ),
    status: 'fail',
    says: ['dynamodb:Scan', `no SCP attached to OU ${OU} allows it`, 'allow-list', 'every level'],
    fix: [`--target-id ${OU} --filter SERVICE_CONTROL_POLICY`],
  },
  {
    name: 'NotAction deny (deny everything except reads) denies the writes',
    ctx: withOrg(
      org({
        scp: {
          account: ACCOUNT,
          levels: levels(FULL, {
            account: [
              FULL,
              policy('p-readonly', 'read-only', [{ Effect: 'Deny', NotAction: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'], Resource: '*' }]),
            ],
          }),
        },
      }),
    ),
    status: 'fail',
    says: ['deny 3 of', 'dynamodb:PutItem', 'read-only (p-readonly)'],
  },
  {
    name: 'NotResource deny spares the table: pass',
    ctx: withOrg(
      org({
        scp: {
          account: ACCOUNT,
          levels: levels(FULL, { root: [FULL, policy('p-only-cart', 'only-cart', [{ Effect: 'Deny', Action: 'dynamodb:*', NotResource: `${TABLE_ARN}*` }])] }),
        },
      }),
    ),
    status: 'pass',
  },
  {
    name: 'an RCP denies principals outside the organization: the role is inside (aws:PrincipalOrgID known), pass',
    ctx: withOrg(
      org({
        rcp: {
          account: ACCOUNT,
          levels: levels(RCP_FULL, {
            root: [
              RCP_FULL,
              policy('p-perimeter', 'data-perimeter', [
                {
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 'dynamodb:*',
                  Resource: '*',
                  Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG_ID }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
                },
              ]),
            ],
          }),
        },
      }),
    ),
    status: 'pass',
  },
  {
    name: 'an RCP that requires the VPC endpoint: warn naming aws:SourceVpce, never a pass',
    ctx: withOrg(
      org({
        rcp: {
          account: ACCOUNT,
          levels: vpceOnlyRcpLevels(),
        },
      }),
    ),
    status: 'warn',
    says: ['aws:SourceVpce', 'vpce-only (p-vpce)', 'RCP'],
  },
  {
    name: 'an RCP explicitly denying the role (cross-account table in a member account): fail',
    ctx: () => {
      const other = TABLE_ARN.replace(ACCOUNT, '444455556666');
      const deny = policy('p-denyrole', 'deny-cart', [
        { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/cart-dynamodb-role` }, Action: 'dynamodb:PutItem', Resource: '*' },
      ]);
      return withOrg(
        org({ rcp: { account: '444455556666', levels: levels(RCP_FULL, { account: [RCP_FULL, deny] }, '444455556666') } }),
        (v) => (v.tableArn = other),
      );
    },
    status: 'fail',
    says: ['dynamodb:PutItem', '(RCP)', 'deny-cart (p-denyrole)', 'account 444455556666'],
  },
  {
    name: 'the table’s account is outside the organization read: warn, its RCPs are not judged',
    ctx: withOrg(
      org({ rcp: { account: '444455556666', outside: 'AccountNotFoundException' } }),
      (v) => (v.tableArn = TABLE_ARN.replace(ACCOUNT, '444455556666')),
    ),
    status: 'warn',
    says: ['not judged', '444455556666'],
  },
  {
    name: 'SCPs not enabled in the root: none apply',
    ctx: withOrg(org({ scp: { account: ACCOUNT, disabled: true } })),
    status: 'pass',
    says: ['not enabled'],
  },
  {
    name: 'the doctor may not read them (outside the management account): warn saying so and how to read them',
    ctx: withOrg(new FactUnavailable('denied', 'the doctor itself was denied organizations:ListParents (AccessDeniedException)')),
    status: 'warn',
    says: ['may not read', 'management account', 'not judged'],
    fix: [`aws organizations list-policies-for-target --target-id ${ACCOUNT} --filter SERVICE_CONTROL_POLICY`, 'delegated administrator'],
  },
  { name: 'not in this snapshot: skip asking to record again', ctx: withOrg(undefined), status: 'skip', says: ['not in this snapshot'] },
  {
    name: 'a failed read stays an error',
    ctx: withOrg(new FactUnavailable('failed', 'organizations:ListParents failed: ServiceException: boom')),
    status: 'error',
    says: ['ServiceException'],
  },
  ...prerequisiteCases(check),
];

const LEVELS = (account = ACCOUNT) => `root ${ROOT}, OU ${OU}, account ${account}`;
const ACTIONS = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan'].map((a) => `dynamodb:${a}`);
const PATHS = [`SCPs (role's account ${ACCOUNT}) at ${LEVELS()}`, `RCPs (table's account ${ACCOUNT}) at ${LEVELS()}`];
const FROM_MANAGEMENT = '# From the management account (or a delegated administrator); the doctor changes nothing:';
const rcpAt = (at: Parameters<typeof levels>[1]) => org({ rcp: { account: ACCOUNT, levels: levels(RCP_FULL, at) } });
const scpAt = (at: Parameters<typeof levels>[1]) => org({ scp: { account: ACCOUNT, levels: levels(FULL, at) } });
const notIamKey = (key: string) =>
  policy('p-cond', 'conditional', [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { [key]: 'x' } } }]);

// The whole message where it lists calls, levels and policies; the evidence JSON consumers read; the fix's real ids.
const messageCases: CheckCase[] = [
  {
    name: 'FullAWSAccess everywhere: the whole message, and each call allowed at each level in the evidence',
    ctx: withOrg(org()),
    status: 'pass',
    saysExactly: `The organization's guardrails allow all 6 calls (organization ${ORG_ID}): ${PATHS.join('; ')}.`,
    evidence: {
      organization: ORG_ID,
      managementAccount: MANAGEMENT,
      paths: PATHS,
      matrix: [...ACTIONS.map((action) => ({ kind: 'SCP', action })), ...ACTIONS.map((action) => ({ kind: 'RCP', action }))].map((c) => ({
        ...c,
        resource: TABLE_ARN,
        decision: 'allow',
        why: `allowed at ${LEVELS()}`,
      })),
    },
  },
  {
    name: 'no organization: the whole message and organization null',
    ctx: withOrg({ inOrganization: false }),
    status: 'pass',
    saysExactly: `Account ${ACCOUNT} is not in an AWS Organization (AWSOrganizationsNotInUseException): no SCPs or RCPs apply.`,
    evidence: { organization: null },
  },
  {
    name: 'consolidated billing only: the whole message names the organization',
    ctx: withOrg(org({ featureSet: 'CONSOLIDATED_BILLING', scp: undefined, rcp: undefined })),
    status: 'pass',
    saysExactly: `Organization ${ORG_ID} has only consolidated billing (no "all features"): no SCPs or RCPs apply.`,
    evidence: { organization: ORG_ID },
  },
  {
    name: 'consolidated billing, but the table was not found: warn naming table.exists',
    ctx: withOrg(org({ featureSet: 'CONSOLIDATED_BILLING', scp: undefined, rcp: undefined }), (v) => tableNotFound(v)),
    status: 'warn',
    says: ['consolidated billing', 'see table.exists'],
  },
  {
    name: 'the management account: the whole message says why neither applies',
    ctx: withOrg(org({ managementAccount: ACCOUNT, scp: undefined, rcp: undefined })),
    status: 'pass',
    saysExactly: `No organization guardrail applies (organization ${ORG_ID}): SCPs (role's account ${ACCOUNT}): none apply, ${ACCOUNT} is the management account; RCPs (table's account ${ACCOUNT}): none apply, ${ACCOUNT} is the management account.`,
  },
  {
    name: 'guardrails allow, but the table was not found: warn naming table.exists, never a pass',
    ctx: withOrg(org(), (v) => tableNotFound(v)),
    status: 'warn',
    says: ['allow all 6 calls', 'see table.exists'],
  },
  {
    name: 'SCPs not enabled in the root: the whole message',
    ctx: withOrg(org({ scp: { account: ACCOUNT, disabled: true } })),
    status: 'pass',
    saysExactly: `The organization's guardrails allow all 6 calls (organization ${ORG_ID}): SCPs (role's account ${ACCOUNT}): the policy type is not enabled in the root, so none apply; ${PATHS[1]}.`,
  },
  {
    name: 'an SCP explicitly denies DeleteItem: the whole message, the evidence row and the describe-policy line',
    ctx: withOrg(scpAt({ ou: [FULL, denyDeleteScp] })),
    status: 'fail',
    saysExactly: `The organization's guardrails deny 1 of the app's calls: dynamodb:DeleteItem on ${TABLE_ARN} (SCP): explicit Deny in no-deletes (p-nodelete1) (Sid NoDeletes), an SCP attached to OU ${OU}.`,
    evidence: {
      matrix: expect.arrayContaining([
        {
          kind: 'SCP',
          action: 'dynamodb:DeleteItem',
          resource: TABLE_ARN,
          decision: 'deny',
          why: `explicit Deny in no-deletes (p-nodelete1) (Sid NoDeletes), an SCP attached to OU ${OU}`,
        },
      ]),
    },
    fix: [
      `${FROM_MANAGEMENT}\naws organizations describe-policy --policy-id p-nodelete1   # SCP denying dynamodb:DeleteItem: exempt the role (a Condition on aws:PrincipalArn) or narrow it`,
    ],
  },
  {
    name: 'two calls denied by one SCP at the root: one describe-policy line per call, the count in the message',
    ctx: withOrg(
      scpAt({ root: [FULL, policy('p-nowrite', 'no-writes', [{ Effect: 'Deny', Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: '*' }])] }),
    ),
    status: 'fail',
    says: ['deny 2 of', `an SCP attached to root ${ROOT}`, 'no-writes (p-nowrite) (statement #1)'],
    fix: ['--policy-id p-nowrite   # SCP denying dynamodb:PutItem', '--policy-id p-nowrite   # SCP denying dynamodb:UpdateItem'],
  },
  {
    name: 'a denying policy whose source carries no policy id: the fix names the source',
    ctx: withOrg(
      scpAt({
        account: [
          FULL,
          {
            id: 'p-x',
            name: 'bare',
            document: parsePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'dynamodb:Scan', Resource: '*' }] }, 'bare'),
          },
        ],
      }),
    ),
    status: 'fail',
    says: [`an SCP attached to account ${ACCOUNT}`],
    fix: ['aws organizations describe-policy --policy-id bare   # SCP denying dynamodb:Scan'],
  },
  {
    name: 'an allow-list SCP without Scan on the OU: the whole message and the list-policies line for that OU',
    ctx: withOrg(
      scpAt({
        ou: [
          policy('p-allowlist', 'allow-list', [
            {
              Effect: 'Allow',
              Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
              Resource: '*',
            },
          ]),
        ],
      }),
    ),
    status: 'fail',
    saysExactly: `The organization's guardrails deny 1 of the app's calls: dynamodb:Scan on ${TABLE_ARN} (SCP): no SCP attached to OU ${OU} allows it (attached there: allow-list); every level from the root to the account must allow.`,
    fix: [
      `${FROM_MANAGEMENT}\naws organizations list-policies-for-target --target-id ${OU} --filter SERVICE_CONTROL_POLICY   # attach one that allows dynamodb:Scan there`,
    ],
  },
  {
    name: 'an account with no RCP attached and an unnamed one at the root: implicit RCP deny, the fix filters RCPs',
    ctx: withOrg(rcpAt({ root: [{ ...RCP_FULL, name: undefined }], account: [] })),
    status: 'fail',
    says: ['deny 6 of', `(RCP): no RCP attached to account ${ACCOUNT} allows it (attached there: none)`],
    notSays: ['(SCP)'],
    fix: [
      `aws organizations list-policies-for-target --target-id ${ACCOUNT} --filter RESOURCE_CONTROL_POLICY   # attach one that allows dynamodb:GetItem there`,
    ],
  },
  {
    name: 'an RCP that allows another table only: implicit deny at the root, named by policy name',
    ctx: withOrg(
      rcpAt({ root: [policy('p-orders', 'orders-only', [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: TABLE_ARN.replace('Items', 'Orders') }])] }),
    ),
    status: 'fail',
    says: [`no RCP attached to root ${ROOT} allows it (attached there: orders-only)`],
  },
  {
    name: 'an RCP Deny for all but AWS services: aws:PrincipalIsAWSService is known false for the role, fail',
    ctx: withOrg(
      rcpAt({
        account: [
          RCP_FULL,
          policy('p-svc', 'services-only', [
            { Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } } },
          ]),
        ],
      }),
    ),
    status: 'fail',
    says: ['deny 6 of', 'services-only (p-svc)', `an RCP attached to account ${ACCOUNT}`],
    fix: ['--policy-id p-svc   # RCP denying dynamodb:GetItem'],
  },
  {
    name: 'an RCP that requires the VPC endpoint: the whole warning lists the actions once and the condition once',
    ctx: withOrg(
      rcpAt({
        ou: [
          RCP_FULL,
          policy('p-vpce', 'vpce-only', [
            { Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc' } } },
          ]),
        ],
      }),
    ),
    status: 'warn',
    saysExactly: `The organization's guardrails allow ${ACTIONS.join(', ')} only if conditions the doctor cannot evaluate hold: RCP depends on StringNotEquals aws:SourceVpce ["vpce-0abc"] in vpce-only (p-vpce) (statement #1).`,
    evidence: { matrix: expect.arrayContaining([expect.objectContaining({ kind: 'RCP', action: 'dynamodb:Scan', decision: 'unknown' })]) },
  },
  {
    name: 'an RCP allow only under a condition it cannot know: warn, never a pass',
    ctx: withOrg(
      rcpAt({
        account: [
          policy('p-ip', 'from-office', [
            { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
          ]),
        ],
      }),
    ),
    status: 'warn',
    says: ['RCP depends on IpAddress aws:SourceIp ["10.0.0.0/8"] in from-office (p-ip) (statement #1)'],
  },
  {
    name: 'an SCP allow only under a condition it cannot know: warn naming it',
    ctx: withOrg(scpAt({ account: [notIamKey('aws:SourceIdentity')] })),
    status: 'warn',
    says: ['SCP depends on StringEquals aws:SourceIdentity ["x"] in conditional (p-cond) (statement #1)'],
  },
  {
    name: "the role's account outside the organization read: aws:PrincipalOrgID is not known, so a perimeter RCP is undecided",
    ctx: withOrg(
      org({
        scp: { account: ACCOUNT, outside: 'AccountNotFoundException' },
        rcp: {
          account: ACCOUNT,
          levels: levels(RCP_FULL, {
            root: [
              RCP_FULL,
              policy('p-perimeter', 'data-perimeter', [
                { Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG_ID } } },
              ]),
            ],
          }),
        },
      }),
    ),
    status: 'warn',
    says: ['aws:PrincipalOrgID'],
  },
  {
    name: 'the role in the management account (no SCP path): aws:PrincipalOrgID is known, a perimeter RCP on the table passes',
    ctx: withOrg(
      org({
        managementAccount: ACCOUNT,
        scp: undefined,
        rcp: {
          account: ACCOUNT,
          levels: levels(RCP_FULL, {
            root: [
              RCP_FULL,
              policy('p-perimeter', 'data-perimeter', [
                { Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG_ID } } },
              ]),
            ],
          }),
        },
      }),
    ),
    status: 'pass',
    says: ['allow all 6 calls', 'none apply'],
  },
  {
    name: 'the table’s account outside the organization read: the whole warning and how to read that account',
    ctx: withOrg(
      org({ rcp: { account: '444455556666', outside: 'AccountNotFoundException' } }),
      (v) => (v.tableArn = TABLE_ARN.replace(ACCOUNT, '444455556666')),
    ),
    status: 'warn',
    saysExactly: `Not every guardrail could be judged: ${PATHS[0]}; RCPs (table's account 444455556666): not judged, 444455556666 is not in organization ${ORG_ID} as read (AccountNotFoundException).`,
    fix: [
      'aws organizations list-parents --child-id 444455556666',
      'aws organizations list-policies-for-target --target-id 444455556666 --filter RESOURCE_CONTROL_POLICY',
    ],
  },
  {
    name: 'the doctor may not read them: the whole warning carries the denial, the fix every read command',
    ctx: withOrg(new FactUnavailable('denied', 'the doctor itself was denied organizations:ListParents (AccessDeniedException)')),
    status: 'warn',
    saysExactly:
      "cart-doctor may not read the organization's SCPs and RCPs (the doctor itself was denied organizations:ListParents (AccessDeniedException)): the usual case outside the management account. AWS still applies them; this layer is not judged.",
    fix: [
      '# SCPs and RCPs can be read only from the management account or a delegated administrator for AWS Organizations; there, run:',
      `aws organizations list-parents --child-id ${ACCOUNT}`,
      `aws organizations list-policies-for-target --target-id ${ACCOUNT} --filter RESOURCE_CONTROL_POLICY`,
      'aws organizations describe-policy --policy-id ID',
      '# or run cart-doctor itself there with organizations:DescribeOrganization, organizations:ListParents, organizations:ListPoliciesForTarget and organizations:DescribePolicy.',
    ],
  },
  {
    name: "the role's ARN and account are unknown: not applicable, saying why",
    ctx: withOrg(org(), (v) => {
      v.roleRef = { name: 'cart-dynamodb-role', partition: 'aws', from: 'flag' };
      v.role = { ...(v.role as RoleFact), arn: undefined, ref: v.roleRef };
    }),
    status: 'skip',
    saysExactly: "the role's or the table's AWS account is unknown in this run, so the organization's guardrails cannot be looked up",
  },
  {
    name: "an RCP Deny naming another account's role does not apply to this role (RCPs are judged by their Principal): pass",
    ctx: withOrg(
      rcpAt({
        account: [
          RCP_FULL,
          policy('p-other', 'deny-other', [{ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::444455556666:role/x' }, Action: '*', Resource: '*' }]),
        ],
      }),
    ),
    status: 'pass',
  },
  {
    name: "an RCP allowing only the role's account (delegation to its IAM policies) allows",
    ctx: withOrg(rcpAt({ account: [policy('p-acct', 'own-account', [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: '*', Resource: '*' }])] })),
    status: 'pass',
  },
  {
    name: "the partition comes from the role's reference: an RCP naming the account's root in that partition allows",
    ctx: withOrg(
      rcpAt({ account: [policy('p-cn', 'cn-root', [{ Effect: 'Allow', Principal: { AWS: `arn:aws-cn:iam::${ACCOUNT}:root` }, Action: '*', Resource: '*' }])] }),
      (v) => {
        v.roleRef = { ...(v.roleRef as RoleRef), partition: 'aws-cn' };
      },
    ),
    status: 'pass',
  },
  {
    name: 'an RCP that allows everyone for sure beside an undecided delegation to the account: the sure Allow decides, pass',
    ctx: withOrg(
      rcpAt({
        account: [
          RCP_FULL,
          policy('p-acct-ip', 'account-from-office', [
            { Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
          ]),
        ],
      }),
    ),
    status: 'pass',
    evidence: { matrix: expect.arrayContaining([expect.objectContaining({ kind: 'RCP', action: 'dynamodb:GetItem', decision: 'allow' })]) },
  },
  {
    name: 'an RCP delegating to the account for sure beside an undecided Allow for everyone: the delegation decides, pass',
    ctx: withOrg(
      rcpAt({
        account: [
          policy('p-acct', 'own-account', [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: '*', Resource: '*' }]),
          policy('p-ip', 'from-office', [
            { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
          ]),
        ],
      }),
    ),
    status: 'pass',
  },
  {
    name: 'a policy name holding another id in parentheses: the fix names the id at the end',
    ctx: withOrg(scpAt({ ou: [FULL, policy('p-new1', 'copy of (p-old1)', [{ Effect: 'Deny', Action: 'dynamodb:Scan', Resource: '*' }])] })),
    status: 'fail',
    fix: ['aws organizations describe-policy --policy-id p-new1   # SCP denying dynamodb:Scan'],
  },
  {
    name: 'two Deny statements on one call at one level: both named',
    ctx: withOrg(
      scpAt({
        root: [
          FULL,
          policy('p-two', 'two-denies', [
            { Sid: 'A', Effect: 'Deny', Action: 'dynamodb:Scan', Resource: '*' },
            { Sid: 'B', Effect: 'Deny', Action: 'dynamodb:Scan', Resource: '*' },
          ]),
        ],
      }),
    ),
    status: 'fail',
    says: ['explicit Deny in two-denies (p-two) (Sid A), two-denies (p-two) (Sid B), an SCP attached to root'],
  },
  {
    name: 'two policies at a level, neither allowing Scan: both listed as attached',
    ctx: withOrg(
      scpAt({
        account: [
          policy('p-r', 'reads', [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: '*' }]),
          policy('p-w', 'writes', [{ Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], Resource: '*' }]),
        ],
      }),
    ),
    status: 'fail',
    saysExactly: `The organization's guardrails deny 1 of the app's calls: dynamodb:Scan on ${TABLE_ARN} (SCP): no SCP attached to account ${ACCOUNT} allows it (attached there: reads, writes); every level from the root to the account must allow.`,
  },
  {
    name: 'two calls denied: the whole message lists both',
    ctx: withOrg(
      scpAt({ root: [FULL, policy('p-nowrite', 'no-writes', [{ Effect: 'Deny', Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: '*' }])] }),
    ),
    status: 'fail',
    saysExactly: `The organization's guardrails deny 2 of the app's calls: ${['PutItem', 'UpdateItem']
      .map((a) => `dynamodb:${a} on ${TABLE_ARN} (SCP): explicit Deny in no-writes (p-nowrite) (statement #1), an SCP attached to root ${ROOT}`)
      .join('; ')}.`,
  },
  {
    name: 'two undecided conditions, one in an SCP and one in an RCP: both named, each once',
    ctx: withOrg(
      org({
        scp: { account: ACCOUNT, levels: levels(FULL, { account: [notIamKey('aws:SourceIdentity')] }) },
        rcp: {
          account: ACCOUNT,
          levels: vpceOnlyRcpLevels(),
        },
      }),
    ),
    status: 'warn',
    saysExactly: `The organization's guardrails allow ${ACTIONS.join(', ')} only if conditions the doctor cannot evaluate hold: SCP depends on StringEquals aws:SourceIdentity ["x"] in conditional (p-cond) (statement #1); RCP depends on StringNotEquals aws:SourceVpce ["vpce-0abc"] in vpce-only (p-vpce) (statement #1).`,
  },
  {
    name: 'two undecided conditions in one policy: both named in the why',
    ctx: withOrg(
      scpAt({
        account: [
          policy('p-two', 'two-conditions', [
            {
              Effect: 'Allow',
              Action: '*',
              Resource: '*',
              Condition: { StringEquals: { 'aws:SourceIdentity': 'x' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
            },
          ]),
        ],
      }),
    ),
    status: 'warn',
    says: [
      'SCP depends on StringEquals aws:SourceIdentity ["x"] in two-conditions (p-two) (statement #1); IpAddress aws:SourceIp ["10.0.0.0/8"] in two-conditions (p-two) (statement #1).',
    ],
  },
  {
    name: "the role's account from its ARN when the reference carries none",
    ctx: withOrg(org(), (v) => {
      v.roleRef = { name: 'cart-dynamodb-role', partition: 'aws', from: 'flag' };
      v.role = { ...(v.role as RoleFact), ref: v.roleRef };
    }),
    status: 'pass',
    says: [`SCPs (role's account ${ACCOUNT})`],
  },
  {
    name: 'a table ARN that does not parse: not applicable, never a crash',
    ctx: withOrg(org(), (v) => (v.tableArn = 'Items')),
    status: 'skip',
    saysExactly: "the role's or the table's AWS account is unknown in this run, so the organization's guardrails cannot be looked up",
  },
  {
    name: 'not in this snapshot: the skip says how to read them too',
    ctx: withOrg(undefined),
    status: 'skip',
    saysExactly: "the organization's SCPs and RCPs: not in this snapshot; record it again (cart-doctor snapshot) to judge this layer",
    fix: [`aws organizations list-parents --child-id ${ACCOUNT}`],
  },
];

describe('org.guardrails', () => {
  checkCases(check, [...cases, ...messageCases]);
});

describe('org.guardrails asks Organizations about the accounts it knows', () => {
  async function readsOf(change: (v: FactValues) => void, holdPolicies: boolean) {
    const ctx = withOrg(org(), change);
    const reads: unknown[] = [];
    const orgGuardrails = ctx.facts.orgGuardrails.bind(ctx.facts);
    ctx.facts.orgGuardrails = (accounts) => (reads.push(accounts), orgGuardrails(accounts));
    // Policies that never arrive: only the early read (started from the role and table ARNs) can ask.
    if (holdPolicies) ctx.facts.policies = () => new Promise(() => {});
    const running = check.run(ctx);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    return { reads, running };
  }

  it('starts the read from the role and table ARNs before the role policies arrive', async () => {
    const { reads } = await readsOf(() => {}, true);
    expect(reads).toEqual([{ role: ACCOUNT, table: ACCOUNT }]);
  });

  it('the cross-account table: its own account for the RCPs', async () => {
    const { reads, running } = await readsOf((v) => (v.tableArn = TABLE_ARN.replace(ACCOUNT, '444455556666')), false);
    await running;
    expect(reads).toContainEqual({ role: ACCOUNT, table: '444455556666' });
    expect(reads.every((r) => JSON.stringify(r) === JSON.stringify({ role: ACCOUNT, table: '444455556666' }))).toBe(true);
  });

  it('never with an unknown account: no early read without the table account or the role account', async () => {
    expect((await readsOf((v) => (v.tableArn = 'Items'), true)).reads).toEqual([]);
    const noAccount = await readsOf((v) => {
      v.roleRef = { name: 'cart-dynamodb-role', arn: 'arn:aws:iam::111122223333:role/cart-dynamodb-role', partition: 'aws', from: 'flag' };
    }, true);
    expect(noAccount.reads).toEqual([]);
  });
});

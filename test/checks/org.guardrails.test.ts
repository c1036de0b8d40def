import { describe } from '@jest/globals';
import check from '../../src/checks/org.guardrails.js';
import { FactUnavailable } from '../../src/errors.js';
import type { OrgGuardrailsFact, OrgLevel, OrgPolicy } from '../../src/facts/types.js';
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
          levels: levels(RCP_FULL, {
            ou: [
              RCP_FULL,
              policy('p-vpce', 'vpce-only', [
                { Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc' } } },
              ]),
            ],
          }),
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

describe('org.guardrails', () => {
  checkCases(check, cases);
});

import { describe } from '@jest/globals';
import check from '../../src/checks/table.resource-policy.js';
import { FactUnavailable } from '../../src/errors.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { ACCOUNT, TABLE_ARN, contextWith, unavailable } from '../helpers/fake-facts.js';
import { GUIDE_ACTIONS } from './iam-fixtures.js';
import { FOREIGN_TABLE_ARN, OTHER_ACCOUNT, ROLE_ARN, SESSION_ARN, stmt, withTablePolicy } from './table-policy-fixtures.js';

const INDEX_ARN = `${TABLE_ARN}/index/idx_global_customerId`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/reporting-role`;
const denyAll = (extra: Record<string, unknown> = {}) => stmt({ Sid: 'NoCart', Effect: 'Deny', Action: 'dynamodb:*', ...extra });

describe('table.resource-policy', () =>
  checkCases(check, [
    ...prerequisiteCases(check),
    {
      name: 'no resource policy, same account',
      ctx: () => withTablePolicy(undefined),
      status: 'pass',
      says: ['no resource policy', "only the role's IAM policies decide"],
    },
    {
      name: 'a policy granting the role, same account',
      ctx: () => withTablePolicy([stmt({ Sid: 'CartAccess', Action: GUIDE_ACTIONS })]),
      status: 'pass',
      says: ['no Deny covering role cart-dynamodb-role', 'Sid CartAccess'],
    },
    {
      name: 'a Deny naming another role',
      ctx: () => withTablePolicy([denyAll({ Principal: { AWS: OTHER_ROLE } })]),
      status: 'pass',
    },
    {
      name: 'an explicit Deny naming the role',
      ctx: () => withTablePolicy([stmt({ Sid: 'Keep', Action: GUIDE_ACTIONS }), denyAll()]),
      status: 'fail',
      says: ['denies role cart-dynamodb-role 6 of the 6 calls', 'explicit Deny in', 'Sid NoCart'],
      fix: ['aws dynamodb put-resource-policy --resource-arn', '"Sid": "Keep"', `"AWS": [\n`],
    },
    {
      name: 'a Deny to everyone ("*") is the only statement: delete the policy',
      ctx: () => withTablePolicy([denyAll({ Principal: '*' })]),
      status: 'fail',
      fix: [`aws dynamodb delete-resource-policy --resource-arn ${TABLE_ARN} --region ap-south-1`],
    },
    {
      name: 'a Deny naming the role session (session name unknown): possibly denied',
      ctx: () => withTablePolicy([denyAll({ Principal: { AWS: SESSION_ARN } })]),
      status: 'warn',
      says: ['possibly denied', 'role session name'],
    },
    {
      name: 'a Deny with NotAction leaves the named actions out',
      ctx: () => withTablePolicy([denyAll({ Action: undefined, NotAction: ['dynamodb:Get*', 'dynamodb:Query', 'dynamodb:Scan'] })]),
      status: 'fail',
      says: ['3 of the 6 calls', 'dynamodb:PutItem', 'Sid NoCart'],
      notSays: ['dynamodb:GetItem'],
    },
    {
      name: 'a Deny with NotResource sparing the table',
      ctx: () => withTablePolicy([denyAll({ Resource: undefined, NotResource: [TABLE_ARN, `${TABLE_ARN}/index/*`] })]),
      status: 'pass',
    },
    {
      name: 'a Deny on the index only (retail-store queries it)',
      ctx: () => withTablePolicy([denyAll({ Action: 'dynamodb:Query', Resource: `${TABLE_ARN}/index/*` })], { preset: 'retail-store' }),
      status: 'fail',
      says: [`dynamodb:Query on ${INDEX_ARN}`, '1 of the 5 calls'],
    },
    {
      name: 'a Deny with NotPrincipal naming another role covers this one',
      ctx: () => withTablePolicy([denyAll({ Principal: undefined, NotPrincipal: { AWS: OTHER_ROLE } })]),
      status: 'fail',
      says: ['Sid NoCart'],
    },
    {
      name: 'a Deny unless aws:PrincipalArn is the role (known: it is)',
      ctx: () => withTablePolicy([denyAll({ Principal: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': ROLE_ARN } } })]),
      status: 'pass',
    },
    {
      name: 'a Deny unless aws:PrincipalAccount is another account (known: it is not)',
      ctx: () => withTablePolicy([denyAll({ Principal: '*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': OTHER_ACCOUNT } } })]),
      status: 'fail',
    },
    {
      name: 'a Deny unless the request comes through a VPC endpoint: named, never assumed',
      ctx: () => withTablePolicy([denyAll({ Principal: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc1234' } } })]),
      status: 'warn',
      says: ['possibly denied by StringNotEquals aws:SourceVpce ["vpce-0abc1234"]', 'Sid NoCart'],
    },
    {
      name: 'a Deny outside the organization: aws:PrincipalOrgID is unknown',
      ctx: () => withTablePolicy([denyAll({ Principal: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })]),
      status: 'warn',
      says: ['aws:PrincipalOrgID'],
    },
    {
      name: 'cross-account without a table policy',
      ctx: () => withTablePolicy(undefined, { foreign: true }),
      status: 'fail',
      says: [`account ${OTHER_ACCOUNT}`, 'has no resource policy', 'cross-account access needs'],
      fix: [`"AWS": "${ROLE_ARN}"`, `--resource-arn ${FOREIGN_TABLE_ARN}`],
    },
    {
      name: 'cross-account, the policy grants the role',
      ctx: () => withTablePolicy([stmt({ Action: GUIDE_ACTIONS })], { foreign: true }),
      status: 'pass',
      says: ['allows role', 'across accounts'],
    },
    {
      name: "cross-account, the policy delegates to the role's account",
      ctx: () => withTablePolicy([stmt({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'dynamodb:*' })], { foreign: true }),
      status: 'pass',
    },
    {
      name: 'cross-account, the policy grants another role only',
      ctx: () => withTablePolicy([stmt({ Principal: { AWS: OTHER_ROLE }, Action: GUIDE_ACTIONS })], { foreign: true }),
      status: 'fail',
      says: ['does not allow dynamodb:GetItem'],
      fix: ['"Sid": "CartRoleAccess"'],
    },
    {
      name: 'cross-account, the grant depends on aws:SourceIp',
      ctx: () => withTablePolicy([stmt({ Action: GUIDE_ACTIONS, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })], { foreign: true }),
      status: 'warn',
      says: ['allowed across accounts only if IpAddress aws:SourceIp'],
    },
    {
      name: 'not in this snapshot: skip asking to record again',
      ctx: () => contextWith(),
      status: 'skip',
      says: ['not in this snapshot', 'record it again'],
    },
    {
      name: 'the doctor may not read it: warn naming the permission',
      ctx: () => withTablePolicy([], { change: (v) => (v.resourcePolicy = unavailable('dynamodb:GetResourcePolicy')) }),
      status: 'warn',
      says: ['dynamodb:GetResourcePolicy was denied'],
    },
    {
      name: 'an endpoint without the API (dynalite): skip saying so',
      ctx: () =>
        withTablePolicy([], {
          change: (v) => (v.resourcePolicy = new FactUnavailable('no-api', 'dynamodb:GetResourcePolicy is not offered by this endpoint')),
        }),
      status: 'skip',
      says: ['not offered by this endpoint', 'not judged'],
    },
    {
      name: 'the read failed: error',
      ctx: () =>
        withTablePolicy([], { change: (v) => (v.resourcePolicy = new FactUnavailable('failed', 'dynamodb:GetResourcePolicy failed: InternalServerError')) }),
      status: 'error',
    },
  ]));

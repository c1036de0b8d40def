import { describe } from '@jest/globals';
import check from '../../src/checks/table.resource-policy.js';
import { FactUnavailable } from '../../src/errors.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import type { RoleFact, TableFact } from '../../src/facts/types.js';
import { ACCOUNT, REGION, TABLE_ARN, contextWith, unavailable } from '../helpers/fake-facts.js';
import { GUIDE_ACTIONS } from './iam-fixtures.js';
import { FOREIGN_TABLE_ARN, OTHER_ACCOUNT, ROLE_ARN, SESSION_ARN, stmt, tablePolicyFact, withTablePolicy } from './table-policy-fixtures.js';

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
      // Each replica of a global table has its own resource policy: the one judged is the replica's the app calls.
      name: "a global table's replica in the app's region: its own policy is judged on its own ARN",
      ctx: () =>
        withTablePolicy([denyAll({ Principal: { AWS: ROLE_ARN } })], {
          change: (v) => {
            const replica = TABLE_ARN.replace(`:${REGION}:`, ':eu-west-1:');
            v.resourcePolicy = tablePolicyFact(replica, [denyAll({ Principal: { AWS: ROLE_ARN }, Resource: [replica, `${replica}/index/*`] })]);
          },
        }),
      status: 'fail',
      says: ['table Items (eu-west-1 replica)', 'arn:aws:dynamodb:eu-west-1:111122223333:table/Items'],
      notSays: ['arn:aws:dynamodb:ap-south-1'],
      evidence: { resourceArn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/Items' },
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
    {
      name: 'no resource policy, same account: the whole message and the evidence',
      ctx: () => withTablePolicy(undefined),
      status: 'pass',
      saysExactly: "table Items has no resource policy: only the role's IAM policies decide (policy.actions)",
      evidence: { resourceArn: TABLE_ARN, policy: 'none' },
    },
    {
      name: 'cross-account without a table policy: the whole message, the evidence and the statement to put',
      ctx: () => withTablePolicy(undefined, { foreign: true }),
      status: 'fail',
      saysExactly: `table Items is in account ${OTHER_ACCOUNT} and has no resource policy, but role ${ROLE_ARN} is in account ${ACCOUNT}: cross-account access needs the table's policy to allow the role`,
      evidence: { resourceArn: FOREIGN_TABLE_ARN, policy: 'none', tableAccount: OTHER_ACCOUNT, roleAccount: ACCOUNT },
      fix: [
        "# Allow the role on the table and its index (the role's own policies must allow these calls too):",
        `"Action": [\n${GUIDE_ACTIONS.map((a) => `        "${a}"`).join(',\n')}\n      ]`,
        `"Resource": [\n        "${FOREIGN_TABLE_ARN}"\n      ]`,
        `--resource-arn ${FOREIGN_TABLE_ARN} --policy file://table-policy.json --region ap-south-1`,
      ],
    },
    {
      name: 'a policy granting the role, same account: the whole message and the matrix',
      ctx: () => withTablePolicy([stmt({ Sid: 'CartAccess', Action: GUIDE_ACTIONS })]),
      status: 'pass',
      saysExactly:
        "table Items's resource policy has no Deny covering role cart-dynamodb-role's 6 calls; it allows the role through the resource policy of table Items (Sid CartAccess)",
      evidence: {
        resourceArn: TABLE_ARN,
        crossAccount: false,
        matrix: GUIDE_ACTIONS.map((action) => ({
          action,
          resource: TABLE_ARN,
          deny: 'false',
          allow: 'true',
          allowedBy: ['the resource policy of table Items (Sid CartAccess)'],
        })),
      },
      never: ['"deniedBy"'],
    },
    {
      name: 'a Deny naming another role: passes without naming a grant',
      ctx: () => withTablePolicy([denyAll({ Principal: { AWS: OTHER_ROLE } })]),
      status: 'pass',
      saysExactly: "table Items's resource policy has no Deny covering role cart-dynamodb-role's 6 calls",
      evidence: { matrix: GUIDE_ACTIONS.map((action) => ({ action, deny: 'false', allow: 'false' })) },
      never: ['"deniedBy"', '"allowedBy"'],
    },
    {
      name: 'an explicit Deny beside a grant: the whole message, the matrix, and the rest of the policy kept',
      ctx: () => withTablePolicy([stmt({ Sid: 'Keep', Action: GUIDE_ACTIONS }), denyAll()]),
      status: 'fail',
      saysExactly: `table Items's resource policy denies role cart-dynamodb-role 6 of the 6 calls the app makes: ${GUIDE_ACTIONS.join(', ')} on ${TABLE_ARN} — explicit Deny in the resource policy of table Items (Sid NoCart)`,
      evidence: {
        crossAccount: false,
        matrix: GUIDE_ACTIONS.map((action) => ({
          action,
          deny: 'true',
          allow: 'true',
          deniedBy: ['the resource policy of table Items (Sid NoCart)'],
          allowedBy: ['the resource policy of table Items (Sid Keep)'],
        })),
      },
      fix: [
        "# Drop the Deny statement the resource policy of table Items (Sid NoCart) (or narrow it so it no longer covers the role); the rest of the table's policy is kept:",
        `"Resource": [\n        "${TABLE_ARN}",\n        "${TABLE_ARN}/index/*"\n      ]`,
      ],
    },
    {
      name: 'a Deny to everyone as the only statement: the policy goes',
      ctx: () => withTablePolicy([denyAll({ Principal: '*' })]),
      status: 'fail',
      evidence: { matrix: GUIDE_ACTIONS.map((action) => ({ action, deny: 'true', allow: 'false' })) },
      fix: ["(or narrow it so it no longer covers the role); it is the policy's only statement, so the policy goes:"],
    },
    {
      name: 'two Deny statements: both named; kept statements keep their Principal "*" and NotPrincipal',
      ctx: () =>
        withTablePolicy([
          denyAll(),
          stmt({ Sid: 'Everyone', Principal: '*', Action: 'dynamodb:DescribeTable' }),
          stmt({ Sid: 'NoDrop', Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: OTHER_ROLE }, Action: 'dynamodb:DeleteTable' }),
          stmt({ Sid: 'OnlyCart', Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: ROLE_ARN }, Action: 'dynamodb:*' }),
        ]),
      status: 'fail',
      says: ['explicit Deny in the resource policy of table Items (Sid NoCart), the resource policy of table Items (Sid OnlyCart)'],
      fix: [
        'Drop the Deny statement the resource policy of table Items (Sid NoCart), the resource policy of table Items (Sid OnlyCart) (or narrow it',
        '"Sid": "Everyone"',
        '"Principal": "*"',
        `"NotPrincipal": {\n        "AWS": [\n          "${OTHER_ROLE}"\n        ]\n      }`,
      ],
    },
    {
      name: 'Deny on one call on the table and one on the index: grouped by resource',
      ctx: () => withTablePolicy([denyAll({ Action: ['dynamodb:PutItem', 'dynamodb:Query'] })], { preset: 'retail-store' }),
      status: 'fail',
      saysExactly: `table Items's resource policy denies role cart-dynamodb-role 2 of the 5 calls the app makes: dynamodb:PutItem on ${TABLE_ARN}; dynamodb:Query on ${INDEX_ARN} — explicit Deny in the resource policy of table Items (Sid NoCart)`,
    },
    {
      name: 'a Deny naming the role session: the whole warning and the unknown conditions',
      ctx: () => withTablePolicy([denyAll({ Principal: { AWS: SESSION_ARN } })]),
      status: 'warn',
      saysExactly: `table Items's resource policy: ${GUIDE_ACTIONS.join(', ')} on ${TABLE_ARN} possibly denied by Principal role session name ["${SESSION_ARN}"] in the resource policy of table Items (Sid NoCart) — conditions the doctor cannot know from outside the pod's request`,
      evidence: {
        crossAccount: false,
        matrix: GUIDE_ACTIONS.map((action) => ({ action, deny: 'unknown', allow: 'false' })),
        unknownConditions: [`Principal role session name ["${SESSION_ARN}"] in the resource policy of table Items (Sid NoCart)`],
      },
      fix: ['# Check these conditions against how the pods reach DynamoDB (a VPC endpoint sets aws:SourceVpce and hides aws:SourceIp'],
    },
    {
      name: 'cross-account, a possible Deny and a conditional grant: both named',
      ctx: () =>
        withTablePolicy(
          [
            denyAll({ Principal: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc1234' } } }),
            stmt({ Sid: 'FromOffice', Action: GUIDE_ACTIONS, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }),
          ],
          { foreign: true },
        ),
      status: 'warn',
      saysExactly: `table Items's resource policy: ${GUIDE_ACTIONS.join(', ')} on ${FOREIGN_TABLE_ARN} possibly denied by StringNotEquals aws:SourceVpce ["vpce-0abc1234"] in the resource policy of table Items (Sid NoCart); and ${GUIDE_ACTIONS.join(', ')} on ${FOREIGN_TABLE_ARN} allowed across accounts only if IpAddress aws:SourceIp ["10.0.0.0/8"] in the resource policy of table Items (Sid FromOffice) holds — conditions the doctor cannot know from outside the pod's request`,
      evidence: {
        crossAccount: true,
        matrix: GUIDE_ACTIONS.map((action) => ({ action, deny: 'unknown', allow: 'unknown' })),
        unknownConditions: [
          'StringNotEquals aws:SourceVpce ["vpce-0abc1234"] in the resource policy of table Items (Sid NoCart)',
          'IpAddress aws:SourceIp ["10.0.0.0/8"] in the resource policy of table Items (Sid FromOffice)',
        ],
      },
    },
    {
      name: 'cross-account, the grant depends on aws:SourceIp: the whole warning',
      ctx: () => withTablePolicy([stmt({ Action: GUIDE_ACTIONS, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })], { foreign: true }),
      status: 'warn',
      saysExactly: `table Items's resource policy: ${GUIDE_ACTIONS.join(', ')} on ${FOREIGN_TABLE_ARN} allowed across accounts only if IpAddress aws:SourceIp ["10.0.0.0/8"] in the resource policy of table Items (statement #1) holds — conditions the doctor cannot know from outside the pod's request`,
      evidence: { matrix: GUIDE_ACTIONS.map((action) => ({ action, deny: 'false', allow: 'unknown' })) },
    },
    {
      name: 'cross-account, the policy grants the role: the whole message',
      ctx: () => withTablePolicy([stmt({ Action: GUIDE_ACTIONS })], { foreign: true }),
      status: 'pass',
      saysExactly: `table Items (account ${OTHER_ACCOUNT}) allows role ${ROLE_ARN} all 6 calls across accounts; it allows the role through the resource policy of table Items (statement #1)`,
      evidence: { resourceArn: FOREIGN_TABLE_ARN, crossAccount: true },
    },
    {
      name: 'cross-account, the policy grants another role only: the whole message, the matrix, the statement added',
      ctx: () => withTablePolicy([stmt({ Sid: 'Reporting', Principal: { AWS: OTHER_ROLE }, Action: GUIDE_ACTIONS })], { foreign: true }),
      status: 'fail',
      saysExactly: `table Items is in account ${OTHER_ACCOUNT}, role ${ROLE_ARN} in account ${ACCOUNT}: across accounts the table's policy must allow the role, and it does not allow ${GUIDE_ACTIONS.join(', ')} on ${FOREIGN_TABLE_ARN}`,
      evidence: { resourceArn: FOREIGN_TABLE_ARN, crossAccount: true, matrix: GUIDE_ACTIONS.map((action) => ({ action, deny: 'false', allow: 'false' })) },
      never: ['"deniedBy"', '"allowedBy"'],
      fix: [
        "# Add a statement allowing the role (the role's own policies must allow these calls too); the existing statements are kept:",
        '"Sid": "Reporting"',
        `"Principal": {\n        "AWS": "${ROLE_ARN}"\n      }`,
        `--resource-arn ${FOREIGN_TABLE_ARN} --policy file://table-policy.json --region ap-south-1`,
      ],
    },
    {
      name: "the role's ARN is unknown: skip saying no Principal can be matched",
      ctx: () =>
        withTablePolicy(undefined, {
          change: (v) => {
            v.roleRef = { name: 'cart-dynamodb-role', partition: 'aws', from: 'flag' };
            v.role = { ...(v.role as RoleFact), ref: v.roleRef, arn: undefined };
          },
        }),
      status: 'skip',
      saysExactly: 'the ARN of role cart-dynamodb-role is unknown (no ARN annotation, no --role ARN), so no Principal can be matched (see sa.annotation)',
    },
    {
      name: 'the table is not found: skip naming table and region',
      ctx: () => withTablePolicy(undefined, { change: (v) => (v.tables[REGION] = { ...(v.tables[REGION] as TableFact), found: false }) }),
      status: 'skip',
      saysExactly: 'table Items was not found in ap-south-1, so it has no resource policy here (see table.exists)',
    },
    {
      name: 'an endpoint without the API: the whole message and the permission it would need',
      ctx: () =>
        withTablePolicy([], {
          change: (v) => (v.resourcePolicy = new FactUnavailable('no-api', 'dynamodb:GetResourcePolicy is not offered by this endpoint')),
        }),
      status: 'skip',
      saysExactly: "dynamodb:GetResourcePolicy is not offered by this endpoint: the table's resource policy is not judged here (AWS applies it)",
      evidence: { needs: 'dynamodb:GetResourcePolicy' },
    },
    {
      name: 'two grants: both named; the table policy file is written before it is put',
      ctx: () => withTablePolicy([stmt({ Sid: 'Reads', Action: GUIDE_ACTIONS }), stmt({ Sid: 'Writes', Action: GUIDE_ACTIONS })]),
      status: 'pass',
      saysExactly:
        "table Items's resource policy has no Deny covering role cart-dynamodb-role's 6 calls; it allows the role through the resource policy of table Items (Sid Reads), the resource policy of table Items (Sid Writes)",
    },
    {
      name: 'two conditions on a possible Deny: both named',
      ctx: () =>
        withTablePolicy([denyAll({ Principal: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc1234', 'aws:PrincipalOrgID': 'o-abc123' } } })]),
      status: 'warn',
      says: [
        'possibly denied by StringNotEquals aws:SourceVpce ["vpce-0abc1234"] in the resource policy of table Items (Sid NoCart); StringNotEquals aws:PrincipalOrgID ["o-abc123"] in the resource policy of table Items (Sid NoCart) — conditions',
      ],
    },
    {
      name: 'cross-account, no grant: the policy file is written as a JSON heredoc, then put; denied statements are not kept',
      ctx: () =>
        withTablePolicy(
          [
            denyAll(),
            stmt({ Sid: 'Keep', Action: 'dynamodb:DescribeTable' }),
            stmt({ Sid: 'OnlyCart', Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: ROLE_ARN }, Action: 'dynamodb:*' }),
          ],
          { foreign: true },
        ),
      status: 'fail',
      fix: [
        `cat > table-policy.json <<'JSON'\n{\n  "Version": "2012-10-17",\n  "Statement": [`,
        `\n}\nJSON\naws dynamodb put-resource-policy`,
        '"Sid": "Keep"',
      ],
      never: ['\\"Sid\\": \\"NoCart\\"', '\\"Sid\\": \\"OnlyCart\\"'],
    },
  ]));

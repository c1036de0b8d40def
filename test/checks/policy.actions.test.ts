import { describe, it, expect } from '@jest/globals';
import check from '../../src/checks/policy.actions.js';
import { checkCases, prerequisiteCases, type CheckCase } from '../helpers/check-cases.js';
import { contextWith, guidePolicy, tableNotFound, unavailable } from '../helpers/fake-facts.js';
import {
  ACCOUNT,
  BOUNDARY_ARN,
  GUIDE_ACTIONS,
  INDEX_ARN,
  ITEM_ACTIONS,
  TABLE_ARN,
  documentOf,
  grant,
  managed,
  parsed,
  rawPolicy,
  run,
  withPolicies,
  workshopPolicy,
} from './iam-fixtures.js';

import { SESSION_ARN, stmt, tablePolicyFact, withTablePolicy } from './table-policy-fixtures.js';

const US_EAST_ARN = TABLE_ARN.replace('ap-south-1', 'us-east-1');
/** The role's identity policies replaced, and the table's resource policy holding `statements`. */
const withBoth = (identity: ReturnType<typeof managed>, statements: Record<string, unknown>[] | undefined, options: Parameters<typeof withPolicies>[1] = {}) =>
  withPolicies(identity, {
    ...options,
    change: (v) => {
      v.resourcePolicy = tablePolicyFact(TABLE_ARN, statements);
      options.change?.(v);
    },
  });
const retail = (...drafts: Parameters<typeof managed>) => withPolicies(managed(...drafts), { preset: 'retail-store' });

const cases: CheckCase[] = [
  {
    // Issue 10: the ARN the table would have is what the app's calls will name, but no table was seen.
    name: 'table not found: a grant on the ARN it would have is a warn naming table.exists, never a pass',
    ctx: contextWith((v) => tableNotFound(v)),
    status: 'warn',
    says: ['the ARN table Items would have', 'not found in ap-south-1 (see table.exists)'],
    fix: ['Create table Items in ap-south-1'],
  },
  { name: "the guide's policy", ctx: contextWith(), status: 'pass', says: ['all 6 calls', 'dynamodb:Scan'] },
  {
    name: 'retail-store: table actions plus Query on index/*',
    ctx: retail(grant(ITEM_ACTIONS, [TABLE_ARN]), grant(['dynamodb:Query'], [`${TABLE_ARN}/index/*`])),
    status: 'pass',
    says: ['all 5 calls'],
  },
  {
    name: 'wildcards (dynamodb:* on *): allowed, least privilege is policy.resource',
    ctx: withPolicies(managed(grant(['dynamodb:*'], ['*']))),
    status: 'pass',
  },
  {
    name: 'actions in another case',
    ctx: withPolicies(
      managed(
        grant(
          GUIDE_ACTIONS.map((a) => a.toUpperCase()),
          [TABLE_ARN],
        ),
      ),
    ),
    status: 'pass',
  },
  {
    name: 'a condition the doctor knows holds (aws:RequestedRegion, aws:SecureTransport)',
    ctx: withPolicies(
      managed(
        grant(GUIDE_ACTIONS, [TABLE_ARN], {
          condition: { StringEquals: { 'aws:RequestedRegion': ['ap-south-1'] }, Bool: { 'aws:SecureTransport': ['true'] } },
        }),
      ),
    ),
    status: 'pass',
  },
  {
    name: 'a Deny on insecure transport does not apply',
    ctx: withPolicies(
      managed(grant(GUIDE_ACTIONS, [TABLE_ARN]), {
        effect: 'Deny',
        action: ['dynamodb:*'],
        resource: ['*'],
        condition: { Bool: { 'aws:SecureTransport': ['false'] } },
      }),
    ),
    status: 'pass',
  },
  {
    name: 'a boundary that allows everything the app needs',
    ctx: withPolicies(managed(grant(GUIDE_ACTIONS, [TABLE_ARN])), { boundary: documentOf(BOUNDARY_ARN, grant(['dynamodb:*'], ['*'])) }),
    status: 'pass',
  },
  {
    name: 'a conditional allow on dynamodb:LeadingKeys',
    ctx: withPolicies(
      managed(
        grant(GUIDE_ACTIONS, [TABLE_ARN], { sid: 'OwnItems', condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:userid}'] } } }),
      ),
    ),
    status: 'warn',
    says: ['allowed only if', 'ForAllValues:StringEquals dynamodb:LeadingKeys', 'Sid OwnItems'],
    mentions: ['aws iam simulate-principal-policy'],
  },
  {
    name: 'a Deny that depends on aws:SourceIp',
    ctx: withPolicies(
      managed(grant(GUIDE_ACTIONS, [TABLE_ARN]), {
        sid: 'OfficeOnly',
        effect: 'Deny',
        action: ['dynamodb:*'],
        resource: ['*'],
        condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } },
      }),
    ),
    status: 'warn',
    says: ['possibly denied by', 'NotIpAddress aws:SourceIp ["10.0.0.0/8"]', 'Sid OfficeOnly'],
  },
  {
    name: 'the policy names the table in the wrong region',
    ctx: withPolicies(managed(grant(GUIDE_ACTIONS, [US_EAST_ARN]))),
    status: 'fail',
    says: ['denied 6 of the 6 calls', `on ${TABLE_ARN}: no statement allows it`, `name ${US_EAST_ARN}`],
    mentions: [`"Resource": "${TABLE_ARN}"`, 'aws iam put-role-policy --role-name cart-dynamodb-role --policy-name cart-dynamodb-access'],
  },
  {
    name: 'a condition the doctor knows is false (aws:RequestedRegion us-east-1)',
    ctx: withPolicies(managed(grant(GUIDE_ACTIONS, [TABLE_ARN], { condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }))),
    status: 'fail',
    says: ['no statement allows it', 'allows it only if StringEquals aws:RequestedRegion ["us-east-1"], which is false for this call'],
  },
  {
    name: 'an explicit Deny in an inline policy',
    ctx: withPolicies([
      ...managed(grant(GUIDE_ACTIONS, [TABLE_ARN])),
      {
        name: 'inline:no-deletes-in-prod',
        document: documentOf('inline:no-deletes-in-prod', { sid: 'NoDeletesInProd', effect: 'Deny', action: ['dynamodb:DeleteItem'], resource: ['*'] }),
      },
    ]),
    status: 'fail',
    says: ['denied 1 of the 6 calls', 'dynamodb:DeleteItem', 'explicit Deny in inline:no-deletes-in-prod (Sid NoDeletesInProd)'],
    mentions: ['Drop the Deny', 'aws iam delete-role-policy --role-name cart-dynamodb-role --policy-name no-deletes-in-prod'],
  },
  {
    name: 'an explicit Deny in a managed policy',
    ctx: withPolicies(managed(grant(GUIDE_ACTIONS, [TABLE_ARN]), { effect: 'Deny', action: ['dynamodb:Scan'], resource: [TABLE_ARN] })),
    status: 'fail',
    says: ['dynamodb:Scan', 'explicit Deny', 'statement #2'],
    mentions: ['aws iam create-policy-version --policy-arn arn:aws:iam::111122223333:policy/cart-dynamodb-policy'],
  },
  {
    name: 'a permissions boundary that does not allow DeleteItem',
    ctx: withPolicies(managed(grant(GUIDE_ACTIONS, [TABLE_ARN])), {
      boundary: documentOf(BOUNDARY_ARN, grant(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:Scan'], ['*'])),
    }),
    status: 'fail',
    says: ['dynamodb:DeleteItem', `the permissions boundary ${BOUNDARY_ARN} does not allow it`],
    mentions: ['Widen the permissions boundary', '"dynamodb:DeleteItem"', `aws iam create-policy-version --policy-arn ${BOUNDARY_ARN}`],
  },
  {
    name: "retail-store with the guide's table-only policy: Query on the index is denied",
    ctx: retail(grant(GUIDE_ACTIONS, [TABLE_ARN])),
    status: 'fail',
    says: ['denied 1 of the 5 calls', `dynamodb:Query on ${INDEX_ARN}`],
    mentions: [`"Resource": "${INDEX_ARN}"`],
  },
  { name: 'no identity policy at all', ctx: withPolicies([]), status: 'fail', says: ['denied 6 of the 6', 'No Allow statement names a DynamoDB resource'] },
  {
    name: 'the policies cannot be read',
    ctx: contextWith((v) => (v.policies = unavailable('iam:ListAttachedRolePolicies'))),
    status: 'error',
    says: ['iam:ListAttachedRolePolicies'],
  },
  {
    name: 'the table ARN is unknown',
    ctx: contextWith((v) => (v.tableArn = unavailable('dynamodb:DescribeTable'))),
    status: 'error',
    says: ['dynamodb:DescribeTable'],
  },
  // Raw JSON through the real parser, as IAM returns it.
  {
    name: 'parsed JSON: dynamodb:* on table/* in every region',
    ctx: withPolicies([{ name: 'p', document: rawPolicy({ Effect: 'Allow', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/*` }) }]),
    status: 'pass',
  },
  {
    name: 'a boundary (not named on the role) that does not allow Scan',
    ctx: contextWith(
      (v) =>
        (v.policies = {
          identity: [{ name: 'p', document: guidePolicy() }],
          boundary: { name: BOUNDARY_ARN, document: rawPolicy({ Effect: 'Allow', Action: GUIDE_ACTIONS.slice(0, 5), Resource: '*' }) },
        }),
    ),
    status: 'fail',
    says: ['dynamodb:Scan', 'boundary'],
  },
  {
    name: "parsed JSON: the EKS workshop's dynamodb:* policy as published (us-west-2, another account and table)",
    ctx: () => workshopPolicy(false),
    status: 'fail',
    says: ['arn:aws:dynamodb:us-west-2:1234567890:table/eks-workshop-carts'],
  },
  { name: "parsed JSON: the EKS workshop's dynamodb:* policy moved onto this table", ctx: () => workshopPolicy(true), status: 'pass', says: ['all 5 calls'] },
  // Combined verdict: AWS decides on the table's resource policy and the identity side together.
  {
    name: "same account: the table's policy grants the role what its IAM policies lack",
    ctx: () => withBoth(managed(grant(GUIDE_ACTIONS, [US_EAST_ARN])), [stmt({ Sid: 'CartFromTable', Action: GUIDE_ACTIONS })]),
    status: 'pass',
    says: ['allowed all 6 calls', 'granted by the resource policy of table Items (Sid CartFromTable)', "not by the role's IAM policies"],
  },
  {
    name: "same account: the table's policy grants only Query and Scan, the IAM policy the rest",
    ctx: () => withBoth(managed(grant(ITEM_ACTIONS, [TABLE_ARN])), [stmt({ Sid: 'Reads', Action: ['dynamodb:Query', 'dynamodb:Scan'] })]),
    status: 'pass',
    says: [`dynamodb:Query on ${TABLE_ARN}, dynamodb:Scan on ${TABLE_ARN} are granted by the resource policy of table Items (Sid Reads)`],
  },
  {
    name: "same account: the table's policy grants everyone (*)",
    ctx: () => withBoth(managed(), [stmt({ Principal: '*', Action: 'dynamodb:*' })]),
    status: 'pass',
    says: ['granted by the resource policy of table Items'],
  },
  {
    name: "the table's policy delegates to the account only: the IAM policies must allow",
    ctx: () => withBoth(managed(), [stmt({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'dynamodb:*' })]),
    status: 'fail',
    says: ['denied 6 of the 6 calls'],
  },
  {
    name: "the table's policy grants another role",
    ctx: () => withBoth(managed(), [stmt({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/reporting` }, Action: 'dynamodb:*' })]),
    status: 'fail',
  },
  {
    name: "the table's policy grant depends on aws:SourceVpce: warn naming it",
    ctx: () => withBoth(managed(), [stmt({ Sid: 'ViaVpce', Action: GUIDE_ACTIONS, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0abc1234' } } })]),
    status: 'warn',
    says: ['allowed only if StringEquals aws:SourceVpce ["vpce-0abc1234"]', 'Sid ViaVpce'],
  },
  {
    name: "the table's policy grants the role session (its name is unknown): warn",
    ctx: () => withBoth(managed(), [stmt({ Principal: { AWS: SESSION_ARN }, Action: GUIDE_ACTIONS })]),
    status: 'warn',
    says: ['role session name'],
  },
  {
    name: 'a grant naming the role ARN is limited by the permissions boundary',
    ctx: () =>
      withBoth(managed(grant(ITEM_ACTIONS, [TABLE_ARN])), [stmt({ Sid: 'Scan', Action: 'dynamodb:Scan' }), stmt({ Sid: 'Query', Action: 'dynamodb:Query' })], {
        boundary: documentOf(BOUNDARY_ARN, grant(ITEM_ACTIONS, ['*'])),
      }),
    status: 'fail',
    says: ['denied 2 of the 6 calls', "the permissions boundary's implicit deny limits a grant naming the role ARN", 'Sid Scan'],
  },
  {
    name: 'a grant naming the role session may pass the boundary: warn',
    ctx: () =>
      withBoth(managed(grant(ITEM_ACTIONS, [TABLE_ARN])), [stmt({ Principal: { AWS: SESSION_ARN }, Action: ['dynamodb:Query', 'dynamodb:Scan'] })], {
        boundary: documentOf(BOUNDARY_ARN, grant(ITEM_ACTIONS, ['*'])),
      }),
    status: 'warn',
    says: ['role session name'],
  },
  {
    name: "a boundary allowing the call: the table's grant to the role ARN counts",
    ctx: () => withBoth(managed(), [stmt({ Action: GUIDE_ACTIONS })], { boundary: documentOf(BOUNDARY_ARN, grant(['dynamodb:*'], ['*'])) }),
    status: 'pass',
  },
  {
    name: "an explicit Deny in the identity policies beats the table's grant",
    ctx: () => withBoth(managed({ sid: 'NoScan', effect: 'Deny', action: ['dynamodb:Scan'], resource: ['*'] }), [stmt({ Action: GUIDE_ACTIONS })]),
    status: 'fail',
    says: ['dynamodb:Scan', 'Sid NoScan'],
  },
  {
    name: "cross-account: the table's grant does not lift the identity side (both must allow)",
    ctx: () => withTablePolicy([stmt({ Action: GUIDE_ACTIONS })], { foreign: true, change: (v) => (v.policies = { identity: [] }) }),
    status: 'fail',
    says: ['denied 6 of the 6 calls'],
  },
  {
    name: "the table's policy is not in this run: the identity side alone, as before",
    ctx: () => withBoth(managed(), [stmt({ Action: GUIDE_ACTIONS })], { change: (v) => (v.resourcePolicy = unavailable('dynamodb:GetResourcePolicy')) }),
    status: 'fail',
    says: ['denied 6 of the 6 calls'],
  },
  ...prerequisiteCases(check),
];

describe('policy.actions', () => {
  checkCases(check, cases);

  it('reports the action × resource matrix as evidence', async () => {
    const result = await run(check, retail(grant(GUIDE_ACTIONS, [TABLE_ARN])));
    expect(result.evidence.matrix).toEqual([
      ...ITEM_ACTIONS.map((action) => ({ action, resource: TABLE_ARN, decision: 'allow' })),
      { action: 'dynamodb:Query', resource: INDEX_ARN, decision: 'deny', why: 'no statement allows it' },
    ]);
  });

  it('grants only what is missing, not what a Deny blocks', async () => {
    const result = await run(
      check,
      withPolicies(managed(grant(['dynamodb:GetItem'], [TABLE_ARN]), { effect: 'Deny', action: ['dynamodb:GetItem'], resource: ['*'] })),
    );
    expect(result.status).toBe('fail');
    expect(result.remediation).toContain('Grant dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:Query, dynamodb:Scan on the exact ARNs');
    expect(result.remediation).toContain('Drop the Deny');
    // The managed policy is rewritten without its Deny, its Allow kept, and the file written before it is read.
    expect(result.remediation).toContain("cat > cart-dynamodb-policy.json <<'JSON'");
    expect(result.remediation).toContain(
      'aws iam create-policy-version --policy-arn arn:aws:iam::111122223333:policy/cart-dynamodb-policy --policy-document file://cart-dynamodb-policy.json --set-as-default',
    );
    expect(result.remediation).not.toContain('"Effect": "Deny"');
  });

  it('parsed JSON: a URL-encoded policy with a string Action and Resource', async () => {
    const raw = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE_ARN } }));
    const result = await run(check, withPolicies([{ name: 'inline:get-only', document: parsed(raw, 'inline:get-only') }]));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('denied 5 of the 6 calls');
  });
});

import { describe, it, expect } from '@jest/globals';
import check from '../../src/checks/policy.actions.js';
import { checkCases, prerequisiteCases, type CheckCase } from '../helpers/check-cases.js';
import { ROLE_ARN, contextWith, guidePolicy, tableNotFound, unavailable } from '../helpers/fake-facts.js';
import type { RoleFact } from '../../src/facts/types.js';
import {
  ACCOUNT,
  BOUNDARY_ARN,
  GUIDE_ACTIONS,
  INDEX_ARN,
  ITEM_ACTIONS,
  POLICY_ARN,
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
  // Mutation testing (issue 14): the whole message, evidence and fix where a user reads names, counts and lists.
  {
    name: 'every cause at once: explicit Denies in two policies, the boundary, nothing granting, a false condition',
    ctx: () => everyCause(),
    status: 'fail',
    saysExactly:
      `cart-dynamodb-role is denied 5 of the 6 calls the app makes: ` +
      `dynamodb:PutItem on ${TABLE_ARN}: explicit Deny in inline:no-puts (Sid NoPuts); ` +
      `dynamodb:UpdateItem on ${TABLE_ARN}: the permissions boundary ${BOUNDARY_ARN} does not allow it; ` +
      `dynamodb:DeleteItem on ${TABLE_ARN}: explicit Deny in ${POLICY_ARN} (Sid NoDeletes); ` +
      `dynamodb:Query on ${TABLE_ARN}: no statement allows it; ` +
      `dynamodb:Scan on ${TABLE_ARN}: explicit Deny in ${POLICY_ARN} (Sid NoScans). ` +
      `The Allow statements name ${TABLE_ARN}, *. ` +
      `${POLICY_ARN} (statement #5) allows it only if StringEquals aws:RequestedRegion ["us-east-1"] and Bool aws:SecureTransport ["false"], which is false for this call.`,
    notSays: ['EuOnly', 'eu-west-1'],
    evidence: {
      policyResources: [TABLE_ARN, '*'],
      matrix: [
        { action: 'dynamodb:GetItem', resource: TABLE_ARN, decision: 'allow' },
        { action: 'dynamodb:PutItem', resource: TABLE_ARN, decision: 'deny', why: 'explicit Deny in inline:no-puts (Sid NoPuts)' },
        { action: 'dynamodb:UpdateItem', resource: TABLE_ARN, decision: 'deny', why: `the permissions boundary ${BOUNDARY_ARN} does not allow it` },
        { action: 'dynamodb:DeleteItem', resource: TABLE_ARN, decision: 'deny', why: `explicit Deny in ${POLICY_ARN} (Sid NoDeletes)` },
        { action: 'dynamodb:Query', resource: TABLE_ARN, decision: 'deny', why: 'no statement allows it' },
        { action: 'dynamodb:Scan', resource: TABLE_ARN, decision: 'deny', why: `explicit Deny in ${POLICY_ARN} (Sid NoScans)` },
      ],
    },
    fix: [
      '# Grant dynamodb:Query on the exact ARNs (setup guide step 3):\n',
      `# Drop the Deny ${POLICY_ARN} (Sid NoDeletes), ${POLICY_ARN} (Sid NoScans) (or edit it so it no longer covers dynamodb:DeleteItem, dynamodb:Scan); the rest of the policy is kept as it is:`,
      // Each policy's fix names the calls its own Deny statements block, not those of the other policy.
      '# Drop the Deny inline:no-puts (Sid NoPuts) (or edit it so it no longer covers dynamodb:PutItem); the rest of the policy is kept as it is:\naws iam delete-role-policy --role-name cart-dynamodb-role --policy-name no-puts',
      `# Widen the permissions boundary ${BOUNDARY_ARN} (a boundary never grants, it only limits) by the statements the app needs:`,
      `aws iam create-policy-version --policy-arn ${BOUNDARY_ARN}`,
      `aws iam create-policy-version --policy-arn ${POLICY_ARN}`,
      'file://cart-dynamodb-access.json\n# Drop the Deny inline:no-puts',
    ],
  },
  {
    name: 'a boundary that allows everything and a call nothing grants: the fix grants it, no boundary to widen',
    ctx: withPolicies(managed(grant(ITEM_ACTIONS, [TABLE_ARN], { sid: 'Items' }), grant(['s3:GetObject'], ['arn:aws:s3:::cart-assets/*'])), {
      boundary: documentOf(BOUNDARY_ARN, grant(['dynamodb:*'], ['*'])),
    }),
    status: 'fail',
    saysExactly: `cart-dynamodb-role is denied 2 of the 6 calls the app makes: dynamodb:Query, dynamodb:Scan on ${TABLE_ARN}: no statement allows it. The Allow statements name ${TABLE_ARN}.`,
    fix: ['# Grant dynamodb:Query, dynamodb:Scan on the exact ARNs (setup guide step 3):'],
    evidence: { policyResources: [TABLE_ARN] },
  },
  {
    name: 'a Deny in the permissions boundary: the fix rewrites the boundary without it',
    ctx: withPolicies(managed(grant(GUIDE_ACTIONS, [TABLE_ARN])), {
      boundary: documentOf(BOUNDARY_ARN, grant(['dynamodb:*'], ['*']), { sid: 'NoScanEver', effect: 'Deny', action: ['dynamodb:Scan'], resource: ['*'] }),
    }),
    status: 'fail',
    saysExactly: `cart-dynamodb-role is denied 1 of the 6 calls the app makes: dynamodb:Scan on ${TABLE_ARN}: explicit Deny in ${BOUNDARY_ARN} (Sid NoScanEver). The Allow statements name ${TABLE_ARN}.`,
    fix: [
      `# Drop the Deny ${BOUNDARY_ARN} (Sid NoScanEver) (or edit it so it no longer covers dynamodb:Scan); the rest of the policy is kept as it is:`,
      `aws iam create-policy-version --policy-arn ${BOUNDARY_ARN}`,
    ],
  },
  {
    name: 'Allow statements with no DynamoDB resource and a Deny naming the table: none of them is listed',
    ctx: withPolicies(managed(grant(['s3:GetObject'], ['arn:aws:s3:::cart-assets/*']), { effect: 'Deny', action: ['dynamodb:Scan'], resource: [TABLE_ARN] })),
    status: 'fail',
    says: ['denied 6 of the 6 calls', ' No Allow statement names a DynamoDB resource.'],
    evidence: { policyResources: [] },
  },
  {
    name: 'a false condition with its Sid, beside one whose statement names another table',
    ctx: withPolicies(
      managed(
        grant(GUIDE_ACTIONS, [TABLE_ARN], {
          sid: 'OnlyUsEast',
          condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1'], 'aws:PrincipalAccount': [ACCOUNT] } },
        }),
        grant(GUIDE_ACTIONS, [US_EAST_ARN], { condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }),
        // A Deny whose condition is false for the call explains nothing.
        { sid: 'TlsOnly', effect: 'Deny', action: ['dynamodb:*'], resource: ['*'], condition: { Bool: { 'aws:SecureTransport': ['false'] } } },
      ),
    ),
    status: 'fail',
    says: [
      `. The Allow statements name ${TABLE_ARN}, ${US_EAST_ARN}. ${POLICY_ARN} (Sid OnlyUsEast) allows it only if StringEquals aws:RequestedRegion ["us-east-1"], which is false for this call.`,
    ],
    notSays: ['statement #2', 'aws:PrincipalAccount', 'TlsOnly', 'aws:SecureTransport'],
  },
  {
    name: 'a policy without a Version takes ${…} literally: its condition on aws:PrincipalArn is false, and named',
    ctx: withPolicies([
      {
        name: 'inline:old',
        document: parsed(
          {
            Statement: [
              { Effect: 'Allow', Action: GUIDE_ACTIONS, Resource: TABLE_ARN, Condition: { StringEquals: { 'aws:PrincipalArn': '${aws:PrincipalArn}' } } },
            ],
          },
          'inline:old',
        ),
      },
    ]),
    status: 'fail',
    says: ['inline:old (statement #1) allows it only if StringEquals aws:PrincipalArn ["${aws:PrincipalArn}"], which is false for this call.'],
  },
  {
    name: 'an Allow and a Deny in one policy both hang on conditions the doctor cannot decide: warn naming each on its side',
    ctx: withPolicies(
      managed(
        grant(['dynamodb:Scan'], [TABLE_ARN], { sid: 'ScanViaVpce', condition: { StringEquals: { 'aws:SourceVpce': ['vpce-1'] } } }),
        grant(ITEM_ACTIONS.concat('dynamodb:Query'), [TABLE_ARN]),
        {
          sid: 'OfficeOnly',
          effect: 'Deny',
          action: ['dynamodb:Scan', 'dynamodb:Query'],
          resource: ['*'],
          condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } },
        },
      ),
    ),
    status: 'warn',
    saysExactly:
      `dynamodb:Query, dynamodb:Scan are allowed only if StringEquals aws:SourceVpce ["vpce-1"] in ${POLICY_ARN} (Sid ScanViaVpce) holds, and ` +
      `possibly denied by NotIpAddress aws:SourceIp ["10.0.0.0/8"] in ${POLICY_ARN} (Sid OfficeOnly): conditions the doctor cannot evaluate offline.`,
    evidence: {
      unknownConditions: [
        `StringEquals aws:SourceVpce ["vpce-1"] in ${POLICY_ARN} (Sid ScanViaVpce)`,
        `NotIpAddress aws:SourceIp ["10.0.0.0/8"] in ${POLICY_ARN} (Sid OfficeOnly)`,
      ],
    },
    fix: [
      '# Check these conditions against how the Cart calls DynamoDB, or grant the actions without them. A second opinion from IAM (read-only):\n' +
        `aws iam simulate-principal-policy --policy-source-arn ${ROLE_ARN} --action-names dynamodb:Query dynamodb:Scan --resource-arns ${TABLE_ARN}`,
    ],
  },
  {
    name: 'one action on a condition the doctor cannot decide, the role ARN unknown: "is", and the simulator command cannot be written',
    ctx: withPolicies(
      managed(
        grant(ITEM_ACTIONS.concat('dynamodb:Query'), [TABLE_ARN]),
        grant(['dynamodb:Scan'], [TABLE_ARN], { condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } } }),
      ),
      { change: (v) => ((v.roleRef = { name: 'cart-dynamodb-role', partition: 'aws', from: 'flag' }), ((v.role as RoleFact).arn = undefined)) },
    ),
    status: 'warn',
    saysExactly: `dynamodb:Scan is allowed only if IpAddress aws:SourceIp ["10.0.0.0/8"] in ${POLICY_ARN} (statement #2) holds: conditions the doctor cannot evaluate offline.`,
    evidence: {
      matrix: expect.arrayContaining([
        {
          action: 'dynamodb:Scan',
          resource: TABLE_ARN,
          decision: 'unknown',
          conditions: [`IpAddress aws:SourceIp ["10.0.0.0/8"] in ${POLICY_ARN} (statement #2)`],
        },
      ]),
    },
    fix: ["# the role's ARN is unknown in this run (no ARN annotation, no --role ARN): aws iam simulate-principal-policy needs it"],
  },
  {
    name: 'retail-store, every call undecided: the simulator command names each action and ARN once',
    ctx: retail(
      grant([...ITEM_ACTIONS, 'dynamodb:Query'], [TABLE_ARN, `${TABLE_ARN}/index/*`], { condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } } }),
    ),
    status: 'warn',
    says: [`${[...ITEM_ACTIONS, 'dynamodb:Query'].join(', ')} are allowed only if`],
    fix: [`--action-names ${[...ITEM_ACTIONS, 'dynamodb:Query'].join(' ')} --resource-arns ${TABLE_ARN} ${INDEX_ARN}`],
  },
  {
    name: "the guide's policy, the whole message and evidence",
    ctx: contextWith(),
    status: 'pass',
    saysExactly: `cart-dynamodb-role is allowed all 6 calls the app makes: ${GUIDE_ACTIONS.join(', ')}.`,
    evidence: {
      expected: GUIDE_ACTIONS.map((action) => ({ action, resource: TABLE_ARN })),
      matrix: GUIDE_ACTIONS.map((action) => ({ action, resource: TABLE_ARN, decision: 'allow' })),
    },
  },
  {
    name: "the table's policy also grants what the IAM policies allow: the IAM policies get the credit",
    ctx: () => withBoth(managed(grant(GUIDE_ACTIONS, [TABLE_ARN])), [stmt({ Sid: 'Everything', Action: GUIDE_ACTIONS })]),
    status: 'pass',
    saysExactly: `cart-dynamodb-role is allowed all 6 calls the app makes: ${GUIDE_ACTIONS.join(', ')}.`,
  },
  {
    name: 'the table\'s policy grants the one call the IAM policies lack: "is", and the matrix names the grant',
    ctx: () => withBoth(managed(grant(ITEM_ACTIONS.concat('dynamodb:Query'), [TABLE_ARN])), [stmt({ Sid: 'Scans', Action: 'dynamodb:Scan' })]),
    status: 'pass',
    saysExactly:
      `cart-dynamodb-role is allowed all 6 calls the app makes: ${GUIDE_ACTIONS.join(', ')}. ` +
      `dynamodb:Scan on ${TABLE_ARN} is granted by the resource policy of table Items (Sid Scans), not by the role's IAM policies.`,
    evidence: {
      matrix: expect.arrayContaining([
        { action: 'dynamodb:Scan', resource: TABLE_ARN, decision: 'allow', tablePolicy: 'allow: the resource policy of table Items (Sid Scans)' },
      ]),
    },
  },
  {
    name: 'a grant naming the role ARN limited by the boundary: the whole message and the matrix',
    ctx: () =>
      withBoth(managed(grant(ITEM_ACTIONS, [TABLE_ARN])), [stmt({ Sid: 'Scan', Action: 'dynamodb:Scan' }), stmt({ Sid: 'Query', Action: 'dynamodb:Query' })], {
        boundary: documentOf(BOUNDARY_ARN, grant(ITEM_ACTIONS, ['*'])),
      }),
    status: 'fail',
    saysExactly:
      `cart-dynamodb-role is denied 2 of the 6 calls the app makes: dynamodb:Query, dynamodb:Scan on ${TABLE_ARN}: no statement allows it. ` +
      `The Allow statements name ${TABLE_ARN}. The table's resource policy grants dynamodb:Query, dynamodb:Scan to the role ` +
      `(the resource policy of table Items (Sid Query), the resource policy of table Items (Sid Scan)), but the permissions boundary's implicit deny limits a grant naming the role ARN.`,
    evidence: {
      matrix: expect.arrayContaining([
        {
          action: 'dynamodb:Query',
          resource: TABLE_ARN,
          decision: 'deny',
          tablePolicy: 'limited: the resource policy of table Items (Sid Query)',
          why: 'no statement allows it',
        },
      ]),
    },
  },
  {
    name: 'conditions the doctor cannot decide on Allows in one policy and Denies in another, at the same statement numbers: each on its side',
    ctx: withPolicies([
      ...managed(
        grant(ITEM_ACTIONS, [TABLE_ARN]),
        grant(['dynamodb:Scan'], [TABLE_ARN], { sid: 'ScanViaVpce', condition: { StringEquals: { 'aws:SourceVpce': ['vpce-1'] } } }),
        grant(['dynamodb:Query'], [TABLE_ARN], { sid: 'QueryFromVpc', condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } } }),
      ),
      {
        name: 'inline:guard',
        document: documentOf(
          'inline:guard',
          {
            sid: 'GetFromOffice',
            effect: 'Deny',
            action: ['dynamodb:GetItem'],
            resource: ['*'],
            condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } },
          },
          {
            sid: 'WritesViaVpce',
            effect: 'Deny',
            action: ['dynamodb:PutItem', 'dynamodb:Scan'],
            resource: ['*'],
            condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-1'] } },
          },
        ),
      },
    ]),
    status: 'warn',
    saysExactly:
      `dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan are allowed only if ` +
      `IpAddress aws:SourceIp ["10.0.0.0/8"] in ${POLICY_ARN} (Sid QueryFromVpc); StringEquals aws:SourceVpce ["vpce-1"] in ${POLICY_ARN} (Sid ScanViaVpce) holds, and ` +
      `possibly denied by NotIpAddress aws:SourceIp ["10.0.0.0/8"] in inline:guard (Sid GetFromOffice); StringNotEquals aws:SourceVpce ["vpce-1"] in inline:guard (Sid WritesViaVpce): ` +
      `conditions the doctor cannot evaluate offline.`,
  },
  {
    name: 'one call denied by Deny statements in two policies: each fix names it',
    ctx: withPolicies([
      ...managed(grant(GUIDE_ACTIONS, [TABLE_ARN]), { sid: 'NoScans', effect: 'Deny', action: ['dynamodb:Scan'], resource: ['*'] }),
      {
        name: 'inline:no-scans',
        document: documentOf('inline:no-scans', { sid: 'AlsoNoScans', effect: 'Deny', action: ['dynamodb:Scan'], resource: [TABLE_ARN] }),
      },
    ]),
    status: 'fail',
    says: [`dynamodb:Scan on ${TABLE_ARN}: explicit Deny in ${POLICY_ARN} (Sid NoScans), inline:no-scans (Sid AlsoNoScans).`],
    fix: [
      `# Drop the Deny ${POLICY_ARN} (Sid NoScans) (or edit it so it no longer covers dynamodb:Scan)`,
      '# Drop the Deny inline:no-scans (Sid AlsoNoScans) (or edit it so it no longer covers dynamodb:Scan)',
    ],
  },
  {
    name: "the table's policy grants one call in two statements: the matrix names both",
    ctx: () =>
      withBoth(managed(grant([...ITEM_ACTIONS, 'dynamodb:Query'], [TABLE_ARN])), [
        stmt({ Sid: 'A', Action: 'dynamodb:Scan' }),
        stmt({ Sid: 'B', Action: 'dynamodb:*' }),
      ]),
    status: 'pass',
    evidence: {
      matrix: expect.arrayContaining([
        {
          action: 'dynamodb:Scan',
          resource: TABLE_ARN,
          decision: 'allow',
          tablePolicy: 'allow: the resource policy of table Items (Sid A), the resource policy of table Items (Sid B)',
        },
      ]),
    },
  },
  {
    name: 'two Allow statements whose conditions are false: both named',
    ctx: withPolicies(
      managed(
        grant(GUIDE_ACTIONS, [TABLE_ARN], { sid: 'OnlyUsEast', condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }),
        grant(['dynamodb:GetItem'], [TABLE_ARN], { sid: 'OtherAccount', condition: { StringEquals: { 'aws:PrincipalAccount': ['999988887777'] } } }),
      ),
    ),
    status: 'fail',
    says: [
      `${POLICY_ARN} (Sid OnlyUsEast) allows it only if StringEquals aws:RequestedRegion ["us-east-1"], which is false for this call; ` +
        `${POLICY_ARN} (Sid OtherAccount) allows it only if StringEquals aws:PrincipalAccount ["999988887777"], which is false for this call.`,
    ],
  },
  ...prerequisiteCases(check),
];

/**
 * Every cause of a denial in one world: the managed policy allows all but Query and denies
 * DeleteItem and Scan; an inline policy denies PutItem; the boundary does not allow UpdateItem;
 * conditional Allows hold conditions that are false for the pod.
 */
const everyCause = () =>
  withPolicies(
    [
      ...managed(
        grant(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Scan'], [TABLE_ARN]),
        { sid: 'NoDeletes', effect: 'Deny', action: ['dynamodb:DeleteItem'], resource: ['*'] },
        { sid: 'NoScans', effect: 'Deny', action: ['dynamodb:Scan'], resource: [TABLE_ARN] },
        grant(['s3:GetObject'], ['arn:aws:s3:::cart-assets/*', '*']),
        grant(['dynamodb:Query'], [TABLE_ARN], {
          condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1'], 'aws:PrincipalAccount': [ACCOUNT] }, Bool: { 'aws:SecureTransport': ['false'] } },
        }),
        // False too, but on calls denied for another cause (the boundary, an explicit Deny): not their explanation.
        grant(['dynamodb:UpdateItem', 'dynamodb:DeleteItem'], [TABLE_ARN], {
          sid: 'EuOnly',
          condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
        }),
      ),
      {
        name: 'inline:no-puts',
        document: documentOf('inline:no-puts', { sid: 'NoPuts', effect: 'Deny', action: ['dynamodb:PutItem'], resource: [TABLE_ARN] }),
      },
    ],
    { boundary: documentOf(BOUNDARY_ARN, grant(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan'], ['*'])) },
  );

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

  it('rewrites each policy without exactly its own Deny statements, keeping the rest', async () => {
    const result = await run(check, everyCause());
    // The managed policy loses NoDeletes and NoScans (both its own), keeps its Allows; the boundary keeps its statement.
    expect(result.remediation).not.toContain('"Sid": "NoDeletes"');
    expect(result.remediation).not.toContain('"Sid": "NoScans"');
    expect(result.remediation).toContain('"Sid": "EuOnly"');
    expect(result.remediation).toContain('"arn:aws:s3:::cart-assets/*"');
  });

  it('widens the boundary by exactly the calls it denies, after the grant and the Deny fixes', async () => {
    const result = await run(check, everyCause());
    expect(result.remediation.startsWith('# Grant dynamodb:Query on the exact ARNs (setup guide step 3):\n')).toBe(true);
    const boundary = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan'], Resource: ['*'] },
        { Sid: 'CartTableAccess', Effect: 'Allow', Action: ['dynamodb:UpdateItem'], Resource: TABLE_ARN },
      ],
    };
    expect(result.remediation).toContain(`cat > retail-store-boundary.json <<'JSON'\n${JSON.stringify(boundary, null, 2)}\nJSON\n`);
  });

  it('prints only the fixes for the causes present', async () => {
    // Nothing grants Query or Scan; the boundary allows everything: a grant, no boundary to widen, no Deny to drop.
    const ungranted = await run(
      check,
      withPolicies(
        managed(grant(ITEM_ACTIONS, [TABLE_ARN]), {
          effect: 'Deny',
          action: ['dynamodb:Scan'],
          resource: ['*'],
          condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } },
        }),
        {
          boundary: documentOf(BOUNDARY_ARN, grant(['dynamodb:*'], ['*'])),
        },
      ),
    );
    expect(ungranted.status).toBe('fail');
    expect(ungranted.remediation).toContain('# Grant dynamodb:Query, dynamodb:Scan on the exact ARNs');
    expect(ungranted.remediation).not.toContain('Widen');
    expect(ungranted.remediation).not.toContain('Drop the Deny');
    // Only an explicit Deny: no grant.
    const denied = await run(
      check,
      withPolicies(managed(grant(GUIDE_ACTIONS, [TABLE_ARN]), { sid: 'NoScans', effect: 'Deny', action: ['dynamodb:Scan'], resource: ['*'] })),
    );
    expect(denied.remediation.startsWith(`# Drop the Deny ${POLICY_ARN} (Sid NoScans)`)).toBe(true);
    expect(denied.remediation).not.toContain('Grant');
  });

  it('parsed JSON: a URL-encoded policy with a string Action and Resource', async () => {
    const raw = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE_ARN } }));
    const result = await run(check, withPolicies([{ name: 'inline:get-only', document: parsed(raw, 'inline:get-only') }]));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('denied 5 of the 6 calls');
  });
});

import { describe, it, expect } from '@jest/globals';
import check from '../../src/checks/policy.resource.js';
import { checkCases, prerequisiteCases, type CheckCase } from '../helpers/check-cases.js';
import { contextWith, tableNotFound, unavailable } from '../helpers/fake-facts.js';
import {
  GUIDE_ACTIONS,
  INDEX_ARN,
  ITEM_ACTIONS,
  POLICY_ARN,
  TABLE_ARN,
  documentOf,
  grant,
  managed,
  rawPolicy,
  run,
  withPolicies,
  workshopPolicy,
} from './iam-fixtures.js';

import { stmt, tablePolicyFact } from './table-policy-fixtures.js';
import { grantStatements } from '../../src/checks/lib/policy-analysis.js';
import { APP_REGION, REPLICA_ARN, appInEuWest1, replica } from './global-table-fixtures.js';

const guide = (...drafts: Parameters<typeof managed>) => withPolicies(managed(...drafts));
/** The guide world whose table's resource policy holds `statements`. */
const withTable = (identity: ReturnType<typeof managed>, statements: Record<string, unknown>[]) =>
  withPolicies(identity, { change: (v) => (v.resourcePolicy = tablePolicyFact(TABLE_ARN, statements)) });
const neededOf = (actions: string[]) => actions.map((action) => ({ action, resource: TABLE_ARN }));
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
  {
    name: "same account: the calls the IAM policy lacks are granted by the table's resource policy",
    ctx: () => withTable(managed(grant(ITEM_ACTIONS, [TABLE_ARN])), [stmt({ Action: ['dynamodb:Query', 'dynamodb:Scan'] })]),
    status: 'pass',
    says: ["dynamodb:Query, dynamodb:Scan are granted by the table's resource policy instead"],
  },
  {
    name: "same account: no identity grant at all, the table's resource policy grants every call",
    ctx: () => withTable([], [stmt({ Action: GUIDE_ACTIONS })]),
    status: 'pass',
    says: ["the table's resource policy grants them all"],
  },
  {
    name: "the table's resource policy grants only some of what the IAM policy lacks",
    ctx: () => withTable(managed(grant(ITEM_ACTIONS, [TABLE_ARN])), [stmt({ Action: ['dynamodb:Query'] })]),
    status: 'fail',
    says: ['dynamodb:Scan on'],
    notSays: ['dynamodb:Query'],
  },
  { name: "the guide's exact table ARN", ctx: contextWith(), status: 'pass', says: [TABLE_ARN] },
  {
    name: 'retail-store: exact table and index ARNs',
    ctx: retail(grant(ITEM_ACTIONS, [TABLE_ARN]), grant(['dynamodb:Query'], [INDEX_ARN])),
    status: 'pass',
    says: [INDEX_ARN],
  },
  {
    name: 'retail-store: the index granted as TABLE/index/*',
    ctx: retail(grant(ITEM_ACTIONS, [TABLE_ARN]), grant(['dynamodb:Query'], [`${TABLE_ARN}/index/*`])),
    status: 'pass',
  },
  {
    name: 'a stale statement for another table next to the right one',
    ctx: guide(grant(GUIDE_ACTIONS, [TABLE_ARN]), grant(GUIDE_ACTIONS, [TABLE_ARN.replace('Items', 'Old*')])),
    status: 'pass',
  },
  { name: 'Resource "*"', ctx: guide(grant(GUIDE_ACTIONS, ['*'])), status: 'warn', says: ['Resource * in', 'Least privilege'] },
  {
    name: 'Resource table/*',
    ctx: guide(grant(GUIDE_ACTIONS, [TABLE_ARN.replace('Items', '*')])),
    status: 'warn',
    says: ['table/*'],
    notSays: ['also matches'],
  },
  {
    name: 'one statement naming the exact ARN and a wildcard for another table: the wildcard reaches none of the calls',
    ctx: guide(grant(GUIDE_ACTIONS, [TABLE_ARN, TABLE_ARN.replace('Items', 'Old*')])),
    status: 'pass',
    saysExactly: `The statements granting the app's calls name ${TABLE_ARN} exactly.`,
  },
  { name: 'Resource table/Items*', ctx: guide(grant(GUIDE_ACTIONS, [`${TABLE_ARN}*`])), status: 'warn', says: ['table/Items*', 'also matches table/Items2'] },
  { name: 'region "*" in the ARN', ctx: guide(grant(GUIDE_ACTIONS, [TABLE_ARN.replace('ap-south-1', '*')])), status: 'warn', says: ['arn:aws:dynamodb:*:'] },
  {
    name: 'Action dynamodb:* on the exact ARN',
    ctx: guide(grant(['dynamodb:*'], [TABLE_ARN])),
    status: 'warn',
    says: ['Action dynamodb:* in arn:aws:iam::111122223333:policy/cart-dynamodb-policy'],
  },
  { name: 'Action "*" on "*"', ctx: guide(grant(['*'], ['*'])), status: 'warn', says: ['Action *', 'Resource *'] },
  {
    name: 'NotResource',
    ctx: guide(grant(GUIDE_ACTIONS, [], { resource: undefined, notResource: ['arn:aws:s3:::*'] })),
    status: 'warn',
    says: ['NotResource'],
  },
  {
    name: 'the table in the wrong region',
    ctx: guide(grant(GUIDE_ACTIONS, [TABLE_ARN.replace('ap-south-1', 'us-east-1')])),
    status: 'fail',
    says: ["arn:aws:dynamodb:us-east-1:111122223333:table/Items (region us-east-1, the table's is ap-south-1)", TABLE_ARN],
    mentions: [`"Resource": "${TABLE_ARN}"`, 'aws iam put-role-policy --role-name cart-dynamodb-role'],
  },
  {
    name: 'the table in another account',
    ctx: guide(grant(GUIDE_ACTIONS, [TABLE_ARN.replace('111122223333', '999988887777')])),
    status: 'fail',
    says: ["account 999988887777, the table's is 111122223333"],
  },
  {
    name: 'another table name',
    ctx: guide(grant(GUIDE_ACTIONS, [TABLE_ARN.replace('Items', 'items')])),
    status: 'fail',
    says: ['resource table/items, the real one is table/Items'],
  },
  {
    name: 'retail-store: the table ARN only, Query on the index expected',
    ctx: retail(grant(GUIDE_ACTIONS, [TABLE_ARN])),
    status: 'fail',
    says: [`dynamodb:Query on ${INDEX_ARN}`, 'a table ARN does not cover its index idx_global_customerId'],
    mentions: [`"Resource": "${INDEX_ARN}"`],
  },
  {
    name: 'some actions missing from the statement',
    ctx: guide(grant(['dynamodb:GetItem', 'dynamodb:Query'], [TABLE_ARN])),
    status: 'fail',
    says: ['dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:Scan on', 'no Allow statement grants these actions'],
  },
  {
    name: 'NotResource that excludes the table',
    ctx: guide(grant(GUIDE_ACTIONS, [], { resource: undefined, notResource: [TABLE_ARN] })),
    status: 'fail',
    says: ['which excludes it'],
  },
  {
    name: 'no statement grants a DynamoDB action',
    ctx: guide(grant(['s3:GetObject'], ['*'])),
    status: 'fail',
    says: ['No Allow statement', 'dynamodb:GetItem'],
  },
  { name: 'no identity policy at all', ctx: withPolicies([]), status: 'fail', says: ['No Allow statement'] },
  {
    name: 'the policies cannot be read',
    ctx: contextWith((v) => (v.policies = unavailable('iam:GetPolicyVersion'))),
    status: 'error',
    says: ['iam:GetPolicyVersion'],
  },
  // Raw JSON through the real parser, as IAM returns it.
  {
    name: 'parsed JSON: Action dynamodb:* on Resource *',
    ctx: withPolicies([{ name: 'p', document: rawPolicy({ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }) }]),
    status: 'warn',
    says: ['dynamodb:*'],
  },
  {
    name: "parsed JSON: the EKS workshop's policy as published (us-west-2, another account and table)",
    ctx: () => workshopPolicy(false),
    status: 'fail',
    says: ['region us-west-2'],
  },
  {
    name: "parsed JSON: the EKS workshop's policy moved onto this table (dynamodb:* on table and index/*)",
    ctx: () => workshopPolicy(true),
    status: 'warn',
    says: ['Action dynamodb:*'],
  },
  // Mutation testing (issue 14): whole messages, the evidence JSON consumers read, fixes naming the real ARNs.
  {
    name: 'no statement grants a DynamoDB action: the whole message, evidence and fix',
    ctx: guide(grant(['s3:GetObject'], ['arn:aws:s3:::cart-assets/*'])),
    status: 'fail',
    saysExactly: `No Allow statement in the policies of cart-dynamodb-role grants ${GUIDE_ACTIONS.join(', ')} on any resource.`,
    evidence: { expected: [TABLE_ARN], actual: [] },
    fix: [
      '# Grant them on the exact ARNs (setup guide step 3):\ncat > cart-dynamodb-access.json',
      '--role-name cart-dynamodb-role --policy-name cart-dynamodb-access',
    ],
  },
  {
    name: "no identity grant, the table's resource policy grants every call: the whole message and evidence",
    ctx: () => withTable([], [stmt({ Action: GUIDE_ACTIONS })]),
    status: 'pass',
    saysExactly:
      "No statement in the policies of cart-dynamodb-role grants the app's calls; the table's resource policy grants them all to the role (see policy.actions).",
    evidence: { expected: [TABLE_ARN], actual: [], grantedByTablePolicy: GUIDE_ACTIONS.map((action) => ({ action, resource: TABLE_ARN })) },
  },
  {
    name: 'the table\'s resource policy grants the one call the IAM policy lacks: "is", and the evidence names it',
    ctx: () => withTable(managed(grant([...ITEM_ACTIONS, 'dynamodb:Query'], [TABLE_ARN])), [stmt({ Action: ['dynamodb:Scan'] })]),
    status: 'pass',
    saysExactly: `The statements granting the app's calls name ${TABLE_ARN} exactly. dynamodb:Scan is granted by the table's resource policy instead.`,
    evidence: { expected: [TABLE_ARN], actual: [TABLE_ARN], grantedByTablePolicy: [{ action: 'dynamodb:Scan', resource: TABLE_ARN }] },
  },
  {
    name: 'retail-store, exact ARNs: the whole message names both',
    ctx: retail(grant(ITEM_ACTIONS, [TABLE_ARN]), grant(['dynamodb:Query'], [INDEX_ARN])),
    status: 'pass',
    saysExactly: `The statements granting the app's calls name ${TABLE_ARN} and ${INDEX_ARN} exactly.`,
    evidence: { expected: [TABLE_ARN, INDEX_ARN], actual: [TABLE_ARN, INDEX_ARN] },
  },
  {
    name: 'retail-store: a call missing on the table and the index ARN not named: one line per ARN, the fix names both',
    ctx: retail(grant(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [TABLE_ARN]), grant(['dynamodb:Query'], [TABLE_ARN])),
    status: 'fail',
    saysExactly:
      `The policies of cart-dynamodb-role do not cover every call the app makes on its real ARNs. ` +
      `dynamodb:DeleteItem on ${TABLE_ARN}: no Allow statement grants this action. ` +
      `dynamodb:Query on ${INDEX_ARN}: the granting statements name ${TABLE_ARN} (it names the table only; a table ARN does not cover its index idx_global_customerId).`,
    evidence: {
      expected: [TABLE_ARN, INDEX_ARN],
      actual: [TABLE_ARN],
      uncovered: [
        { action: 'dynamodb:DeleteItem', resource: TABLE_ARN },
        { action: 'dynamodb:Query', resource: INDEX_ARN },
      ],
    },
    fix: [
      `# Grant the calls on ${TABLE_ARN} and ${INDEX_ARN} (setup guide step 3); or put these ARNs in the Resource of the granting statement:\ncat > cart-dynamodb-access.json`,
    ],
  },
  {
    name: 'two statements granting with different wrong ARNs: each named with its difference',
    ctx: guide(
      grant(GUIDE_ACTIONS, [TABLE_ARN.replace('ap-south-1', 'us-east-1')]),
      grant(['dynamodb:GetItem'], [TABLE_ARN.replace('111122223333', '999988887777'), TABLE_ARN.replace('ap-south-1', 'us-east-1')]),
    ),
    status: 'fail',
    says: [
      `dynamodb:GetItem, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:Query, dynamodb:Scan on ${TABLE_ARN}: the granting statements name ` +
        `${TABLE_ARN.replace('ap-south-1', 'us-east-1')} (region us-east-1, the table's is ap-south-1), ` +
        `${TABLE_ARN.replace('111122223333', '999988887777')} (account 999988887777, the table's is 111122223333).`,
    ],
    notSays: ['global table'],
    evidence: { actual: [TABLE_ARN.replace('ap-south-1', 'us-east-1'), TABLE_ARN.replace('111122223333', '999988887777')] },
  },
  {
    name: 'NotResource that excludes the table: the whole line, and the evidence lists it as NotResource',
    ctx: guide(grant(GUIDE_ACTIONS, [], { resource: undefined, notResource: [TABLE_ARN] })),
    status: 'fail',
    says: [`on ${TABLE_ARN}: the granting statements name NotResource ["${TABLE_ARN}"], which excludes it.`],
    evidence: { actual: [`NotResource ${TABLE_ARN}`] },
  },
  {
    name: 'NotAction granting everything but Scan on the exact ARN: Scan uncovered, and the NotAction grant is relevant',
    ctx: guide({ effect: 'Allow', notAction: ['dynamodb:Scan'], resource: [TABLE_ARN] }),
    status: 'fail',
    saysExactly: `The policies of cart-dynamodb-role do not cover every call the app makes on its real ARNs. dynamodb:Scan on ${TABLE_ARN}: no Allow statement grants this action.`,
    evidence: { actual: [TABLE_ARN] },
  },
  {
    name: 'wildcards in two policies: each listed once, the fix rewrites both and puts the exact grant in the first',
    ctx: withPolicies([
      // Assets (kept) is statement #1 of the managed policy, as Reads (removed) is of the inline one.
      ...managed(grant(['s3:GetObject'], ['*'], { sid: 'Assets' }), grant(['dynamodb:*'], [TABLE_ARN.replace('Items', 'Items*')])),
      { name: 'inline:reads', document: documentOf('inline:reads', grant(['dynamodb:Get*', 'dynamodb:Describe*'], ['*'], { sid: 'Reads' })) },
      { name: 'inline:unrelated', document: documentOf('inline:unrelated', grant(['sqs:SendMessage'], ['*'], { sid: 'Queue' })) },
    ]),
    status: 'warn',
    saysExactly:
      `The app's calls are granted, but through wildcards: ` +
      `Resource ${TABLE_ARN}* in ${POLICY_ARN} (statement #2) (also matches table/Items2 and the like); ` +
      `Action dynamodb:* in ${POLICY_ARN} (statement #2); ` +
      `Resource * in inline:reads (Sid Reads); Action dynamodb:Get* in inline:reads (Sid Reads). Least privilege names the exact actions and ARNs.`,
    evidence: {
      expected: [TABLE_ARN],
      actual: [`${TABLE_ARN}*`, '*'],
      wildcards: [
        `Resource ${TABLE_ARN}* in ${POLICY_ARN} (statement #2) (also matches table/Items2 and the like)`,
        `Action dynamodb:* in ${POLICY_ARN} (statement #2)`,
        'Resource * in inline:reads (Sid Reads)',
        'Action dynamodb:Get* in inline:reads (Sid Reads)',
      ],
    },
    fix: [
      '# Replace the wildcard grants with the exact actions and ARNs. Review first: the removed statements may grant other things something else needs.\ncat > cart-dynamodb-policy.json',
      `aws iam create-policy-version --policy-arn ${POLICY_ARN}`,
      'aws iam delete-role-policy --role-name cart-dynamodb-role --policy-name reads',
    ],
  },
  {
    name: 'NotResource and NotAction grants: both named as wildcards',
    ctx: guide({ effect: 'Allow', notAction: ['iam:*'], notResource: ['arn:aws:s3:::*'] }),
    status: 'warn',
    says: [`NotResource ["arn:aws:s3:::*"] in ${POLICY_ARN} (statement #1); NotAction ["iam:*"] in ${POLICY_ARN} (statement #1).`],
  },
  {
    name: 'NotAction of two patterns, one of them Scan: Scan is not granted',
    ctx: guide({ effect: 'Allow', notAction: ['iam:*', 'dynamodb:Scan'], resource: [TABLE_ARN] }),
    status: 'fail',
    says: [`dynamodb:Scan on ${TABLE_ARN}: no Allow statement grants this action.`],
  },
  {
    name: 'an ARN wrong in region and account: both named',
    ctx: guide(grant(GUIDE_ACTIONS, [TABLE_ARN.replace('ap-south-1', 'us-east-1').replace('111122223333', '999988887777')])),
    status: 'fail',
    says: [`(region us-east-1, the table's is ap-south-1; account 999988887777, the table's is 111122223333).`],
  },
  {
    name: "no identity grant, the table's resource policy grants only GetItem: fail, not all granted",
    ctx: () => withTable([], [stmt({ Action: ['dynamodb:GetItem'] })]),
    status: 'fail',
    says: ['No Allow statement in the policies of cart-dynamodb-role grants'],
  },
  {
    name: 'a Deny with a wildcard is no grant: no least-privilege warning',
    ctx: guide(grant(GUIDE_ACTIONS, [TABLE_ARN]), {
      effect: 'Deny',
      action: ['dynamodb:*'],
      resource: ['*'],
      condition: { Bool: { 'aws:SecureTransport': ['false'] } },
    }),
    status: 'pass',
    saysExactly: `The statements granting the app's calls name ${TABLE_ARN} exactly.`,
  },
  {
    name: 'a statement granting the actions but whose NotResource excludes the table grants nothing: no warning about it',
    ctx: guide(grant(GUIDE_ACTIONS, [TABLE_ARN]), grant(GUIDE_ACTIONS, [], { resource: undefined, notResource: [TABLE_ARN] })),
    status: 'pass',
    saysExactly: `The statements granting the app's calls name ${TABLE_ARN} exactly.`,
  },
  {
    name: 'an action wildcard that reaches one of the calls a statement grants',
    ctx: guide(grant(['dynamodb:Get*', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan'], [TABLE_ARN])),
    status: 'warn',
    saysExactly: `The app's calls are granted, but through wildcards: Action dynamodb:Get* in ${POLICY_ARN} (statement #1). Least privilege names the exact actions and ARNs.`,
  },
  {
    name: 'retail-store: a resource wildcard that reaches only the index call of its statement, with no twin note',
    ctx: retail(grant([...ITEM_ACTIONS, 'dynamodb:Query'], [TABLE_ARN, `${TABLE_ARN}*/index/*`])),
    status: 'warn',
    saysExactly: `The app's calls are granted, but through wildcards: Resource ${TABLE_ARN}*/index/* in ${POLICY_ARN} (statement #1). Least privilege names the exact actions and ARNs.`,
  },
  {
    name: "retail-store: a wildcard that reaches only calls another statement grants is not this statement's",
    ctx: retail(grant(ITEM_ACTIONS, [TABLE_ARN]), grant(['dynamodb:Query'], [INDEX_ARN, TABLE_ARN.replace('ap-south-1', '*')])),
    status: 'pass',
    saysExactly: `The statements granting the app's calls name ${TABLE_ARN} and ${INDEX_ARN} exactly.`,
  },
  ...prerequisiteCases(check),
];

describe('policy.resource', () => {
  checkCases(check, cases);

  it('a wildcard fix keeps the statements that grant nothing the app calls, and leaves other policies alone', async () => {
    const result = await run(
      check,
      withPolicies([
        ...managed(grant(['s3:GetObject'], ['*'], { sid: 'Assets' }), grant(['dynamodb:*'], [`${TABLE_ARN}*`])),
        { name: 'inline:reads', document: documentOf('inline:reads', grant(['dynamodb:Get*'], ['*'], { sid: 'Reads' })) },
        { name: 'inline:unrelated', document: documentOf('inline:unrelated', grant(['sqs:SendMessage'], ['*'], { sid: 'Queue' })) },
      ]),
    );
    expect(result.status).toBe('warn');
    const managedDoc = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Assets', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] }, ...grantStatements(neededOf(GUIDE_ACTIONS))],
    };
    expect(result.remediation).toContain(`cat > cart-dynamodb-policy.json <<'JSON'\n${JSON.stringify(managedDoc, null, 2)}\nJSON`);
    expect(result.remediation).toContain('aws iam delete-role-policy --role-name cart-dynamodb-role --policy-name reads');
    expect(result.remediation).not.toContain('unrelated');
  });

  it('a wildcard warning shows the narrowed statement with the real ARN', async () => {
    const result = await run(check, guide(grant(['dynamodb:*'], ['*'])));
    expect(result.remediation).toContain(`"Resource": "${TABLE_ARN}"`);
    expect(result.remediation).toContain('"dynamodb:GetItem"');
    expect(result.remediation).toContain('aws iam create-policy-version --policy-arn arn:aws:iam::111122223333:policy/cart-dynamodb-policy');
    expect(result.evidence).toMatchObject({ expected: [TABLE_ARN], actual: ['*'] });
  });
});

/** A global table whose replica in eu-west-1 is where the app writes; the role's policy is `drafts`. */
const globalWorld = (...drafts: Parameters<typeof managed>) =>
  withPolicies(managed(...drafts), { change: (v) => appInEuWest1(v, { status: 'ACTIVE' }, [replica(APP_REGION)]) });
const ANY_REGION = TABLE_ARN.replace(':ap-south-1:', ':*:');

describe('policy.resource: global tables', () =>
  checkCases(check, [
    {
      name: "a grant on the home region's ARN only, while the app writes to its replica in eu-west-1: fail naming both regions",
      ctx: () => globalWorld(grant(GUIDE_ACTIONS, [TABLE_ARN])),
      status: 'fail',
      says: [REPLICA_ARN, 'region ap-south-1', `the table's is ${APP_REGION}`, 'global table', `its replica in ${APP_REGION}`],
      fix: [`"Resource": "${REPLICA_ARN}"`, ANY_REGION],
      mentions: ['"writeRegion":"eu-west-1"'],
    },
    {
      name: 'table/Items in any region grants every replica: pass, no least-privilege warning',
      ctx: () => globalWorld(grant(GUIDE_ACTIONS, [ANY_REGION])),
      status: 'pass',
      says: [REPLICA_ARN, `${ANY_REGION} names it in every replica's region`],
    },
    { name: "the replica's exact ARN", ctx: () => globalWorld(grant(GUIDE_ACTIONS, [REPLICA_ARN])), status: 'pass', notSays: ['every replica'] },
    {
      name: 'a region wildcard on a one-region table stays a least-privilege warning',
      ctx: () => guide(grant(GUIDE_ACTIONS, [ANY_REGION])),
      status: 'warn',
      says: [`Resource ${ANY_REGION}`],
    },
    {
      name: "a grant on the home region's ARN only: the evidence names the write region and the replicas, the fix the any-region ARN",
      ctx: () => globalWorld(grant(GUIDE_ACTIONS, [TABLE_ARN])),
      status: 'fail',
      says: [
        ` Table Items is a global table: the app writes to its replica in ${APP_REGION}, and IAM authorizes each call against that replica's ARN, not the ARN of another region's replica.`,
      ],
      evidence: { writeRegion: APP_REGION, replicaRegions: [APP_REGION], expected: [REPLICA_ARN] },
      fix: [`# or grant every replica at once with ${ANY_REGION} as the Resource.`],
    },
    {
      name: 'table/Items in any region on a global table: the whole message',
      ctx: () => globalWorld(grant(GUIDE_ACTIONS, [ANY_REGION])),
      status: 'pass',
      saysExactly: `The statements granting the app's calls name ${REPLICA_ARN} exactly. Table Items is a global table: ${ANY_REGION} names it in every replica's region, ${APP_REGION} (where the app writes) included.`,
    },
    {
      name: 'a global table granted on the replica ARN and the any-region index pattern in one statement: the replica note, no wildcard',
      ctx: () => globalWorld(grant(GUIDE_ACTIONS, [REPLICA_ARN, `${ANY_REGION}/index/*`]), grant(['dynamodb:GetItem'], [REPLICA_ARN])),
      status: 'pass',
      saysExactly: `The statements granting the app's calls name ${REPLICA_ARN} exactly. Table Items is a global table: ${ANY_REGION} names it in every replica's region, ${APP_REGION} (where the app writes) included.`,
    },
    {
      name: "retail-store global table: the index in any region, by name or index/*, and the replica's index/*: no wildcard",
      ctx: () =>
        withPolicies(
          managed(
            grant(ITEM_ACTIONS, [ANY_REGION]),
            grant(['dynamodb:Query'], [`${ANY_REGION}/index/idx_global_customerId`, `${ANY_REGION}/index/*`, `${REPLICA_ARN}/index/*`]),
          ),
          { preset: 'retail-store', change: (v) => appInEuWest1(v, { status: 'ACTIVE' }, [replica(APP_REGION)]) },
        ),
      status: 'pass',
      says: [`name ${REPLICA_ARN} and ${REPLICA_ARN}/index/idx_global_customerId exactly.`],
    },
    {
      name: 'table/* in any region is still a wildcard on a global table',
      ctx: () => globalWorld(grant(GUIDE_ACTIONS, ['arn:aws:dynamodb:*:111122223333:table/*'])),
      status: 'warn',
      says: ['Resource arn:aws:dynamodb:*:111122223333:table/*'],
    },
  ]));

// The helpers policy.actions and policy.resource share, tested directly: the mutation run
// (npm run mutation) showed survivors here that the per-check tables miss (the request
// context, aws:PrincipalArn among it, and the wording of ARN differences).
import { describe, expect, it } from '@jest/globals';
import {
  arnDifference,
  denialReason,
  grantCommands,
  grantDocument,
  grantStatements,
  neededPermissions,
  policySetup,
  refName,
  startEarly,
  unlessTableUnseen,
  type EarlyCalls,
  type PolicySetup,
} from '../../../src/checks/lib/policy-analysis.js';
import { pass, warn } from '../../../src/checks/lib/types.js';
import type { Decision } from '../../../src/iam/types.js';
import type { Outcome } from '../../../src/checks/lib/types.js';
import { PRESETS } from '../../../src/config/presets.js';
import type { RoleFact, RoleRef } from '../../../src/facts/types.js';
import { REGION, ROLE_ARN, contextWith, tableNotFound, unavailable } from '../../helpers/fake-facts.js';
import { ACCOUNT, INDEX_ARN, TABLE_ARN } from '../iam-fixtures.js';

async function setupOf(...args: Parameters<typeof contextWith>): Promise<PolicySetup> {
  const s = await policySetup(contextWith(...args));
  if ('status' in s) throw new Error(`expected a setup, got ${s.status}: ${s.message}`);
  return s;
}

async function outcomeOf(...args: Parameters<typeof contextWith>): Promise<Outcome> {
  const s = await policySetup(contextWith(...args));
  if (!('status' in s)) throw new Error('expected an outcome');
  return s;
}

describe('policySetup', () => {
  it('knows the region, TLS, the principal’s ARN and account of the pod’s request, and nothing else', async () => {
    const s = await setupOf();
    expect(s).toMatchObject({ roleName: 'cart-dynamodb-role', roleArn: ROLE_ARN, tableArn: TABLE_ARN });
    expect(s.context('aws:requestedregion')).toEqual({ kind: 'value', values: [REGION] });
    expect(s.context('aws:securetransport')).toEqual({ kind: 'value', values: ['true'] });
    expect(s.context('aws:principalarn')).toEqual({ kind: 'value', values: [ROLE_ARN] });
    expect(s.context('aws:principalaccount')).toEqual({ kind: 'value', values: [ACCOUNT] });
    expect(s.context('aws:sourcevpce')).toEqual({ kind: 'unknown' });
  });

  it('takes the role’s ARN from the role, else from the reference', async () => {
    const fromRole = await setupOf((v) => ((v.role as RoleFact).arn = 'arn:aws:iam::1:role/real'));
    expect(fromRole.roleArn).toBe('arn:aws:iam::1:role/real');
    expect(fromRole.context('aws:principalarn')).toEqual({ kind: 'value', values: ['arn:aws:iam::1:role/real'] });
    const fromRef = await setupOf((v) => delete (v.role as RoleFact).arn);
    expect(fromRef.roleArn).toBe(ROLE_ARN);
  });

  it('leaves out what it does not know', async () => {
    const s = await setupOf((v) => {
      delete (v.role as RoleFact).arn;
      v.roleRef = { name: 'r', partition: 'aws', from: 'flag' } satisfies RoleRef;
      v.tableArn = 'not-an-arn';
    });
    expect('roleArn' in s).toBe(false);
    expect(s.context('aws:principalarn')).toEqual({ kind: 'unknown' });
    expect(s.context('aws:principalaccount')).toEqual({ kind: 'unknown' });
    expect(s.context('aws:requestedregion')).toEqual({ kind: 'unknown' });
  });

  it('lists the calls the preset needs', async () => {
    const s = await setupOf(() => {}, 'retail-store');
    expect(s.needed).toContainEqual({ action: 'dynamodb:Query', resource: INDEX_ARN });
    expect(s.needed).toContainEqual({ action: 'dynamodb:GetItem', resource: TABLE_ARN });
  });

  it('skips naming sa.annotation without a role, or when the role does not exist', async () => {
    const unnamed = await outcomeOf((v) => (v.roleRef = undefined));
    expect(unnamed).toMatchObject({ status: 'skip', evidence: { prerequisite: 'sa.annotation' } });
    expect(unnamed.message).toContain('no IAM role is named (no valid role-arn annotation and no --role)');
    const missing = await outcomeOf((v) => ((v.role as RoleFact).found = false));
    expect(missing.message).toContain('role cart-dynamodb-role does not exist');
  });
});

describe('neededPermissions', () => {
  it('puts each call on the table or the named index', () => {
    const needed = neededPermissions(PRESETS['retail-store'].expect, 'arn:t');
    expect(needed.filter((n) => n.resource === 'arn:t/index/idx_global_customerId').map((n) => n.action)).toEqual(['dynamodb:Query']);
    expect(needed.filter((n) => n.resource === 'arn:t')).toHaveLength(needed.length - 1);
  });
});

describe('grants', () => {
  const needed = [
    { action: 'dynamodb:GetItem', resource: TABLE_ARN },
    { action: 'dynamodb:Query', resource: INDEX_ARN },
    { action: 'dynamodb:PutItem', resource: TABLE_ARN },
    { action: 'dynamodb:GetItem', resource: TABLE_ARN },
  ];

  it('groups actions per ARN without repeats', () => {
    expect(grantStatements(needed)).toEqual([
      { Sid: 'CartTableAccess', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: TABLE_ARN },
      { Sid: 'CartIndexAccess', Effect: 'Allow', Action: ['dynamodb:Query'], Resource: INDEX_ARN },
    ]);
  });

  it('writes the document and the command that puts it on the role', () => {
    expect(JSON.parse(grantDocument(needed))).toEqual({ Version: '2012-10-17', Statement: grantStatements(needed) });
    const commands = grantCommands('cart-role', needed);
    expect(commands).toContain("cat > cart-dynamodb-access.json <<'JSON'");
    expect(commands).toContain(grantDocument(needed));
    expect(commands).toContain(
      'aws iam put-role-policy --role-name cart-role --policy-name cart-dynamodb-access --policy-document file://cart-dynamodb-access.json',
    );
  });

  it('refName names the Sid, else the statement number from 1', () => {
    expect(refName({ source: 'p', index: 0, sid: 'S' })).toBe('p (Sid S)');
    expect(refName({ source: 'p', index: 2 })).toBe('p (statement #3)');
  });
});

describe('arnDifference', () => {
  const arn = (region: string, account: string, resource: string, partition = 'aws', service = 'dynamodb') =>
    `arn:${partition}:${service}:${region}:${account}:${resource}`;
  it.each<[string, string, string[]]>([
    ['everything', '*', []],
    ['a match', arn('*', ACCOUNT, 'table/Items'), []],
    ['parts in another case', arn('AP-SOUTH-1', ACCOUNT, 'table/*').replace('dynamodb', 'DynamoDB'), []],
    ['not an ARN', 'table/Items', ['table/Items is not an ARN']],
    ['another partition', arn('*', '*', '*', 'aws-cn'), [`partition aws-cn, the table's is aws`]],
    ['another service', arn('*', '*', '*', 'aws', 's3'), [`service s3, the table's is dynamodb`]],
    [
      'another region and account',
      arn('us-east-1', '999988887777', 'table/Items'),
      [`region us-east-1, the table's is ${REGION}`, `account 999988887777, the table's is ${ACCOUNT}`],
    ],
    ['an empty region', arn('', ACCOUNT, 'table/Items'), [`region (empty), the table's is ${REGION}`]],
    ['another table', arn('*', '*', 'table/Other'), ['resource table/Other, the real one is table/Items']],
    ['a resource id in another case', arn('*', '*', 'table/items'), ['resource table/items, the real one is table/Items']],
  ])('%s', (_name, pattern, expected) => {
    expect(arnDifference(pattern, TABLE_ARN)).toEqual(expected);
  });

  it('says when the table ARN does not cover the index', () => {
    expect(arnDifference(TABLE_ARN, INDEX_ARN)).toEqual(['it names the table only; a table ARN does not cover its index idx_global_customerId']);
    expect(arnDifference(`${TABLE_ARN}-old`, INDEX_ARN)).toEqual([`resource table/Items-old, the real one is table/Items/index/idx_global_customerId`]);
    expect(arnDifference(TABLE_ARN, `${INDEX_ARN}/extra`)).toEqual([`resource table/Items, the real one is table/Items/index/idx_global_customerId/extra`]);
  });

  it('says when the real resource is not an ARN', () => {
    expect(arnDifference(TABLE_ARN, 'Items')).toEqual([`${TABLE_ARN} is not an ARN`]);
  });
});

describe('unlessTableUnseen', () => {
  it('turns a pass judged on the ARN a missing table would have into a warn saying so', async () => {
    const s = await setupOf((v) => tableNotFound(v));
    expect(s.tableSeen).toMatchObject({ observed: false, region: REGION, table: 'Items' });
    const outcome = unlessTableUnseen(s, pass('all 6 calls are allowed.', { matrix: [1] }));
    expect(outcome).toEqual({
      status: 'warn',
      message: `all 6 calls are allowed, judged on ${TABLE_ARN}, the ARN table Items would have: it was not found in ${REGION} (see table.exists), so no real table ARN was compared.`,
      evidence: { matrix: [1], tableArnObserved: false },
      remediation: `# Create table Items in ${REGION} (see table.exists), then run cart-doctor again to judge the policies on its real ARN.`,
    });
  });

  it('leaves a pass on a table that was seen, and anything but a pass, as they are', async () => {
    const seen = await setupOf();
    const passed = pass('ok', {});
    expect(unlessTableUnseen(seen, passed)).toBe(passed);
    const unseen = await setupOf((v) => tableNotFound(v));
    const warned = warn('w', {});
    expect(unlessTableUnseen(unseen, warned)).toBe(warned);
  });
});

describe('denialReason', () => {
  const decision = (d: Partial<Decision>): Decision =>
    ({ result: 'deny', explicitDeny: false, allowedBy: [], deniedBy: [], unknownConditions: [], ...d }) as Decision;
  it('names every Deny statement, the boundary, or the missing Allow', () => {
    const refs = [
      { source: 'p', index: 0, sid: 'A' },
      { source: 'q', index: 1 },
    ];
    expect(denialReason(decision({ explicitDeny: true, deniedBy: refs, deniedAt: 'boundary' }), 'b')).toBe('explicit Deny in p (Sid A), q (statement #2)');
    expect(denialReason(decision({ deniedAt: 'boundary' }), 'arn:aws:iam::1:policy/b')).toBe(
      'the permissions boundary arn:aws:iam::1:policy/b does not allow it',
    );
    expect(denialReason(decision({}), 'b')).toBe('no statement allows it');
  });
});

describe('startEarly', () => {
  const early = async (...args: Parameters<typeof contextWith>): Promise<EarlyCalls[]> => {
    const calls: EarlyCalls[] = [];
    startEarly(contextWith(...args), async (e) => calls.push(e));
    await new Promise((resolve) => setImmediate(resolve));
    return calls;
  };

  it("reads with the role's ARN and account, the table ARN and the calls, before any policy is read", async () => {
    expect(await early(() => {}, 'retail-store')).toEqual([
      { roleArn: ROLE_ARN, account: ACCOUNT, tableArn: TABLE_ARN, needed: neededPermissions(PRESETS['retail-store'].expect, TABLE_ARN) },
    ]);
  });

  it('does nothing without a role ARN, and swallows a failure (the check reports it when it reads again)', async () => {
    expect(await early((v) => (v.roleRef = { name: 'r', partition: 'aws', from: 'flag' } satisfies RoleRef))).toEqual([]);
    expect(await early((v) => (v.roleRef = undefined))).toEqual([]);
    expect(await early((v) => (v.roleRef = { name: 'r', arn: 'arn:aws:iam::1:role/r', partition: 'aws', from: 'flag' } satisfies RoleRef))).toEqual([
      expect.not.objectContaining({ account: expect.anything() }),
    ]);
    expect(await early((v) => (v.tableArn = unavailable('dynamodb:DescribeTable')))).toEqual([]);
  });
});

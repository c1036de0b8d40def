/**
 * lib/table-policy: the table's resource policy judged for the IRSA caller, shared by
 * table.resource-policy and policy.actions. Pure functions, tested directly: what each returns is
 * what those checks print and decide on.
 */
import { describe, expect, it } from '@jest/globals';
import {
  TABLE_POLICY_READ,
  judgeTablePolicy,
  knownTablePolicy,
  roleCaller,
  sameAccount,
  statementOf,
  tableGrantsFor,
  tablePolicyGrant,
} from '../../../src/checks/lib/table-policy.js';
import type { PolicySetup } from '../../../src/checks/lib/policy-analysis.js';
import { contextFrom } from '../../../src/iam/evaluate.js';
import { parsePolicyDocument } from '../../../src/iam/document.js';
import type { PolicyDocument } from '../../../src/iam/types.js';
import { ACCOUNT, REGION, ROLE_ARN, TABLE_ARN, fakeFacts, healthyValues, unavailable } from '../../helpers/fake-facts.js';

const caller = roleCaller({ name: 'cart-dynamodb-role', arn: ROLE_ARN })!;
const context = contextFrom({ 'aws:PrincipalAccount': ACCOUNT });
const GET = { action: 'dynamodb:GetItem', resource: TABLE_ARN };
const PUT = { action: 'dynamodb:PutItem', resource: TABLE_ARN };
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/cart-dynamodb-role/pod-session`;

const tablePolicy = (...statements: Record<string, unknown>[]): PolicyDocument =>
  parsePolicyDocument({ Version: '2012-10-17', Statement: statements }, 'resource policy of Items');
const allow = (principal: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'dynamodb:GetItem',
  Resource: TABLE_ARN,
  ...extra,
});
/** A permissions boundary allowing `actions` on every resource. */
const boundary = (actions: string[], extra: Record<string, unknown> = {}) =>
  parsePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*', ...extra }] }, 'boundary');

describe('roleCaller', () => {
  it('the session of the role: its ARN, account, partition and name', () => {
    expect(roleCaller({ name: 'cart-dynamodb-role', arn: ROLE_ARN })).toEqual({
      roleArn: ROLE_ARN,
      account: ACCOUNT,
      partition: 'aws',
      roleName: 'cart-dynamodb-role',
    });
  });
  it('an explicit role ARN wins over the ref, in its own partition', () => {
    const arn = 'arn:aws-cn:iam::210987654321:role/other';
    expect(roleCaller({ name: 'other', arn: ROLE_ARN }, arn)).toEqual({ roleArn: arn, account: '210987654321', partition: 'aws-cn', roleName: 'other' });
  });
  it('no caller without a role ARN, or with one that names no account', () => {
    expect(roleCaller({ name: 'r', arn: undefined as unknown as string })).toBeUndefined();
    expect(roleCaller({ name: 'r', arn: ROLE_ARN }, '')).toBeUndefined();
    expect(roleCaller({ name: 'r', arn: 'not-an-arn' })).toBeUndefined();
    expect(roleCaller({ name: 'r', arn: 'arn:aws:iam:::role/r' })).toBeUndefined();
  });
});

describe('judgeTablePolicy, statementOf, sameAccount', () => {
  it('one verdict per needed call, beside the call', () => {
    const cells = judgeTablePolicy(tablePolicy(allow({ AWS: ROLE_ARN })), [GET, PUT], caller, context);
    expect(cells.map((c) => [c.action, c.resource, c.verdict.grants])).toEqual([
      ['dynamodb:GetItem', TABLE_ARN, 'true'],
      ['dynamodb:PutItem', TABLE_ARN, 'false'],
    ]);
  });
  it('statementOf finds the statement an unknown condition sits in, by index', () => {
    const doc = tablePolicy(allow({ AWS: ROLE_ARN }, { Sid: 'first' }), {
      Effect: 'Deny',
      Principal: '*',
      Action: 'dynamodb:*',
      Resource: TABLE_ARN,
      Sid: 'second',
    });
    expect(statementOf(doc, { statement: { source: doc.source, index: 1 }, operator: 'StringEquals', key: 'aws:SourceVpce', values: [] })?.sid).toBe('second');
    expect(statementOf(doc, { statement: { source: doc.source, index: 7 }, operator: 'StringEquals', key: 'k', values: [] })).toBeUndefined();
  });
  it('sameAccount compares the table ARN account with the caller account', () => {
    expect(sameAccount(TABLE_ARN, caller)).toBe(true);
    expect(sameAccount(TABLE_ARN.replace(ACCOUNT, '210987654321'), caller)).toBe(false);
    expect(sameAccount('not-an-arn', caller)).toBe(false);
  });
  it('names the read and the permission it needs', () => {
    expect(TABLE_POLICY_READ).toEqual({ what: "the table's resource policy", permission: 'dynamodb:GetResourcePolicy' });
  });
});

describe('knownTablePolicy', () => {
  it('the fact when the run has it', async () => {
    const fact = { resourceArn: TABLE_ARN, found: false };
    expect(await knownTablePolicy(fakeFacts({ ...healthyValues(), resourcePolicy: fact }))).toBe(fact);
  });
  it('undefined when it is unavailable (denied, not recorded)', async () => {
    expect(await knownTablePolicy(fakeFacts({ ...healthyValues(), resourcePolicy: unavailable('dynamodb:GetResourcePolicy') }))).toBeUndefined();
    expect(await knownTablePolicy(fakeFacts(healthyValues()))).toBeUndefined();
  });
  it('any other error is not swallowed', async () => {
    await expect(knownTablePolicy(fakeFacts({ ...healthyValues(), resourcePolicy: new TypeError('bug') }))).rejects.toThrow('bug');
  });
});

describe('tablePolicyGrant', () => {
  it('an Allow naming the role grants: allow, by that statement', () => {
    expect(tablePolicyGrant(tablePolicy(allow({ AWS: ROLE_ARN })), GET, caller, context, undefined)).toEqual({
      result: 'allow',
      by: [{ source: 'resource policy of Items', index: 0 }],
      unknownConditions: [],
    });
  });
  it('adds nothing when no Allow covers the call, or a Deny does', () => {
    expect(tablePolicyGrant(tablePolicy(allow({ AWS: ROLE_ARN })), PUT, caller, context, undefined)).toBeUndefined();
    const denied = tablePolicy(allow({ AWS: ROLE_ARN }), { Effect: 'Deny', Principal: '*', Action: 'dynamodb:GetItem', Resource: TABLE_ARN });
    expect(tablePolicyGrant(denied, GET, caller, context, undefined)).toBeUndefined();
  });
  it('adds nothing when a Deny may apply (an unknown condition on it)', () => {
    const maybeDenied = tablePolicy(allow({ AWS: ROLE_ARN }), {
      Effect: 'Deny',
      Principal: '*',
      Action: 'dynamodb:GetItem',
      Resource: TABLE_ARN,
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
    });
    expect(tablePolicyGrant(maybeDenied, GET, caller, context, undefined)).toBeUndefined();
  });
  it('an Allow naming only the account delegates: not counted as a grant', () => {
    const grant = tablePolicyGrant(tablePolicy(allow({ AWS: ACCOUNT }), allow({ AWS: ROLE_ARN })), GET, caller, context, undefined);
    expect(grant).toEqual({ result: 'allow', by: [{ source: 'resource policy of Items', index: 1 }], unknownConditions: [] });
  });
  it('an Allow under an unknown condition: unknown, with that condition (and none of a Deny)', () => {
    const grant = tablePolicyGrant(
      tablePolicy(allow({ AWS: ROLE_ARN }, { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })),
      GET,
      caller,
      context,
      undefined,
    );
    expect(grant).toMatchObject({ result: 'unknown', by: [{ index: 0 }], unknownConditions: [{ key: 'aws:SourceVpce', statement: { index: 0 } }] });
    expect(grant!.unknownConditions).toHaveLength(1);
  });
  it('a boundary that allows the call: the grant stands', () => {
    expect(tablePolicyGrant(tablePolicy(allow({ AWS: ROLE_ARN })), GET, caller, context, boundary(['dynamodb:GetItem']))?.result).toBe('allow');
  });
  it('a boundary that does not allow the call limits a grant naming the role ARN', () => {
    expect(tablePolicyGrant(tablePolicy(allow({ AWS: ROLE_ARN })), GET, caller, context, boundary(['s3:GetObject']))).toEqual({
      result: 'limited',
      by: [{ source: 'resource policy of Items', index: 0 }],
      unknownConditions: [],
    });
  });
  it('a boundary that does not allow the call, and a grant naming the session: unknown, the session name as the condition', () => {
    expect(tablePolicyGrant(tablePolicy(allow({ AWS: SESSION })), GET, caller, context, boundary(['s3:GetObject']))).toEqual({
      result: 'unknown',
      by: [{ source: 'resource policy of Items', index: 0 }],
      unknownConditions: [{ statement: { source: 'resource policy of Items', index: 0 }, operator: 'Principal', key: 'role session name', values: [SESSION] }],
    });
  });
  it('a boundary that does not allow the call, grants naming the role and a session: unknown, not limited', () => {
    const grant = tablePolicyGrant(tablePolicy(allow({ AWS: ROLE_ARN }), allow({ AWS: SESSION })), GET, caller, context, boundary(['s3:GetObject']));
    // The role's grant is decided, so the only open question is the session statement's: name that one (index 1), not the first grant.
    expect(grant).toEqual({
      result: 'unknown',
      by: [
        { source: 'resource policy of Items', index: 0 },
        { source: 'resource policy of Items', index: 1 },
      ],
      unknownConditions: [{ statement: { source: 'resource policy of Items', index: 1 }, operator: 'Principal', key: 'role session name', values: [SESSION] }],
    });
    const oneStatement = tablePolicyGrant(tablePolicy(allow({ AWS: [ROLE_ARN, SESSION] })), GET, caller, context, boundary(['s3:GetObject']));
    expect(oneStatement).toMatchObject({ result: 'unknown', by: [{ index: 0 }] });
  });
  it('a grant to everyone is limited by the boundary like one naming the role', () => {
    expect(tablePolicyGrant(tablePolicy(allow('*')), GET, caller, context, boundary(['s3:GetObject']))).toEqual({
      result: 'limited',
      by: [{ source: 'resource policy of Items', index: 0 }],
      unknownConditions: [],
    });
  });
  it('a session grant under a condition keeps its own unknown conditions', () => {
    const grant = tablePolicyGrant(
      tablePolicy(allow({ AWS: SESSION }, { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })),
      GET,
      caller,
      context,
      boundary(['s3:GetObject']),
    );
    expect(grant?.result).toBe('unknown');
    expect(grant?.unknownConditions.map((u) => u.key).sort()).toEqual(['aws:SourceVpce', 'role session name']);
  });
  it("a boundary whose Allow is conditional: unknown, the boundary's conditions added", () => {
    const grant = tablePolicyGrant(
      tablePolicy(allow({ AWS: ROLE_ARN })),
      GET,
      caller,
      context,
      boundary(['dynamodb:GetItem'], { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-2' } } }),
    );
    expect(grant).toMatchObject({ result: 'unknown', by: [{ index: 0 }], unknownConditions: [{ key: 'aws:SourceVpce', values: ['vpce-2'] }] });
  });
});

describe('tableGrantsFor', () => {
  const setup = (change: Partial<PolicySetup> = {}): PolicySetup => ({
    roleName: 'cart-dynamodb-role',
    roleArn: ROLE_ARN,
    policies: { identity: [] },
    tableArn: TABLE_ARN,
    tableSeen: { observed: true, region: REGION, table: 'Items' },
    needed: [GET, PUT],
    context,
    ...change,
  });
  const facts = (document: PolicyDocument | undefined, resourceArn = TABLE_ARN) =>
    fakeFacts({ ...healthyValues(), resourcePolicy: { resourceArn, found: !!document, ...(document && { document }) } });
  const doc = tablePolicy(allow({ AWS: ROLE_ARN }));

  it('one grant (or undefined) per call, from the policy of this table', async () => {
    const grants = await tableGrantsFor(facts(doc), setup(), [GET, PUT]);
    expect(grants.map((g) => g?.result)).toEqual(['allow', undefined]);
  });
  it('nothing from a policy read for another table (another replica), or none at all', async () => {
    expect(await tableGrantsFor(facts(doc, TABLE_ARN.replace(REGION, 'eu-west-1')), setup(), [GET])).toEqual([undefined]);
    expect(await tableGrantsFor(facts(undefined), setup(), [GET])).toEqual([undefined]);
    expect(await tableGrantsFor(fakeFacts(healthyValues()), setup(), [GET, PUT])).toEqual([undefined, undefined]);
  });
  it('nothing without a role ARN, or across accounts (both sides must allow there)', async () => {
    expect(await tableGrantsFor(facts(doc), setup({ roleArn: undefined }), [GET])).toEqual([undefined]);
    expect(await tableGrantsFor(facts(doc), setup({ tableArn: TABLE_ARN.replace(ACCOUNT, '210987654321') }), [GET])).toEqual([undefined]);
  });
  it("the permissions boundary limits the table's grant", async () => {
    const limited = setup({ policies: { identity: [], boundary: { name: 'boundary', document: boundary(['s3:GetObject']) } } });
    expect((await tableGrantsFor(facts(doc), limited, [GET]))[0]?.result).toBe('limited');
  });
  it('no calls, no grants', async () => {
    expect(await tableGrantsFor(facts(doc), setup(), [])).toEqual([]);
  });
});

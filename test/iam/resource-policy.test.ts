import { describe, expect, it } from '@jest/globals';
import { parsePolicyDocument } from '../../src/iam/document.js';
import { contextFrom } from '../../src/iam/evaluate.js';
import { evaluateResourcePolicy, principalValueMatches, type RoleCaller } from '../../src/iam/resource-policy.js';

const caller: RoleCaller = { roleArn: 'arn:aws:iam::111122223333:role/cart-role', account: '111122223333', partition: 'aws', roleName: 'cart-role' };
const TABLE = 'arn:aws:dynamodb:us-east-1:111122223333:table/Items';

function verdict(statements: unknown[], action = 'dynamodb:GetItem', known: Record<string, string> = {}) {
  const doc = parsePolicyDocument({ Version: '2012-10-17', Statement: statements }, 'table policy');
  return evaluateResourcePolicy([doc], { action, resource: TABLE, caller, context: contextFrom(known) });
}

describe('principalValueMatches', () => {
  it.each([
    ['*', 'direct'],
    ['arn:aws:iam::111122223333:role/cart-role', 'direct'],
    ['111122223333', 'account'],
    ['arn:aws:iam::111122223333:root', 'account'],
    ['arn:aws:sts::111122223333:assumed-role/cart-role/botocore-session-1', 'unknown'],
    ['arn:aws:sts::111122223333:assumed-role/other-role/s', 'none'],
    ['arn:aws:iam::111122223333:role/other-role', 'none'],
    ['arn:aws:iam::444455556666:root', 'none'],
    ['arn:aws-cn:iam::111122223333:root', 'none'],
  ])('%s → %s', (value, expected) => {
    expect(principalValueMatches(value, caller)).toBe(expected);
  });
});

describe('evaluateResourcePolicy says', () => {
  const allow = (principal: unknown, extra: Record<string, unknown> = {}) => ({
    Effect: 'Allow',
    Principal: principal,
    Action: 'dynamodb:GetItem',
    Resource: TABLE,
    ...extra,
  });
  it('an Allow naming the role grants it directly', () => {
    expect(verdict([allow({ AWS: caller.roleArn })])).toMatchObject({ grants: 'true', delegates: 'false', denies: 'false' });
  });
  it('an Allow naming the account only delegates to IAM', () => {
    expect(verdict([allow({ AWS: 'arn:aws:iam::111122223333:root' })])).toMatchObject({ grants: 'false', delegates: 'true' });
  });
  it('an Allow for another action grants nothing', () => {
    expect(verdict([allow('*')], 'dynamodb:PutItem')).toMatchObject({ grants: 'false', delegates: 'false', denies: 'false' });
  });
  it('a Deny naming the account covers the role', () => {
    expect(verdict([{ ...allow({ AWS: '111122223333' }), Effect: 'Deny' }])).toMatchObject({ denies: 'true' });
  });
  it('a Deny with NotPrincipal covers the session unless it names session, role and account', () => {
    const deny = (...np: string[]) => ({ Effect: 'Deny', NotPrincipal: { AWS: np }, Action: 'dynamodb:*', Resource: '*' });
    const session = 'arn:aws:sts::111122223333:assumed-role/cart-role/s1';
    expect(verdict([deny('arn:aws:iam::111122223333:role/admin')]).denies).toBe('true');
    expect(verdict([deny(caller.roleArn)]).denies).toBe('true');
    expect(verdict([deny(caller.roleArn, '111122223333')]).denies).toBe('true');
    expect(verdict([deny(session, caller.roleArn, '111122223333')]).denies).toBe('unknown');
    expect(verdict([deny('*')]).denies).toBe('false');
  });
  it('a session-specific principal is unknown, named as such', () => {
    const v = verdict([allow({ AWS: 'arn:aws:sts::111122223333:assumed-role/cart-role/s1' })]);
    expect(v.grants).toBe('unknown');
    expect(v.unknownConditions[0]).toMatchObject({ operator: 'Principal', key: 'role session name', statement: { source: 'table policy', index: 0 } });
  });
  it('a condition the doctor cannot know keeps a Deny unknown, and is named', () => {
    const v = verdict([
      { Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: TABLE, Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } },
    ]);
    expect(v.denies).toBe('unknown');
    expect(v.unknownConditions.map((u) => u.key)).toEqual(['aws:SourceVpce']);
  });
  it('a known condition decides it', () => {
    const st = { Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: TABLE, Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } };
    expect(verdict([st], 'dynamodb:GetItem', { 'aws:SourceVpce': 'vpce-1' }).denies).toBe('false');
    expect(verdict([st], 'dynamodb:GetItem', { 'aws:SourceVpce': 'vpce-2' }).denies).toBe('true');
  });
});

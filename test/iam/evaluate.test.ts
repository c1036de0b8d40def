// Evaluation paths that the mutation run (npm run mutation) showed no test pinned down:
// NotPrincipal, the 2008-10-17 version, boundary unknowns, and which unknowns are reported.
import { describe, expect, it } from '@jest/globals';
import { parsePolicyDocument } from '../../src/iam/document.js';
import { contextFrom, evaluateIdentity, evaluateTrust } from '../../src/iam/evaluate.js';
import { literalVariables } from '../../src/iam/match.js';
import type { PolicyDocument, Principal } from '../../src/iam/types.js';

const TABLE = 'arn:aws:dynamodb:us-east-1:111122223333:table/Items';
const VARIABLE_TABLE = 'arn:aws:dynamodb:us-east-1:111122223333:table/${aws:username}';
type Raw = Record<string, unknown>;

const policy = (source: string, statements: Raw[], version: string | null = '2012-10-17'): PolicyDocument =>
  parsePolicyDocument(version === null ? { Statement: statements } : { Version: version, Statement: statements }, source);
const allow = (extra: Raw = {}): Raw => ({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE, ...extra });
const deny = (extra: Raw = {}): Raw => ({ Effect: 'Deny', Action: 'dynamodb:GetItem', Resource: TABLE, ...extra });
const unknownIp = { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } };
const unknownVpce = { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } };
const request = (resource = TABLE) => ({ action: 'dynamodb:GetItem', resource, context: contextFrom({ 'aws:username': 'Items' }) });

describe('the 2008-10-17 policy version', () => {
  it('has no policy variables, like a document without Version', () => {
    expect([undefined, '2008-10-17', '2012-10-17', ''].map((v) => literalVariables(v))).toEqual([true, true, false, false]);
  });

  it('matches ${...} in a Resource as text', () => {
    expect(evaluateIdentity([policy('old', [allow({ Resource: VARIABLE_TABLE })], '2008-10-17')], request(VARIABLE_TABLE)).result).toBe('allow');
    expect(evaluateIdentity([policy('new', [allow({ Resource: VARIABLE_TABLE })])], request(VARIABLE_TABLE)).result).toBe('deny');
  });

  it('does not resolve ${...} in a condition value', () => {
    const statement = allow({ Condition: { StringEquals: { 'aws:username': '${aws:username}' } } });
    expect(evaluateIdentity([policy('old', [statement], '2008-10-17')], request()).result).toBe('deny');
    expect(evaluateIdentity([policy('new', [statement])], request()).result).toBe('allow');
  });

  it('reads a Deny with ${...} in its Resource as text, never "possibly denied"', () => {
    const docs = (version: string) => [policy('allow', [allow({ Resource: '*' })]), policy('deny', [deny({ Resource: VARIABLE_TABLE })], version)];
    expect(evaluateIdentity(docs('2008-10-17'), request()).result).toBe('allow');
    expect(evaluateIdentity(docs('2012-10-17'), request())).toMatchObject({ result: 'unknown', deniedBy: [{ source: 'deny', index: 0 }] });
  });

  it('makes an Allow with ${...} in NotResource a plain allow', () => {
    const statement = { Effect: 'Allow', Action: 'dynamodb:GetItem', NotResource: VARIABLE_TABLE };
    expect(evaluateIdentity([policy('old', [statement], '2008-10-17')], request()).result).toBe('allow');
    expect(evaluateIdentity([policy('new', [statement])], request()).result).toBe('unknown');
  });
});

describe('an Allow with ${...} in NotResource', () => {
  it('stays denied when its condition is false', () => {
    const statement = { Effect: 'Allow', Action: 'dynamodb:GetItem', NotResource: VARIABLE_TABLE, Condition: { StringEquals: { 'aws:username': 'x' } } };
    expect(evaluateIdentity([policy('p', [statement])], request()).result).toBe('deny');
  });

  it('lists its NotResource values as the undecided condition', () => {
    const statement = { Effect: 'Allow', Action: 'dynamodb:GetItem', NotResource: [VARIABLE_TABLE, 'x'] };
    expect(evaluateIdentity([policy('p', [statement])], request()).unknownConditions).toEqual([
      { statement: { source: 'p', index: 0 }, operator: 'NotResource', key: 'policy variable', values: [VARIABLE_TABLE, 'x'] },
    ]);
  });

  it('without a variable is a plain NotResource', () => {
    const statement = { Effect: 'Allow', Action: 'dynamodb:GetItem', NotResource: 'arn:aws:s3:::b' };
    expect(evaluateIdentity([policy('p', [statement])], request()).result).toBe('allow');
  });
});

describe('a Deny with ${...} in its Resource', () => {
  it('lists its Resource values as the undecided condition and keeps a certain Deny certain', () => {
    const docs = [policy('a', [allow({ Resource: '*' })]), policy('d', [deny({ Resource: VARIABLE_TABLE, Sid: 'V' })])];
    expect(evaluateIdentity(docs, request()).unknownConditions).toEqual([
      { statement: { source: 'd', index: 0, sid: 'V' }, operator: 'Resource', key: 'policy variable', values: [VARIABLE_TABLE] },
    ]);
    const certain = evaluateIdentity([...docs, policy('c', [deny()])], request());
    expect(certain).toMatchObject({ result: 'deny', explicitDeny: true, deniedAt: 'identity' });
  });

  it('for another action does not apply', () => {
    const docs = [policy('a', [allow({ Resource: '*' })]), policy('d', [deny({ Action: 'dynamodb:PutItem', Resource: VARIABLE_TABLE })])];
    expect(evaluateIdentity(docs, request()).result).toBe('allow');
  });

  it('an Allow with ${...} in its Resource is never "possibly allowed"', () => {
    expect(evaluateIdentity([policy('a', [allow({ Resource: VARIABLE_TABLE })])], request())).toMatchObject({ result: 'deny', deniedBy: [] });
  });
});

describe('evaluateIdentity reports', () => {
  it('the boundary’s undecided conditions, and its Deny statements', () => {
    const d = evaluateIdentity([policy('id', [allow()])], request(), [policy('b', [allow({ Resource: '*' }), deny(unknownIp)])]);
    expect(d).toMatchObject({ result: 'unknown', explicitDeny: false, allowedBy: [{ source: 'id', index: 0 }], deniedBy: [{ source: 'b', index: 1 }] });
    expect(d.unknownConditions.map((u) => u.key)).toEqual(['aws:SourceIp']);
  });

  it('a Deny in the identity policies as denied at identity even with a boundary', () => {
    const d = evaluateIdentity([policy('id', [allow(), deny()])], request(), [policy('b', [allow({ Resource: '*' })])]);
    expect(d).toMatchObject({ result: 'deny', explicitDeny: true, deniedAt: 'identity' });
  });

  it('only the conditions that leave a layer undecided', () => {
    // The allow is certain (the second statement), so the first statement's unknown is noise;
    // the Deny's unknown is what leaves the answer open.
    const d = evaluateIdentity([policy('id', [allow(unknownVpce), allow(), deny(unknownIp)])], request());
    expect(d.result).toBe('unknown');
    expect(d.allowedBy.map((r) => r.index)).toEqual([0, 1]);
    expect(d.unknownConditions.map((u) => u.key)).toEqual(['aws:SourceIp']);
  });

  it('an undecided allow and an undecided deny together', () => {
    const d = evaluateIdentity([policy('id', [allow(unknownVpce), deny(unknownIp)])], request());
    expect(d.unknownConditions.map((u) => u.key)).toEqual(['aws:SourceVpce', 'aws:SourceIp']);
  });

  it('a certain Deny after an undecided one as certain', () => {
    const d = evaluateIdentity([policy('id', [allow(), deny(unknownIp), deny()])], request());
    expect(d).toMatchObject({ result: 'deny', explicitDeny: true });
  });

  it('an undecided Deny after a certain one stays certain', () => {
    const d = evaluateIdentity([policy('id', [allow(), deny(), deny(unknownIp)])], request());
    expect(d).toMatchObject({ result: 'deny', explicitDeny: true });
  });

  it('an undecided Allow after a certain one stays certain', () => {
    expect(evaluateIdentity([policy('id', [allow(), allow(unknownIp)])], request())).toMatchObject({ result: 'allow', unknownConditions: [] });
  });

  it('an implicit deny by the boundary beats an undecided identity allow', () => {
    const d = evaluateIdentity([policy('id', [allow(unknownIp)])], request(), [policy('b', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }])]);
    expect(d).toMatchObject({ result: 'deny', explicitDeny: false, deniedAt: 'boundary' });
  });
});

describe('evaluateTrust', () => {
  const PROVIDER = 'arn:aws:iam::111122223333:oidc-provider/oidc.example';
  const trustRequest = (principalMatches: (p: Principal | undefined, n: Principal | undefined) => boolean) => ({
    action: 'sts:AssumeRoleWithWebIdentity',
    principalMatches,
    context: contextFrom({ 'aws:SourceIp': '192.0.2.1' }),
  });
  const webIdentity = (extra: Raw): Raw => ({ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', ...extra });

  it('hands NotPrincipal to the caller’s principal test', () => {
    const seen: [Principal | undefined, Principal | undefined][] = [];
    const trust = policy('trust', [webIdentity({ NotPrincipal: { AWS: 'arn:aws:iam::1:root' } })]);
    const d = evaluateTrust(
      trust,
      trustRequest((p, n) => (seen.push([p, n]), n !== undefined && !n.Federated?.includes(PROVIDER))),
    );
    expect(seen).toEqual([[undefined, { AWS: ['arn:aws:iam::1:root'] }]]);
    expect(d.result).toBe('allow');
  });

  it('an undecided Deny leaves the trust undecided, naming only its condition', () => {
    const trust = policy('trust', [
      webIdentity({ Principal: { Federated: PROVIDER }, Condition: { StringEquals: { 'x:aud': 'a' } } }),
      webIdentity({ Principal: { Federated: PROVIDER } }),
      { ...webIdentity({ Principal: { Federated: PROVIDER } }), Effect: 'Deny', Condition: { StringEquals: { 'x:sub': 's' } } },
    ]);
    const d = evaluateTrust(
      trust,
      trustRequest(() => true),
    );
    expect(d).toMatchObject({ result: 'unknown', explicitDeny: false, deniedBy: [{ source: 'trust', index: 2 }] });
    expect(d.unknownConditions.map((u) => u.key)).toEqual(['x:sub']);
  });

  it('a Deny whose condition is false does not apply', () => {
    const trust = policy('trust', [
      webIdentity({ Principal: '*' }),
      { ...webIdentity({ Principal: '*' }), Effect: 'Deny', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
    ]);
    expect(
      evaluateTrust(
        trust,
        trustRequest(() => true),
      ),
    ).toMatchObject({ result: 'allow', deniedBy: [] });
  });

  it('in the 2008-10-17 version reads ${...} in a condition as text', () => {
    const statement = webIdentity({ Principal: '*', Condition: { StringEquals: { 'aws:SourceIp': '${aws:SourceIp}' } } });
    expect(
      evaluateTrust(
        policy('trust', [statement], '2008-10-17'),
        trustRequest(() => true),
      ).result,
    ).toBe('deny');
    expect(
      evaluateTrust(
        policy('trust', [statement]),
        trustRequest(() => true),
      ).result,
    ).toBe('allow');
  });
});

describe('contextFrom', () => {
  it('finds keys case-insensitively, keeps value lists, and asks about absence only for unknown keys', () => {
    const asked: string[] = [];
    const ctx = contextFrom({ 'AWS:TagKeys': ['a', 'b'], One: 'x' }, { absent: (k) => (asked.push(k), k === 'gone') });
    expect(ctx('aws:tagkeys')).toEqual({ kind: 'value', values: ['a', 'b'] });
    expect(ctx('ONE')).toEqual({ kind: 'value', values: ['x'] });
    expect(ctx('GONE')).toEqual({ kind: 'absent' });
    expect(ctx('other')).toEqual({ kind: 'unknown' });
    expect(asked).toEqual(['gone', 'other']);
    expect(contextFrom({})('k')).toEqual({ kind: 'unknown' });
  });
});

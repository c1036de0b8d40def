// Document parsing rules that the mutation run (npm run mutation) showed no test pinned down.
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { decodeDocument, parsePolicyDocument } from '../../src/iam/document.js';

function failure(raw: unknown): InputError {
  try {
    parsePolicyDocument(decodeDocument(raw, 'snap.yaml', 'GetRole'), 'p', 'snap.yaml', 'GetRole');
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

const stmt = { Effect: 'Allow', Action: 'a:b' };

describe('parsePolicyDocument rejects, naming the place', () => {
  it.each<[string, unknown, string, string]>([
    ['an unknown top-level element', { Version: '2012-10-17', Statement: [stmt], Statment: [] }, 'GetRole.Statment', 'unknown policy element "Statment"'],
    ['a Version that is not a string', { Version: 2012, Statement: [stmt] }, 'GetRole.Version', 'Version must be a string, got a number'],
    [
      'Resource and NotResource',
      { Statement: [{ ...stmt, Resource: '*', NotResource: 'x' }] },
      'GetRole.Statement[0].NotResource',
      'statement has both Resource and NotResource',
    ],
    [
      'Principal and NotPrincipal',
      { Statement: [{ ...stmt, Principal: '*', NotPrincipal: { AWS: 'x' } }] },
      'GetRole.Statement[0].NotPrincipal',
      'statement has both Principal and NotPrincipal',
    ],
    [
      'an unknown NotPrincipal type',
      { Statement: [{ ...stmt, NotPrincipal: { Foo: 'x' } }] },
      'GetRole.Statement[0].NotPrincipal.Foo',
      'unknown principal type "Foo"',
    ],
    [
      'a Principal that is neither "*" nor an object',
      { Statement: [{ ...stmt, Principal: 'AWS' }] },
      'GetRole.Statement[0].Principal',
      'must be "*" or an object, got "AWS"',
    ],
    ['a Principal array', { Statement: [{ ...stmt, Principal: ['*'] }] }, 'GetRole.Statement[0].Principal', 'got an array'],
    ['a Sid that is not a string', { Statement: [{ ...stmt, Sid: 1 }] }, 'GetRole.Statement[0].Sid', 'Sid must be a string, got a number'],
    ['a statement that is not an object', { Statement: ['x'] }, 'GetRole.Statement[0]', 'statement must be a JSON object, got a string'],
    ['a null statement', { Statement: null }, 'GetRole.Statement', 'got null'],
    ['a missing Effect', { Statement: [{ Action: 'a:b' }] }, 'GetRole.Statement[0].Effect', 'got a undefined'],
    [
      'a Condition that is not an object',
      { Statement: [{ ...stmt, Condition: 'x' }] },
      'GetRole.Statement[0].Condition',
      'must be an object of operators, got a string',
    ],
    [
      'an operator that is not an object',
      { Statement: [{ ...stmt, Condition: { StringEquals: [] } }] },
      'GetRole.Statement[0].Condition.StringEquals',
      'condition keys, got an array',
    ],
    [
      'an infinite condition value',
      { Statement: [{ ...stmt, Condition: { NumericEquals: { n: [1, Infinity] } } }] },
      'GetRole.Statement[0].Condition.NumericEquals.n[1]',
      'got a number',
    ],
    [
      'a null condition value',
      { Statement: [{ ...stmt, Condition: { StringEquals: { k: null } } }] },
      'GetRole.Statement[0].Condition.StringEquals.k',
      'got null',
    ],
    // eslint-disable-next-line no-sparse-arrays -- a hole is what the parser must reject
    ['a sparse Action array', { Statement: [{ ...stmt, Action: ['a:b', , 'c:d'] }] }, 'GetRole.Statement[0].Action[1]', 'must be a string, got a undefined'],
    [
      'an object as Resource',
      { Statement: [{ ...stmt, Resource: {} }] },
      'GetRole.Statement[0].Resource',
      'must be a string or an array of strings, got an object',
    ],
    ['a number as the document', 5, 'GetRole', 'policy document must be a JSON object, got a number'],
    ['URL-encoded text that is not JSON', 'x%20y', 'GetRole', 'policy document is not valid JSON ('],
    ['form-encoded text that is not JSON either', 'x+y', 'GetRole', 'policy document is not valid JSON ('],
  ])('%s', (_name, raw, place, message) => {
    const e = failure(raw);
    expect(e.file).toBe('snap.yaml');
    expect(e.place).toBe(place);
    expect(e.message).toContain(message);
  });

  it('names no place beyond the caller’s when the document itself is wrong', () => {
    let error: unknown;
    try {
      parsePolicyDocument([], 'p');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ file: 'p', place: '' });
  });
});

describe('parsePolicyDocument reads', () => {
  it('Id as a known top-level element', () => {
    expect(parsePolicyDocument({ Id: 'x', Statement: [stmt] }, 'p').statements).toHaveLength(1);
  });

  it('NotPrincipal, NotResource and NotAction', () => {
    const d = parsePolicyDocument(
      { Version: '2008-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: ['a', 'b'] }, NotAction: 'x:y', NotResource: 'r' }] },
      'p',
    );
    expect(d).toEqual({
      source: 'p',
      version: '2008-10-17',
      statements: [{ index: 0, effect: 'Deny', notPrincipal: { AWS: ['a', 'b'] }, notAction: ['x:y'], notResource: ['r'] }],
    });
  });

  it('every principal type', () => {
    const principal = { AWS: 'a', Federated: 'f', Service: 's', CanonicalUser: 'c' };
    expect(parsePolicyDocument({ Statement: [{ ...stmt, Principal: principal }] }, 'p').statements[0]!.principal).toEqual({
      AWS: ['a'],
      Federated: ['f'],
      Service: ['s'],
      CanonicalUser: ['c'],
    });
  });

  it('condition values of every accepted type as text, and keeps __proto__ as data', () => {
    const raw = JSON.parse('{"Statement":[{"Effect":"Allow","Action":"a:b","Condition":{"__proto__":{"__proto__":[true, 1.5, "x"]}}}]}') as unknown;
    const condition = parsePolicyDocument(raw, 'p').statements[0]!.condition!;
    expect(Object.keys(condition)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(condition, '__proto__')?.value).toEqual(Object.fromEntries([['__proto__', ['true', '1.5', 'x']]]));
  });

  it('a URL-encoded document with a literal + encoded as %2B', () => {
    const d = parsePolicyDocument(decodeDocument(encodeURIComponent(JSON.stringify({ Statement: [{ ...stmt, Sid: 'a+b' }] })), 'f', 'x'), 'p');
    expect(d.statements[0]!.sid).toBe('a+b');
  });

  it('a non-string raw document unchanged', () => {
    const raw = { Statement: [] };
    expect(decodeDocument(raw, 'f', 'x')).toBe(raw);
  });
});

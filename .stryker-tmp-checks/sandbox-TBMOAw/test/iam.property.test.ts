// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InputError } from '../src/errors.js';
import { decodeDocument, parsePolicyDocument } from '../src/iam/document.js';

/** Runs the whole decode-and-parse path; the only acceptable failure is an InputError. */
function parseOrInputError(raw: unknown): boolean {
  try {
    parsePolicyDocument(decodeDocument(raw, 'snap.yaml', 'doc'), 'p', 'snap.yaml', 'doc');
    return true;
  } catch (e) {
    if (e instanceof InputError) return true;
    throw e;
  }
}

/** Everything fc.anything can build, including null-prototype objects and sparse arrays. */
const anything = fc.anything({
  withNullPrototype: true,
  withSparseArray: true,
  withBoxedValues: true,
  withObjectString: true,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
});
function stringifyOrUndefined(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

const scalar = fc.oneof(fc.string(), fc.bigInt(), fc.constant(Symbol('s')), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const stringOrList = fc.oneof(fc.string(), fc.constantFrom('*', 'dynamodb:GetItem', 'arn:aws:dynamodb:*'), fc.array(scalar, { maxLength: 3 }), scalar);

/** Statements close to valid, so the parser gets past the outer checks and into the details. */
const nearStatement = fc.record(
  {
    Sid: scalar,
    Effect: fc.oneof(fc.constantFrom('Allow', 'Deny', 'allow'), scalar),
    Action: stringOrList,
    NotAction: stringOrList,
    Resource: stringOrList,
    NotResource: stringOrList,
    Principal: fc.oneof(fc.constant('*'), fc.dictionary(fc.constantFrom('AWS', 'Federated', 'Service', 'CanonicalUser', 'Other'), stringOrList), anything),
    Condition: fc.oneof(fc.dictionary(fc.string(), fc.dictionary(fc.string(), fc.oneof(stringOrList, anything))), anything),
  },
  { requiredKeys: [] },
);
/** A statement valid up to its Principal and Condition, so those are reached on every run. */
const validUpToDetails = fc.record(
  {
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: fc.constant('dynamodb:GetItem'),
    Principal: nearStatement.map((s) => s.Principal),
    Condition: fc.oneof(fc.dictionary(fc.string(), fc.dictionary(fc.string(), fc.oneof(anything, fc.array(anything, { maxLength: 3 })))), anything),
  },
  { requiredKeys: ['Effect', 'Action'] },
);
const anyStatement = fc.oneof(nearStatement, validUpToDetails);
const nearDocument = fc.record(
  {
    Version: fc.oneof(fc.constantFrom('2012-10-17', '2008-10-17'), scalar),
    Statement: fc.oneof(anyStatement, fc.array(anyStatement, { maxLength: 4 }), anything),
  },
  { requiredKeys: [] },
);

describe('decodeDocument + parsePolicyDocument never throw anything but InputError', () => {
  it('on arbitrary values', () => {
    fc.assert(fc.property(anything, parseOrInputError), { numRuns: 1000 });
  });

  it('on arbitrary JSON text, plain and URL-encoded', () => {
    fc.assert(
      fc.property(fc.json(), fc.boolean(), (json, encode) => parseOrInputError(encode ? encodeURIComponent(json) : json)),
      { numRuns: 1000 },
    );
  });

  it('on random strings, including broken percent-escapes', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[%{}[\]":,A-F0-9+ ]{0,40}$/));
    fc.assert(fc.property(text, parseOrInputError), { numRuns: 1000 });
  });

  it('on near-valid documents, as objects and as encoded strings', () => {
    fc.assert(
      fc.property(nearDocument, fc.constantFrom('object', 'json', 'url'), (document, form) => {
        if (form === 'object') return parseOrInputError(document);
        const json = stringifyOrUndefined(document);
        // BigInts cannot be written as JSON; such a document exists only in the object form.
        fc.pre(json !== undefined);
        return parseOrInputError(form === 'json' ? json : encodeURIComponent(json!));
      }),
      { numRuns: 2000 },
    );
  });

  it('parses a valid document it has written itself', () => {
    const action = fc.stringMatching(/^[a-z0-9]{1,10}:[A-Za-z*?]{1,12}$/);
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 4 }), fc.constantFrom('Allow', 'Deny'), (actions, effect) => {
        const raw = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: effect, Action: actions, Resource: '*' } }));
        const parsed = parsePolicyDocument(decodeDocument(raw, 'f', 'p'), 's');
        expect(parsed.statements[0]?.action).toEqual(actions);
      }),
      { numRuns: 200 },
    );
  });
});

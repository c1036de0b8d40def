import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { actionMatches, globMatches, globStats, resourceMatches } from '../src/iam/match.js';

describe('glob matching (issue 8 D8): IAM semantics', () => {
  it.each([
    ['*', '', true],
    ['*', 'a/b:c', true],
    ['?', '', false],
    ['?', 'a', true],
    ['a*b', 'ab', true],
    ['a*b', 'axxb', true],
    ['a*b', 'axxbc', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*b*', 'aaa', false],
    ['system:serviceaccount:*:cart-sa', 'system:serviceaccount:prod:cart-sa', true],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
    ['é?', 'éü', true],
  ])('%j against %j → %s', (pattern, value, expected) => {
    expect(globMatches(pattern, value, { ignoreCase: false })).toBe(expected);
  });

  it('actions fold case, resource paths do not', () => {
    expect(actionMatches('DynamoDB:get*', 'dynamodb:GetItem')).toBe(true);
    expect(resourceMatches('arn:aws:dynamodb:*:*:table/items', 'arn:aws:dynamodb:ap-south-1:1:table/Items')).toBe(false);
    expect(resourceMatches('ARN:AWS:dynamodb:*:*:table/Items', 'arn:aws:dynamodb:ap-south-1:1:table/Items')).toBe(true);
  });

  it('agrees with an anchored regular expression on random short patterns', () => {
    const chars = fc.constantFrom('a', 'b', '*', '?', '.', '/');
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', '.', '/'), maxLength: 10 }), (pattern, value) => {
        const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[./]/, '\\$&'))).join('');
        expect(globMatches(pattern, value, { ignoreCase: false })).toBe(new RegExp(`^${source}$`, 's').test(value));
      }),
      { seed: 8, numRuns: 500 },
    );
  });
});

describe('glob matching is bounded by (value + 1) × (pattern + 1) steps, never exponential', () => {
  it.each([8, 12, 50])('"*?"×%i + "X" against a 48-character subject', (n) => {
    const pattern = `${'*?'.repeat(n)}X`;
    const value = 'system:serviceaccount:retail-store-prod:cart-sa';
    globStats.steps = 0;
    expect(globMatches(pattern, value, { ignoreCase: false })).toBe(false);
    expect(globStats.steps).toBeLessThanOrEqual((value.length + 1) * (pattern.length + 1));
    // The counter counts: at least one step per value character (a counter stuck at 0 would pass the bound).
    expect(globStats.steps).toBeGreaterThanOrEqual(value.length);
  });

  it('a 5,000-character value against "*a*a*a*b" stays within the bound', () => {
    const value = 'a'.repeat(5000);
    globStats.steps = 0;
    expect(globMatches('*a*a*a*b', value, { ignoreCase: true })).toBe(false);
    expect(globStats.steps).toBeLessThanOrEqual(5001 * 9);
  });
});

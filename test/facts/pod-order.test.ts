/** Pods are listed in localeCompare order; compareNames gives that order without building a collator. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compareNames } from '../../src/facts/pod-facts.js';

const dnsName = fc.string({ unit: fc.constantFrom('a', 'b', 'z', '0', '9', '-', '.'), maxLength: 12 });
const anyName = fc.string({ unit: fc.constantFrom('a', 'B', 'é', '_', '0', '-', '.', ' ', 'Z'), maxLength: 8 });

describe('compareNames', () => {
  it.each([
    ['DNS names', dnsName],
    ['any other names', anyName],
  ])('orders %s as localeCompare does', (_what, arb) => {
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        expect(Math.sign(compareNames(a, b))).toBe(Math.sign(a.localeCompare(b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts pod names as kubectl users expect', () => {
    expect(['cart-9', 'cart-10', 'cart.b', 'cart-a', 'cart'].sort(compareNames)).toEqual(['cart', 'cart-10', 'cart-9', 'cart-a', 'cart.b']);
  });
});

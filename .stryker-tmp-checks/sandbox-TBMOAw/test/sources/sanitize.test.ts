// @ts-nocheck
import { describe, it, expect } from '@jest/globals';
import { sanitizeObject } from '../../src/sources/sanitize.js';

describe('sanitizeObject annotations', () => {
  const deployment = (annotations: Record<string, string>) =>
    sanitizeObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cart', namespace: 'carts', annotations } });

  it("keeps cart-doctor's own suppression annotations (check ids and a reason, not secrets)", () => {
    const kept = deployment({ 'cart-doctor.io/ignore': 'table.billing-mode,region.match', 'cart-doctor.io/ignore-reason': 'provisioned on purpose' });
    expect(kept.metadata.annotations).toEqual({
      'cart-doctor.io/ignore': 'table.billing-mode,region.match',
      'cart-doctor.io/ignore-reason': 'provisioned on purpose',
    });
  });

  it('still replaces other annotations under cart-doctor.io/ and look-alike keys', () => {
    const kept = deployment({ 'cart-doctor.io/ignored-token': 'hunter2', 'cart-doctor.io/ignore-reasons': 'x', 'example.com/cart-doctor.io/ignore': 'y' })
      .metadata.annotations as Record<string, string>;
    for (const value of Object.values(kept)) expect(value).toMatch(/^<redacted/);
  });
});

import { describe, expect, it } from '@jest/globals';
import { parseConfig, resolveConfig } from '../../src/config/resolve.js';
import { InputError } from '../../src/errors.js';

describe('config resolution', () => {
  it('flags over config over snapshot target over preset', async () => {
    const config = await parseConfig('preset: retail-store\ntarget: { namespace: from-config, table: ConfigTable }\n', 'c.yaml');
    const { target, expect: e } = resolveConfig({
      config,
      snapshotTarget: { namespace: 'from-snapshot', deployment: 'snap-dep', table: 'SnapTable' },
      flags: { table: 'FlagTable' },
    });
    expect(target).toMatchObject({ namespace: 'from-config', deployment: 'snap-dep', serviceAccount: 'carts', table: 'FlagTable' });
    expect(e.preset).toBe('retail-store');
  });

  it("a snapshot's recorded preset applies when neither a flag nor the config names one", async () => {
    expect(resolveConfig({ snapshotTarget: { preset: 'retail-store' }, flags: {} }).expect.preset).toBe('retail-store');
    expect(resolveConfig({ snapshotTarget: { preset: 'retail-store' }, flags: {} }).target).not.toHaveProperty('preset');
    expect(resolveConfig({ preset: 'guide', snapshotTarget: { preset: 'retail-store' }, flags: {} }).expect.preset).toBe('guide');
    expect(resolveConfig({ config: await parseConfig('preset: guide\n', 'c.yaml'), snapshotTarget: { preset: 'retail-store' }, flags: {} }).expect.preset).toBe(
      'guide',
    );
  });

  it('guide preset is SPEC §2.1', () => {
    const { target, expect: e } = resolveConfig({ flags: {} });
    expect(target).toEqual({ namespace: 'retail-store-prod', deployment: 'cart-deployment', serviceAccount: 'cart-sa', table: 'Items' });
    expect(e.partitionKey).toEqual({ name: 'id', type: 'S' });
    expect(e.billingMode).toBe('PAY_PER_REQUEST');
    expect(e.permissions.map((p) => p.action)).toEqual(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan'].map((a) => `dynamodb:${a}`));
    expect(e.permissions.every((p) => p.on === 'table')).toBe(true);
    expect(e.tableNameVars[0]).toBe('TABLE_NAME');
  });

  it('retail-store preset is SPEC §2.1', () => {
    const { target, expect: e } = resolveConfig({ preset: 'retail-store', flags: {} });
    expect(target).toMatchObject({ namespace: 'carts', deployment: 'carts', serviceAccount: 'carts' });
    expect(e.tableNameVars[0]).toBe('RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME');
    expect(e.requiredVars).toEqual([{ name: 'RETAIL_CART_PERSISTENCE_PROVIDER', equals: 'dynamodb' }]);
    expect(e.gsis).toEqual([{ name: 'idx_global_customerId', hashKey: { name: 'customerId', type: 'S' } }]);
    expect(e.permissions).toContainEqual({ action: 'dynamodb:Query', on: { index: 'idx_global_customerId' } });
    expect(e.permissions.filter((p) => p.on === 'table').map((p) => p.action)).toEqual(
      ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'].map((a) => `dynamodb:${a}`),
    );
    expect(e.legacyVarPatterns).toEqual(['CARTS_DYNAMODB_*']);
  });

  it("expectations in the config file replace the preset's", async () => {
    const config = await parseConfig(
      'expectations:\n  permissions: [{ action: "dynamodb:GetItem" }, { action: "dynamodb:Query", index: byCustomer }]\n',
      'c.yaml',
    );
    expect(resolveConfig({ config, flags: {} }).expect.permissions).toEqual([
      { action: 'dynamodb:GetItem', on: 'table' },
      { action: 'dynamodb:Query', on: { index: 'byCustomer' } },
    ]);
  });

  it.each([
    ['target: { namespace: 3 }\n', 'target.namespace'],
    ['preset: prod\n', 'preset'],
    ['expectations: { billingMode: FREE }\n', 'expectations.billingMode'],
    ['unknown: 1\n', 'top level'],
  ])('invalid config %j → InputError at %s', async (text, place) => {
    let err: unknown;
    try {
      await parseConfig(text, 'c.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).line()).toContain(`c.yaml: ${place}`);
  });
});

import { describe, expect, it } from '@jest/globals';
import check from '../../src/checks/env.table-name.js';
import type { CheckContext } from '../../src/checks/lib/types.js';
import type { RequiredVar } from '../../src/config/types.js';
import type { DeploymentFact } from '../../src/facts/types.js';
import { runChecks } from '../../src/runner.js';
import { contextWith, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { add, cart, fromConfigMap, fromSecret, setRetail } from './env-fixtures.js';

const RESTART = 'kubectl -n retail-store-prod rollout restart deployment/cart-deployment';
const SET_ENV = 'kubectl -n retail-store-prod set env deployment/cart-deployment -c cart';
const RETAIL_SET_ENV = 'kubectl -n carts set env deployment/carts -c cart';

/** The guide world with other required variables than the presets have (a variable whose value nobody can know). */
function withRequired(requiredVars: RequiredVar[], change: (v: FactValues) => void = () => {}): CheckContext {
  const ctx = contextWith(change);
  return { ...ctx, expect: { ...ctx.expect, requiredVars } };
}

describe('env.table-name', () => {
  checkCases(check, [
    { name: 'TABLE_NAME=Items', ctx: () => contextWith(), status: 'pass' },
    { name: 'wrong table', ctx: () => contextWith((v) => (cart(v).env[0]!.value = 'Orders')), status: 'fail', says: ['Orders'], fix: ['TABLE_NAME=Items'] },
    { name: 'unset', ctx: () => contextWith((v) => cart(v).env.splice(0, 1)), status: 'fail', says: ['TABLE_NAME is not set'] },
    { name: 'from a Secret', ctx: () => contextWith((v) => (cart(v).env[0] = { ...fromSecret('TABLE_NAME') })), status: 'warn' },
    ...prerequisiteCases(check),
    // Mutation testing (issue #14): the exact wording, evidence and remediation users act on.
    { name: 'TABLE_NAME=Items: the whole message', ctx: () => contextWith(), status: 'pass', saysExactly: 'TABLE_NAME=Items in container cart.' },
    {
      name: 'wrong table set in env: the whole message and the fix',
      ctx: () => contextWith((v) => (cart(v).env[0]!.value = 'Orders')),
      status: 'fail',
      saysExactly: 'TABLE_NAME set in env in container cart = Orders, but the table is Items.',
      evidence: { expected: { TABLE_NAME: 'Items' }, actual: { TABLE_NAME: 'Orders' } },
      fix: [`${SET_ENV} TABLE_NAME=Items\n# Running pods keep the old environment (envFrom is read at start):\n${RESTART}`],
    },
    {
      name: 'wrong table from a ConfigMap key: the ConfigMap is patched',
      ctx: () => contextWith((v) => (cart(v).env[0] = { ...fromConfigMap('TABLE_NAME', 'Orders', 'cart-config.table') })),
      status: 'fail',
      saysExactly: 'TABLE_NAME from ConfigMap/cart-config.table (envFrom) in container cart = Orders, but the table is Items.',
      fix: [`kubectl -n retail-store-prod patch configmap cart-config -p '{"data":{"TABLE_NAME":"Items"}}'\n# Running pods`],
    },
    {
      name: 'unset: the whole message and the fix',
      ctx: () => contextWith((v) => cart(v).env.splice(0, 1)),
      status: 'fail',
      saysExactly: 'TABLE_NAME is not set in container cart.',
      fix: [`${SET_ENV} TABLE_NAME=Items\n`],
    },
    {
      name: 'no Cart container',
      ctx: () => contextWith((v) => ((v.deployment as DeploymentFact).cartContainer = 'gone')),
      status: 'fail',
      saysExactly: 'Deployment cart-deployment has no containers.',
      evidence: { expected: 'a Cart container', actual: null },
    },
    {
      name: 'Deployment not found: the skip names it',
      ctx: () => contextWith((v) => ((v.deployment as DeploymentFact).found = false)),
      status: 'skip',
      says: ['Deployment retail-store-prod/cart-deployment was not found'],
    },
    {
      name: 'from a Secret: the whole message, evidence and fix',
      ctx: () => contextWith((v) => (cart(v).env[0] = { ...fromSecret('TABLE_NAME') })),
      status: 'warn',
      saysExactly:
        'Cannot see the value of TABLE_NAME from Secret/aws-creds (envFrom) in container cart (hidden: from a Secret or redacted); it must be Items.',
      evidence: { actual: { TABLE_NAME: '(hidden)' } },
      fix: [`${SET_ENV} TABLE_NAME=Items\n${RESTART}`],
    },
    {
      name: 'an unresolved reference',
      ctx: () => contextWith((v) => (cart(v).env[0] = { ...cart(v).env[0]!, value: undefined, resolved: false })),
      status: 'warn',
      saysExactly: 'Cannot see the value of TABLE_NAME set in env in container cart (unresolved reference); it must be Items.',
      evidence: { actual: { TABLE_NAME: '(unresolved)' } },
    },
    {
      name: 'a required variable with no known value is missing: a placeholder to fill',
      ctx: () => withRequired([{ name: 'CART_MODE' }]),
      status: 'fail',
      saysExactly: 'CART_MODE is not set.',
      evidence: { expected: { TABLE_NAME: 'Items', CART_MODE: '(set)' } },
      fix: [`# CART_MODE has no value the doctor can know: put the app's value in place of <VALUE>.\n${SET_ENV} CART_MODE=<VALUE>\n`],
    },
    {
      name: 'a required variable with no known value is set: any value passes',
      ctx: () => withRequired([{ name: 'CART_MODE' }], add({ name: 'CART_MODE', value: 'x', source: 'env', redacted: false, resolved: true })),
      status: 'pass',
      evidence: { actual: { TABLE_NAME: 'Items', CART_MODE: 'x' } },
    },
    {
      name: 'a required variable with no known value, hidden: nothing to compare, a pass',
      ctx: () => withRequired([{ name: 'CART_MODE' }], add(fromSecret('CART_MODE'))),
      status: 'pass',
    },
    {
      name: 'two required values hidden: both named',
      ctx: () =>
        withRequired(
          [
            { name: 'CART_A', equals: 'a' },
            { name: 'CART_B', equals: 'b' },
          ],
          add(fromSecret('CART_A'), fromSecret('CART_B')),
        ),
      status: 'warn',
      saysExactly:
        'Cannot see the value of CART_A from Secret/aws-creds (envFrom) in container cart (hidden: from a Secret or redacted); it must be a; CART_B from Secret/aws-creds (envFrom) in container cart (hidden: from a Secret or redacted); it must be b.',
      fix: [`${SET_ENV} CART_A=a\n${SET_ENV} CART_B=b\n${RESTART}`],
    },
  ]);
  checkCases(check, [
    { name: 'retail healthy', ctx: () => contextWith(undefined, 'retail-store'), status: 'pass' },
    {
      name: 'provider in-memory',
      ctx: () => contextWith(setRetail('RETAIL_CART_PERSISTENCE_PROVIDER', 'in-memory'), 'retail-store'),
      status: 'fail',
      says: ['in-memory'],
      fix: ['RETAIL_CART_PERSISTENCE_PROVIDER=dynamodb'],
    },
    { name: 'provider unset', ctx: () => contextWith(setRetail('RETAIL_CART_PERSISTENCE_PROVIDER', undefined), 'retail-store'), status: 'fail' },
    {
      name: 'provider hidden (a Secret or redacted): a warning, never a pass',
      ctx: () =>
        contextWith((v) => {
          const e = cart(v).env;
          const i = e.findIndex((x) => x.name === 'RETAIL_CART_PERSISTENCE_PROVIDER');
          e[i] = { ...e[i]!, value: undefined, redacted: true };
        }, 'retail-store'),
      status: 'warn',
      says: ['RETAIL_CART_PERSISTENCE_PROVIDER', 'must be dynamodb'],
    },
    {
      name: 'only legacy names',
      ctx: () =>
        contextWith((v) => {
          setRetail('RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME', undefined)(v);
          add(fromConfigMap('CARTS_DYNAMODB_TABLENAME', 'Items'))(v);
        }, 'retail-store'),
      status: 'fail',
      says: ['CARTS_DYNAMODB_TABLENAME'],
    },
    { name: 'legacy beside current', ctx: () => contextWith(add(fromConfigMap('CARTS_DYNAMODB_TABLENAME', 'Items')), 'retail-store'), status: 'warn' },
    {
      name: 'retail healthy: the whole message and the evidence',
      ctx: () => contextWith(undefined, 'retail-store'),
      status: 'pass',
      saysExactly: 'RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME=Items in container cart.',
      evidence: {
        expected: { RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME: 'Items', RETAIL_CART_PERSISTENCE_PROVIDER: 'dynamodb' },
        actual: { RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME: 'Items', RETAIL_CART_PERSISTENCE_PROVIDER: 'dynamodb' },
      },
    },
    {
      name: 'the second spelling of the table variable counts',
      ctx: () =>
        contextWith((v) => {
          const e = cart(v).env.find((x) => x.name === 'RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME')!;
          e.name = 'RETAIL_CART_PERSISTENCE_DYNAMODB_TABLENAME';
        }, 'retail-store'),
      status: 'pass',
      saysExactly: 'RETAIL_CART_PERSISTENCE_DYNAMODB_TABLENAME=Items in container cart.',
    },
    {
      name: 'provider in-memory: the whole message, evidence and fix',
      ctx: () => contextWith(setRetail('RETAIL_CART_PERSISTENCE_PROVIDER', 'in-memory'), 'retail-store'),
      status: 'fail',
      saysExactly: 'RETAIL_CART_PERSISTENCE_PROVIDER=in-memory, must be dynamodb: the app never uses DynamoDB.',
      evidence: { actual: { RETAIL_CART_PERSISTENCE_PROVIDER: 'in-memory' } },
      fix: [`${RETAIL_SET_ENV} RETAIL_CART_PERSISTENCE_PROVIDER=dynamodb\n# Running pods`],
    },
    {
      name: 'provider unset: the whole message',
      ctx: () => contextWith(setRetail('RETAIL_CART_PERSISTENCE_PROVIDER', undefined), 'retail-store'),
      status: 'fail',
      saysExactly: 'RETAIL_CART_PERSISTENCE_PROVIDER is not set (must be dynamodb; the app falls back to in-memory persistence and never uses DynamoDB).',
      fix: [`${RETAIL_SET_ENV} RETAIL_CART_PERSISTENCE_PROVIDER=dynamodb\n`],
    },
    {
      name: 'provider hidden: the whole message and the fix',
      ctx: () =>
        contextWith((v) => {
          const e = cart(v).env;
          const i = e.findIndex((x) => x.name === 'RETAIL_CART_PERSISTENCE_PROVIDER');
          e[i] = { ...e[i]!, value: undefined, redacted: true };
        }, 'retail-store'),
      status: 'warn',
      saysExactly:
        'Cannot see the value of RETAIL_CART_PERSISTENCE_PROVIDER set in env in container cart (hidden: from a Secret or redacted); it must be dynamodb.',
      fix: [`${RETAIL_SET_ENV} RETAIL_CART_PERSISTENCE_PROVIDER=dynamodb\nkubectl -n carts rollout restart deployment/carts`],
    },
    {
      name: 'only legacy names: the whole message',
      ctx: () =>
        contextWith((v) => {
          setRetail('RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME', undefined)(v);
          add(fromConfigMap('CARTS_DYNAMODB_TABLENAME', 'Items'))(v);
        }, 'retail-store'),
      status: 'fail',
      saysExactly:
        'RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME is not set in container cart (the app would use its default, Items). Legacy CARTS_DYNAMODB_TABLENAME is ignored by current images.',
      evidence: { actual: { CARTS_DYNAMODB_TABLENAME: 'Items' } },
      fix: [`${RETAIL_SET_ENV} RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME=Items\n`],
    },
    {
      name: 'one legacy name beside the current one: the whole message and the fix',
      ctx: () => contextWith(add(fromConfigMap('CARTS_DYNAMODB_TABLENAME', 'Items')), 'retail-store'),
      status: 'warn',
      saysExactly:
        'RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME=Items. Legacy CARTS_DYNAMODB_TABLENAME is ignored by current images. Remove them to avoid confusion.',
      fix: [
        'kubectl -n carts set env deployment/carts CARTS_DYNAMODB_TABLENAME-   # or delete the keys from their ConfigMap\nkubectl -n carts rollout restart deployment/carts',
      ],
    },
    {
      name: 'two legacy names: both named and removed',
      ctx: () =>
        contextWith(add(fromConfigMap('CARTS_DYNAMODB_TABLENAME', 'Items'), fromConfigMap('CARTS_DYNAMODB_ENDPOINT', 'http://localhost:8000')), 'retail-store'),
      status: 'warn',
      says: ['Legacy CARTS_DYNAMODB_TABLENAME, CARTS_DYNAMODB_ENDPOINT are ignored by current images.'],
      fix: ['set env deployment/carts CARTS_DYNAMODB_TABLENAME- CARTS_DYNAMODB_ENDPOINT-   # or'],
    },
    {
      name: 'legacy names match by case: a lower-case look-alike is not one',
      ctx: () => contextWith(add(fromConfigMap('carts_dynamodb_tablename', 'Items')), 'retail-store'),
      status: 'pass',
    },
  ]);

  // The evidence lists exactly the variables the check judges, not every variable of the container.
  it('evidence names only the table, required and legacy variables', async () => {
    const [result] = await runChecks([check], contextWith(add(fromConfigMap('CARTS_DYNAMODB_TABLENAME', 'Items')), 'retail-store'));
    expect(result!.evidence).toEqual({
      expected: { RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME: 'Items', RETAIL_CART_PERSISTENCE_PROVIDER: 'dynamodb' },
      actual: { RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME: 'Items', RETAIL_CART_PERSISTENCE_PROVIDER: 'dynamodb', CARTS_DYNAMODB_TABLENAME: 'Items' },
    });
  });
});

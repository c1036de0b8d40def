// @ts-nocheck
import { describe } from '@jest/globals';
import check from '../../src/checks/env.table-name.js';
import { contextWith } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { add, cart, fromConfigMap, fromSecret, setRetail } from './env-fixtures.js';

describe('env.table-name', () => {
  checkCases(check, [
    { name: 'TABLE_NAME=Items', ctx: () => contextWith(), status: 'pass' },
    { name: 'wrong table', ctx: () => contextWith((v) => (cart(v).env[0]!.value = 'Orders')), status: 'fail', says: ['Orders'], fix: ['TABLE_NAME=Items'] },
    { name: 'unset', ctx: () => contextWith((v) => cart(v).env.splice(0, 1)), status: 'fail', says: ['TABLE_NAME is not set'] },
    { name: 'from a Secret', ctx: () => contextWith((v) => (cart(v).env[0] = { ...fromSecret('TABLE_NAME') })), status: 'warn' },
    ...prerequisiteCases(check),
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
  ]);
});

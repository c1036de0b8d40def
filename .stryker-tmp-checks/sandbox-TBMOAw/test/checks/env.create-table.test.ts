// @ts-nocheck
import { describe } from '@jest/globals';
import check from '../../src/checks/env.create-table.js';
import { contextWith } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { add, fromConfigMap, fromSecret } from './env-fixtures.js';

describe('env.create-table', () =>
  checkCases(check, [
    { name: 'none', ctx: () => contextWith(), status: 'pass' },
    { name: 'false', ctx: () => contextWith(add(fromConfigMap('RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE', 'false'))), status: 'pass' },
    {
      name: 'true through a ConfigMap',
      ctx: () => contextWith(add(fromConfigMap('CARTS_DYNAMODB_CREATETABLE', 'true'))),
      status: 'fail',
      says: ['CARTS_DYNAMODB_CREATETABLE'],
    },
    { name: 'hidden in a Secret', ctx: () => contextWith(add({ ...fromSecret('CREATE_TABLE') })), status: 'warn' },
    ...prerequisiteCases(check),
  ]));

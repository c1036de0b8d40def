// @ts-nocheck
import { describe } from '@jest/globals';
import check from '../../src/checks/table.key-schema.js';
import { REGION, contextWith, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import type { TableFact } from '../../src/facts/types.js';

const table = (v: FactValues) => v.tables[REGION] as TableFact;

describe('table.key-schema', () =>
  checkCases(check, [
    { name: 'id (S)', ctx: () => contextWith(), status: 'pass' },
    { name: 'retail-store with its GSI', ctx: () => contextWith(undefined, 'retail-store'), status: 'pass', says: ['idx_global_customerId'] },
    { name: 'id is a number', ctx: () => contextWith((v) => (table(v).attributeTypes = { id: 'N' })), status: 'fail', says: ['type N'], fix: ['create-table'] },
    {
      name: 'unexpected sort key',
      ctx: () => contextWith((v) => table(v).keySchema.push({ name: 'sk', keyType: 'RANGE' })),
      status: 'fail',
      says: ['sort key sk'],
    },
    {
      name: 'GSI missing',
      ctx: () => contextWith((v) => (table(v).gsis = []), 'retail-store'),
      status: 'fail',
      fix: ['--global-secondary-index-updates', 'customerId'],
    },
    ...prerequisiteCases(check),
  ]));

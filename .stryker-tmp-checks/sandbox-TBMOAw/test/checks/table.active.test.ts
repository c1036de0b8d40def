// @ts-nocheck
import { describe } from '@jest/globals';
import check from '../../src/checks/table.active.js';
import { REGION, contextWith, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import type { TableFact } from '../../src/facts/types.js';

const table = (v: FactValues) => v.tables[REGION] as TableFact;

describe('table.active', () =>
  checkCases(check, [
    { name: 'ACTIVE', ctx: () => contextWith(), status: 'pass' },
    { name: 'UPDATING still serves', ctx: () => contextWith((v) => (table(v).status = 'UPDATING')), status: 'pass', says: ['UPDATING'] },
    { name: 'CREATING', ctx: () => contextWith((v) => (table(v).status = 'CREATING')), status: 'fail', fix: ['aws dynamodb wait table-exists'] },
    {
      name: 'GSI CREATING',
      ctx: () => contextWith((v) => (table(v).gsis[0]!.status = 'CREATING'), 'retail-store'),
      status: 'fail',
      says: ['idx_global_customerId'],
    },
    ...prerequisiteCases(check),
  ]));

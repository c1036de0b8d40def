// @ts-nocheck
import { describe } from '@jest/globals';
import check from '../../src/checks/table.billing-mode.js';
import { REGION, contextWith, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import type { TableFact } from '../../src/facts/types.js';

const table = (v: FactValues) => v.tables[REGION] as TableFact;

describe('table.billing-mode', () =>
  checkCases(check, [
    { name: 'on-demand', ctx: () => contextWith(), status: 'pass' },
    { name: 'provisioned', ctx: () => contextWith((v) => (table(v).billingMode = 'PROVISIONED')), status: 'warn', fix: ['--billing-mode PAY_PER_REQUEST'] },
    {
      name: 'no summary = provisioned',
      ctx: () => contextWith((v) => Object.assign(table(v), { billingMode: undefined, billingModeReported: false })),
      status: 'warn',
      says: ['no BillingModeSummary'],
    },
    ...prerequisiteCases(check),
  ]));

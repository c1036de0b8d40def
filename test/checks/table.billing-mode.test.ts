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

// The exact words, evidence and command a user (or a JSON consumer) relies on.
describe('table.billing-mode: what it says, records and prints', () =>
  checkCases(check, [
    {
      name: 'on-demand: the whole message and the evidence',
      ctx: () => contextWith(),
      status: 'pass',
      saysExactly: 'Table Items bills PAY_PER_REQUEST.',
      evidence: { billingMode: 'PAY_PER_REQUEST' },
    },
    {
      name: 'PROVISIONED as reported: the whole message, evidence and command',
      ctx: () => contextWith((v) => (table(v).billingMode = 'PROVISIONED')),
      status: 'warn',
      saysExactly: 'Table Items bills PROVISIONED, expected PAY_PER_REQUEST: bursts above capacity are throttled.',
      evidence: { expected: 'PAY_PER_REQUEST', actual: 'PROVISIONED' },
      fix: [`aws dynamodb update-table --region ${REGION} --table-name Items --billing-mode PAY_PER_REQUEST`],
    },
    {
      name: 'no BillingModeSummary: PROVISIONED, and says why it thinks so',
      ctx: () => contextWith((v) => Object.assign(table(v), { billingMode: undefined, billingModeReported: false })),
      status: 'warn',
      saysExactly:
        'Table Items bills PROVISIONED (no BillingModeSummary, which means PROVISIONED), expected PAY_PER_REQUEST: bursts above capacity are throttled.',
      evidence: { expected: 'PAY_PER_REQUEST', actual: 'PROVISIONED' },
    },
  ]));

describe('table.billing-mode: the skip', () =>
  checkCases(check, [
    {
      name: 'table not found: the skip names the table and the region',
      ctx: () => contextWith((v) => (table(v).found = false)),
      status: 'skip',
      saysExactly: `table Items was not found in ${REGION} (see table.exists)`,
    },
    { name: 'table found: judged', ctx: () => contextWith(), status: 'pass' },
  ]));

import { describe } from '@jest/globals';
import tableExists from '../../src/checks/table.exists.js';
import tableActive from '../../src/checks/table.active.js';
import tableKeySchema from '../../src/checks/table.key-schema.js';
import tableBillingMode from '../../src/checks/table.billing-mode.js';
import { REGION, contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases } from '../helpers/check-cases.js';
import type { TableFact } from '../../src/facts/types.js';

const table = (v: FactValues) => v.tables[REGION] as TableFact;
const missing = (v: FactValues) => {
  v.tables[REGION] = { ...table(v), found: false };
};

describe('table.exists', () =>
  checkCases(tableExists, [
    { name: 'table in the app region', ctx: () => contextWith(), status: 'pass', message: ['Items', REGION] },
    { name: 'table missing', ctx: () => contextWith(missing), status: 'fail', fix: ['aws dynamodb create-table', '--region ap-south-1', 'AttributeName=id,AttributeType=S'] },
    {
      name: 'app calls another region where the table is not',
      ctx: () => contextWith((v) => {
        v.appRegion = { region: 'us-east-1', source: 'env', detail: 'AWS_REGION=us-east-1' };
        v.tables['us-east-1'] = { ...table(v), region: 'us-east-1', found: false };
      }),
      status: 'fail',
      message: ['us-east-1', 'exists in ap-south-1'],
      fix: ['AWS_REGION=ap-south-1'],
    },
    { name: 'DescribeTable denied to the doctor', ctx: () => contextWith((v) => (v.tables[REGION] = unavailable('dynamodb:DescribeTable'))), status: 'error' },
  ]));

describe('table.active', () =>
  checkCases(tableActive, [
    { name: 'ACTIVE', ctx: () => contextWith(), status: 'pass' },
    { name: 'UPDATING still serves', ctx: () => contextWith((v) => (table(v).status = 'UPDATING')), status: 'pass', message: ['UPDATING'] },
    { name: 'CREATING', ctx: () => contextWith((v) => (table(v).status = 'CREATING')), status: 'fail', fix: ['aws dynamodb wait table-exists'] },
    { name: 'GSI CREATING', ctx: () => contextWith((v) => (table(v).gsis[0]!.status = 'CREATING'), 'retail-store'), status: 'fail', message: ['idx_global_customerId'] },
    { name: 'table missing', ctx: () => contextWith(missing), status: 'skip' },
    { name: 'unavailable', ctx: () => contextWith((v) => (v.tables[REGION] = unavailable())), status: 'error' },
  ]));

describe('table.key-schema', () =>
  checkCases(tableKeySchema, [
    { name: 'id (S)', ctx: () => contextWith(), status: 'pass' },
    { name: 'retail-store with its GSI', ctx: () => contextWith(undefined, 'retail-store'), status: 'pass', message: ['idx_global_customerId'] },
    { name: 'id is a number', ctx: () => contextWith((v) => (table(v).attributeTypes = { id: 'N' })), status: 'fail', message: ['type N'], fix: ['create-table'] },
    { name: 'unexpected sort key', ctx: () => contextWith((v) => table(v).keySchema.push({ name: 'sk', keyType: 'RANGE' })), status: 'fail', message: ['sort key sk'] },
    { name: 'GSI missing', ctx: () => contextWith((v) => (table(v).gsis = []), 'retail-store'), status: 'fail', fix: ['--global-secondary-index-updates', 'customerId'] },
    { name: 'table missing', ctx: () => contextWith(missing), status: 'skip' },
    { name: 'unavailable', ctx: () => contextWith((v) => (v.tables[REGION] = unavailable())), status: 'error' },
  ]));

describe('table.billing-mode', () =>
  checkCases(tableBillingMode, [
    { name: 'on-demand', ctx: () => contextWith(), status: 'pass' },
    { name: 'provisioned', ctx: () => contextWith((v) => (table(v).billingMode = 'PROVISIONED')), status: 'warn', fix: ['--billing-mode PAY_PER_REQUEST'] },
    { name: 'no summary = provisioned', ctx: () => contextWith((v) => Object.assign(table(v), { billingMode: undefined, billingModeReported: false })), status: 'warn', message: ['no BillingModeSummary'] },
    { name: 'table missing', ctx: () => contextWith(missing), status: 'skip' },
    { name: 'unavailable', ctx: () => contextWith((v) => (v.tables[REGION] = unavailable())), status: 'error' },
  ]));

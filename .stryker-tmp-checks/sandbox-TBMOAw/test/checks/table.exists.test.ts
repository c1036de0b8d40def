// @ts-nocheck
import { describe } from '@jest/globals';
import check from '../../src/checks/table.exists.js';
import { REGION, contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases } from '../helpers/check-cases.js';
import type { TableFact } from '../../src/facts/types.js';

const table = (v: FactValues) => v.tables[REGION] as TableFact;

describe('table.exists', () =>
  checkCases(check, [
    { name: 'table in the app region', ctx: () => contextWith(), status: 'pass', says: ['Items', REGION] },
    {
      name: 'table missing',
      ctx: () => contextWith((v) => (v.tables[REGION] = { ...table(v), found: false })),
      status: 'fail',
      fix: ['aws dynamodb create-table', '--region ap-south-1', 'AttributeName=id,AttributeType=S'],
    },
    {
      name: 'app calls another region where the table is not',
      ctx: () =>
        contextWith((v) => {
          v.appRegion = { region: 'us-east-1', source: 'env', detail: 'AWS_REGION=us-east-1' };
          v.tables['us-east-1'] = { ...table(v), region: 'us-east-1', found: false };
        }),
      status: 'fail',
      says: ['us-east-1', 'exists in ap-south-1'],
      fix: ['AWS_REGION=ap-south-1'],
    },
    { name: 'DescribeTable denied to the doctor', ctx: () => contextWith((v) => (v.tables[REGION] = unavailable('dynamodb:DescribeTable'))), status: 'error' },
  ]));

import { describe } from '@jest/globals';
import check from '../../src/checks/local.table.js';
import { contextWith, healthyValues, REGION, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { CREATE_TABLE, cartVar, k3sContext } from '../helpers/k3s-world.js';
import type { TableFact } from '../../src/facts/types.js';

/** The retail-store table as DescribeTable on DynamoDB Local answers it. */
const localTable = (): TableFact => ({ ...(healthyValues('retail-store').tables[REGION] as TableFact), region: 'us-west-2', arn: undefined });
const createTable = (value: string) => (v: FactValues) => (cartVar(v, CREATE_TABLE).value = value);

describe('local.table', () =>
  checkCases(check, [
    { name: 'the app creates it (create-table true)', ctx: () => k3sContext(), status: 'pass', says: ['creates table Items at startup'] },
    {
      name: 'create-table off and no endpoint to look',
      ctx: () => k3sContext(createTable('false')),
      status: 'fail',
      says: ['Create-table is off', '--dynamodb-endpoint'],
      fix: ['RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE=true'],
    },
    {
      name: 'no create-table flag at all and no endpoint',
      ctx: () => k3sContext((v) => (cartVar(v, CREATE_TABLE).name = 'JAVA_OPTS')),
      status: 'fail',
      says: ['no create-table flag'],
    },
    {
      name: 'create-table off, the table exists in the local DynamoDB with its keys and index',
      ctx: () => k3sContext((v) => (createTable('false')(v), (v.localTable = localTable()))),
      status: 'pass',
      says: ['exists in the local DynamoDB (us-west-2)'],
    },
    {
      name: 'create-table off, the local DynamoDB has no such table',
      ctx: () => k3sContext((v) => (createTable('false')(v), (v.localTable = { ...localTable(), found: false }))),
      status: 'fail',
      says: ['is not in the local DynamoDB'],
    },
    {
      name: 'create-table on, the table is not there yet',
      ctx: () => k3sContext((v) => (v.localTable = { ...localTable(), found: false })),
      status: 'warn',
      says: ['are the Cart pods running?'],
    },
    {
      name: 'the local table lacks the GSI the app queries',
      ctx: () => k3sContext((v) => (createTable('false')(v), (v.localTable = { ...localTable(), gsis: [] }))),
      status: 'fail',
      symptom: 'ValidationException',
      says: ['index idx_global_customerId is missing'],
    },
    {
      name: 'the local table has another partition key',
      ctx: () => k3sContext((v) => (v.localTable = { ...localTable(), keySchema: [{ name: 'pk', keyType: 'HASH' }] })),
      status: 'fail',
      symptom: 'ValidationException',
      says: ['partition key is pk, expected id'],
    },
    {
      name: 'the local DynamoDB cannot be reached',
      ctx: () => k3sContext((v) => (v.localTable = unavailable('dynamodb:DescribeTable'))),
      status: 'error',
    },
    {
      name: 'the flag comes from a Secret and cannot be seen',
      ctx: () => k3sContext((v) => Object.assign(cartVar(v, CREATE_TABLE), { value: undefined, from: 'Secret/flags' })),
      status: 'warn',
    },
    { name: 'on EKS it is not judged', ctx: () => contextWith(), status: 'skip', says: ['only on K3s'] },
    ...prerequisiteCases(check, { world: k3sContext }),
  ]));

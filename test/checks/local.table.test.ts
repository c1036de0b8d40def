import { describe } from '@jest/globals';
import check from '../../src/checks/local.table.js';
import { contextWith, healthyValues, REGION, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { CREATE_TABLE, cartVar, k3sContext } from '../helpers/k3s-world.js';
import type { DeploymentFact, TableFact } from '../../src/facts/types.js';

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
    {
      name: 'the app creates it: the exact pass names the flag, where it comes from and its value',
      ctx: () => k3sContext(),
      status: 'pass',
      saysExactly: `The app creates table Items at startup (${CREATE_TABLE} from ConfigMap/carts (envFrom) in container cart = true).`,
    },
    {
      name: 'a truthy flag of an init container does not create the table for the app',
      ctx: () =>
        k3sContext((v) => {
          const d = v.deployment as DeploymentFact;
          createTable('false')(v);
          d.containers.push({ ...d.containers[0]!, name: 'migrate', init: true, env: [{ ...cartVar(v, CREATE_TABLE), value: 'true' }] });
        }),
      status: 'fail',
      saysExactly:
        `Create-table is off (${CREATE_TABLE}=false) and nothing else creates table Items: DynamoDB Local starts empty. ` +
        'Pass --dynamodb-endpoint URL to look at a running one.',
      evidence: { expected: 'a truthy create-table flag, or the table in the local DynamoDB', actual: `${CREATE_TABLE}=false` },
      fix: [
        '# Let the app create its table at startup (retail store variable shown; use the one your app reads):\n' +
          `kubectl -n carts set env deployment/carts ${CREATE_TABLE}=true\n` +
          'kubectl -n carts rollout restart deployment/carts',
      ],
    },
    {
      name: 'a hidden flag beside one that is off: the warn names the hidden one',
      ctx: () =>
        k3sContext((v) => {
          createTable('false')(v);
          (v.deployment as DeploymentFact).containers[0]!.env.push({
            name: 'CREATETABLE',
            value: undefined,
            source: 'envFrom:secret',
            from: 'Secret/flags',
            redacted: true,
            resolved: true,
          });
        }),
      status: 'warn',
      saysExactly:
        'Cannot see the value of CREATETABLE from Secret/flags (envFrom) in container cart; unless it is true, table Items must exist already (pass --dynamodb-endpoint to look).',
      evidence: { hidden: 'CREATETABLE' },
    },
    {
      name: 'two flags off, the table missing in the local DynamoDB: the exact failure, evidence and fix',
      ctx: () =>
        k3sContext((v) => {
          createTable('false')(v);
          (v.deployment as DeploymentFact).containers[0]!.env.push({ name: 'APP_CREATE_TABLE', value: 'no', source: 'env', redacted: false, resolved: true });
          v.localTable = { ...localTable(), found: false };
        }),
      status: 'fail',
      saysExactly: `Table Items is not in the local DynamoDB (us-west-2) and create-table is off (${CREATE_TABLE}=false, APP_CREATE_TABLE=no).`,
      evidence: { expected: { table: 'Items' }, actual: 'ResourceNotFoundException', createTable: `${CREATE_TABLE}=false, APP_CREATE_TABLE=no` },
      fix: [
        'kubectl -n carts rollout restart deployment/carts\n# or create it once in the local DynamoDB (port-forwarded to localhost:8000):\n# aws dynamodb create-table --region us-west-2 --table-name Items \\',
        `"KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]' --endpoint-url http://localhost:8000`,
      ],
    },
    {
      name: 'create-table on, the table not there yet: the exact warn and evidence',
      ctx: () => k3sContext((v) => (v.localTable = { ...localTable(), found: false })),
      status: 'warn',
      saysExactly:
        `Table Items is not in the local DynamoDB (us-west-2) yet; the app creates it at startup (${CREATE_TABLE} from ConfigMap/carts (envFrom) in container cart): ` +
        'are the Cart pods running?',
      evidence: { createTable: CREATE_TABLE },
    },
    {
      name: 'the table exists with its keys and index: the exact pass and evidence',
      ctx: () => k3sContext((v) => (createTable('false')(v), (v.localTable = localTable()))),
      status: 'pass',
      saysExactly: 'Table Items exists in the local DynamoDB (us-west-2) with partition key id and its indexes.',
      evidence: { actual: { keySchema: [{ name: 'id', keyType: 'HASH' }], indexes: ['idx_global_customerId'] } },
    },
    {
      name: 'the table exists and the app expects no index: the pass says nothing of indexes',
      ctx: () => {
        const ctx = k3sContext((v) => (createTable('false')(v), (v.localTable = localTable())));
        return { ...ctx, expect: { ...ctx.expect, gsis: [] } };
      },
      status: 'pass',
      saysExactly: 'Table Items exists in the local DynamoDB (us-west-2) with partition key id.',
    },
    {
      name: 'another partition key and no index: every problem, in order, with evidence and fix',
      ctx: () => k3sContext((v) => (v.localTable = { ...localTable(), keySchema: [{ name: 'pk', keyType: 'HASH' }], gsis: [] })),
      status: 'fail',
      symptom: 'ValidationException',
      saysExactly: 'Table Items in the local DynamoDB (us-west-2): partition key is pk, expected id; index idx_global_customerId is missing.',
      evidence: { expected: { partitionKey: { name: 'id' } }, actual: { keySchema: [{ name: 'pk', keyType: 'HASH' }], indexes: [] } },
      fix: ['# DynamoDB Local holds only test data: delete the table and let the app create it again (create-table on), or create it with the expected keys.'],
    },
    {
      name: 'the Deployment is missing: the skip names it',
      ctx: () => k3sContext((v) => ((v.deployment as DeploymentFact).found = false)),
      status: 'skip',
      saysExactly: 'Deployment carts/carts was not found (see deployment.service-account)',
    },
    {
      name: 'a hidden flag and no table in the local DynamoDB: the failure shows the flag as hidden, never a value',
      ctx: () =>
        k3sContext((v) => {
          Object.assign(cartVar(v, CREATE_TABLE), { value: undefined, source: 'envFrom:secret', from: 'Secret/flags' });
          v.localTable = { ...localTable(), found: false };
        }),
      status: 'fail',
      saysExactly: `Table Items is not in the local DynamoDB (us-west-2) and create-table is off (${CREATE_TABLE}=(hidden)).`,
    },
    ...prerequisiteCases(check, { world: k3sContext }),
  ]));

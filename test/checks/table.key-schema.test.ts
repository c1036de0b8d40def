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

// The exact words, evidence and commands a user (or a JSON consumer) relies on, branch by branch.
const RECREATE = [
  '# Key schemas cannot be changed. Back up or migrate the data, delete the table and create it again. Commented out on purpose: deleting a table loses its data, so run these by hand once the data is safe.',
  `# aws dynamodb delete-table --region ${REGION} --table-name Items`,
  `# aws dynamodb wait table-not-exists --region ${REGION} --table-name Items`,
  `# aws dynamodb create-table --region ${REGION} --table-name Items \\`,
  '#   --attribute-definitions AttributeName=id,AttributeType=S \\',
].join('\n');
const ADD_INDEX =
  `# Add the index:\naws dynamodb update-table --region ${REGION} --table-name Items \\\n  --attribute-definitions AttributeName=customerId,AttributeType=S \\\n` +
  `  --global-secondary-index-updates '[{"Create":{"IndexName":"idx_global_customerId","KeySchema":[{"AttributeName":"customerId","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]'`;
const GSI = { name: 'idx_global_customerId', hashKey: { name: 'customerId', type: 'S' } };
const NO_INDEX = `the app's Query on it fails with "The table does not have the specified index".`;

describe('table.key-schema: what it says, records and prints', () =>
  checkCases(check, [
    {
      name: 'guide: the whole message and the observed keys in the evidence',
      ctx: () => contextWith(),
      status: 'pass',
      saysExactly: 'Table Items has partition key id (S), no sort key.',
      evidence: { actual: { keySchema: [{ name: 'id', keyType: 'HASH' }], attributeTypes: { id: 'S' }, indexes: [] } },
    },
    {
      name: 'retail-store: names the index, lists it in the evidence',
      ctx: () => contextWith(undefined, 'retail-store'),
      status: 'pass',
      saysExactly: 'Table Items has partition key id (S), no sort key and index idx_global_customerId.',
      evidence: { actual: { indexes: ['idx_global_customerId'] } },
    },
    {
      name: 'wrong key type: the whole message, evidence and the commented-out recreate snippet',
      ctx: () => contextWith((v) => (table(v).attributeTypes = { id: 'N' })),
      status: 'fail',
      saysExactly: 'Table Items: partition key id has type N, expected S.',
      evidence: { expected: { partitionKey: { name: 'id', type: 'S' }, sortKey: null }, actual: { attributeTypes: { id: 'N' } } },
      fix: [RECREATE, '#   --billing-mode PAY_PER_REQUEST'],
    },
    {
      name: 'key type not defined: said as unknown',
      ctx: () => contextWith((v) => (table(v).attributeTypes = {})),
      status: 'fail',
      saysExactly: 'Table Items: partition key id has type unknown, expected S.',
    },
    {
      name: 'another partition key and a sort key: both problems, in order',
      ctx: () =>
        contextWith(
          (v) =>
            (table(v).keySchema = [
              { name: 'pk', keyType: 'HASH' },
              { name: 'sk', keyType: 'RANGE' },
            ]),
        ),
      status: 'fail',
      saysExactly: 'Table Items: partition key is pk, expected id; unexpected sort key sk.',
    },
    {
      name: 'no HASH key reported: partition key missing',
      ctx: () => contextWith((v) => (table(v).keySchema = [])),
      status: 'fail',
      saysExactly: 'Table Items: partition key is missing, expected id.',
    },
    {
      name: 'two HASH keys (a malformed answer): both named, never a pass',
      ctx: () =>
        contextWith(
          (v) =>
            (table(v).keySchema = [
              { name: 'id', keyType: 'HASH' },
              { name: 'other', keyType: 'HASH' },
            ]),
        ),
      status: 'fail',
      saysExactly: 'Table Items: partition key is id, other, expected id.',
    },
    {
      name: 'two sort keys listed: both named',
      ctx: () => contextWith((v) => table(v).keySchema.push({ name: 'sk', keyType: 'RANGE' }, { name: 'sk2', keyType: 'RANGE' })),
      status: 'fail',
      saysExactly: 'Table Items: unexpected sort key sk, sk2.',
    },
    {
      name: 'index missing: the whole message, evidence and the update-table command',
      ctx: () => contextWith((v) => (table(v).gsis = []), 'retail-store'),
      status: 'fail',
      saysExactly: `Table Items: index idx_global_customerId is missing; ${NO_INDEX}`,
      evidence: { expected: GSI, actual: { indexes: [] } },
      fix: [ADD_INDEX],
    },
    {
      name: 'index on another attribute: names the hash key found and its type',
      ctx: () =>
        contextWith((v) => {
          table(v).gsis[0]!.keySchema = [{ name: 'cid', keyType: 'HASH' }];
          table(v).attributeTypes.cid = 'N';
        }, 'retail-store'),
      status: 'fail',
      saysExactly: `Table Items: index idx_global_customerId has hash key cid (N); ${NO_INDEX}`,
      fix: [ADD_INDEX],
    },
    {
      name: 'index hash key of the wrong type',
      ctx: () => contextWith((v) => (table(v).attributeTypes.customerId = 'N'), 'retail-store'),
      status: 'fail',
      saysExactly: `Table Items: index idx_global_customerId has hash key customerId (N); ${NO_INDEX}`,
    },
    {
      name: 'index with no hash key reported',
      ctx: () => contextWith((v) => (table(v).gsis[0]!.keySchema = [{ name: 'customerId', keyType: 'RANGE' }]), 'retail-store'),
      status: 'fail',
      saysExactly: `Table Items: index idx_global_customerId has hash key none (?); ${NO_INDEX}`,
    },
    {
      name: 'the expected index after another one: found by its name',
      ctx: () =>
        contextWith((v) => table(v).gsis.unshift({ name: 'idx_other', status: 'ACTIVE', keySchema: [{ name: 'other', keyType: 'HASH' }] }), 'retail-store'),
      status: 'pass',
    },
  ]));

describe('table.key-schema: the skip', () =>
  checkCases(check, [
    {
      name: 'table not found: the skip names the table and the region',
      ctx: () => contextWith((v) => (table(v).found = false)),
      status: 'skip',
      saysExactly: `table Items was not found in ${REGION} (see table.exists)`,
    },
    {
      name: 'two expected indexes present: both named in order',
      ctx: () => {
        const ctx = contextWith((v) => {
          table(v).gsis.push({ name: 'idx_second', status: 'ACTIVE', keySchema: [{ name: 'x', keyType: 'HASH' }] });
          table(v).attributeTypes.x = 'S';
        }, 'retail-store');
        return { ...ctx, expect: { ...ctx.expect, gsis: [...ctx.expect.gsis, { name: 'idx_second', hashKey: { name: 'x', type: 'S' as const } }] } };
      },
      status: 'pass',
      saysExactly: 'Table Items has partition key id (S), no sort key and index idx_global_customerId, idx_second.',
    },
  ]));

/** lib/key-schema: what is wrong with a table's keys and indexes, shared by table.key-schema and local.table. */
import { describe, expect, it } from '@jest/globals';
import { indexProblem, keyProblems } from '../../../src/checks/lib/key-schema.js';
import type { GsiExpectation, KeyExpectation } from '../../../src/config/types.js';
import type { TableFact } from '../../../src/facts/types.js';
import { REGION, healthyValues } from '../../helpers/fake-facts.js';

const PK: KeyExpectation = { name: 'id', type: 'S' };
const GSI: GsiExpectation = { name: 'idx_global_customerId', hashKey: { name: 'customerId', type: 'S' } };
const table = (change: Partial<TableFact> = {}): TableFact => ({ ...(healthyValues('retail-store').tables[REGION] as TableFact), ...change });

describe('keyProblems', () => {
  it('none when there is one HASH key of the expected name and type and no RANGE key', () => {
    expect(keyProblems(table(), PK)).toEqual([]);
  });
  it.each([
    ['another partition key', { keySchema: [{ name: 'pk', keyType: 'HASH' }] }, ['partition key is pk, expected id']],
    ['no partition key', { keySchema: [] }, ['partition key is missing, expected id']],
    [
      'two HASH keys',
      {
        keySchema: [
          { name: 'id', keyType: 'HASH' },
          { name: 'x', keyType: 'HASH' },
        ],
      },
      ['partition key is id, x, expected id'],
    ],
    ['another type', { attributeTypes: { id: 'N' } }, ['partition key id has type N, expected S']],
    ['no type defined', { attributeTypes: {} }, ['partition key id has type unknown, expected S']],
    [
      'a sort key beside a wrong partition key',
      {
        keySchema: [
          { name: 'pk', keyType: 'HASH' },
          { name: 'sk', keyType: 'RANGE' },
          { name: 'sk2', keyType: 'RANGE' },
        ],
      },
      ['partition key is pk, expected id', 'unexpected sort key sk, sk2'],
    ],
  ] as [string, Partial<TableFact>, string[]][])('%s', (_name, change, problems) => {
    expect(keyProblems(table(change as Partial<TableFact>), PK)).toEqual(problems);
  });
});

describe('indexProblem', () => {
  it('none when every expected index has its hash key, of its type', () => {
    expect(indexProblem(table(), [GSI])).toBeUndefined();
    expect(indexProblem(table({ gsis: [] }), [])).toBeUndefined();
  });
  it('found by name among others', () => {
    const other = { name: 'idx_other', status: 'ACTIVE', keySchema: [{ name: 'other', keyType: 'HASH' }] };
    expect(indexProblem(table({ gsis: [other, ...table().gsis] }), [GSI])).toBeUndefined();
  });
  it('missing', () => {
    expect(indexProblem(table({ gsis: [] }), [GSI])).toEqual({ gsi: GSI, index: undefined, observed: 'is missing' });
  });
  it('another hash key, with its type', () => {
    const index = {
      name: GSI.name,
      status: 'ACTIVE',
      keySchema: [
        { name: 'cid', keyType: 'RANGE' },
        { name: 'cid2', keyType: 'HASH' },
      ],
    };
    expect(indexProblem(table({ gsis: [index], attributeTypes: { id: 'S', cid2: 'N' } }), [GSI])).toEqual({
      gsi: GSI,
      index,
      observed: 'has hash key cid2 (N)',
    });
  });
  it('the right hash key of another type', () => {
    expect(indexProblem(table({ attributeTypes: { id: 'S', customerId: 'N' } }), [GSI])?.observed).toBe('has hash key customerId (N)');
  });
  it('no hash key', () => {
    const index = { name: GSI.name, status: 'ACTIVE', keySchema: [] };
    expect(indexProblem(table({ gsis: [index] }), [GSI])?.observed).toBe('has hash key none (?)');
  });
  it('the first expected index with a problem', () => {
    const second: GsiExpectation = { name: 'idx_second', hashKey: { name: 'x', type: 'S' } };
    expect(indexProblem(table(), [GSI, second])?.gsi).toBe(second);
  });
});

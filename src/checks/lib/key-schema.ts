/** What is wrong with a table's keys and indexes against the expectations: shared by table.key-schema and local.table. */
import type { Expectations, GsiExpectation } from '../../config/types.js';
import type { IndexFact, TableFact } from '../../facts/types.js';

/** "partition key is pk, expected id", "unexpected sort key sk"; empty when the keys are right. */
export function keyProblems(table: TableFact, want: Expectations['partitionKey']): string[] {
  const hash = table.keySchema.filter((k) => k.keyType === 'HASH');
  const range = table.keySchema.filter((k) => k.keyType === 'RANGE');
  const hashType = hash[0] ? table.attributeTypes[hash[0].name] : undefined;
  const problems: string[] = [];
  if (hash.length !== 1 || hash[0]!.name !== want.name)
    problems.push(`partition key is ${hash.map((k) => k.name).join(', ') || 'missing'}, expected ${want.name}`);
  else if (hashType !== want.type) problems.push(`partition key ${want.name} has type ${hashType ?? 'unknown'}, expected ${want.type}`);
  if (range.length > 0) problems.push(`unexpected sort key ${range.map((k) => k.name).join(', ')}`);
  return problems;
}

/** The first expected index that is missing or has another hash key, with what was found. */
export function indexProblem(table: TableFact, gsis: readonly GsiExpectation[]): { gsi: GsiExpectation; index?: IndexFact; observed: string } | undefined {
  for (const gsi of gsis) {
    const index = table.gsis.find((g) => g.name === gsi.name);
    const indexHash = index?.keySchema.find((k) => k.keyType === 'HASH');
    if (!index || indexHash?.name !== gsi.hashKey.name || table.attributeTypes[gsi.hashKey.name] !== gsi.hashKey.type) {
      const observed = index ? `has hash key ${indexHash?.name ?? 'none'} (${table.attributeTypes[indexHash?.name ?? ''] ?? '?'})` : 'is missing';
      return { gsi, index, observed };
    }
  }
  return undefined;
}

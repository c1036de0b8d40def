import { createTableCommand, foundTable } from './lib/support.js';
import { comment, snippet } from './lib/fix.js';
import { indexProblem, keyProblems } from './lib/key-schema.js';
import { defineCheck, fail, pass, skip } from './lib/types.js';

export default defineCheck({
  meta: {
    id: 'table.key-schema',
    dependsOn: ['table.exists'],
    title: 'The table has the partition key the app writes, no sort key, and the indexes it queries',
    symptom: 'ValidationException',
    docs:
      'Compares KeySchema and AttributeDefinitions with the expected partition key (guide: id, String): exactly one HASH ' +
      'key of that name and type and no RANGE key, else every PutItem/GetItem fails with ValidationException. Every GSI the ' +
      'preset expects (retail-store: idx_global_customerId on customerId) must exist with its hash key, else the startup ' +
      'Query fails with "The table does not have the specified index".',
    remediation: 'Recreate the table with the expected key schema (keys cannot be changed), or add the missing index.',
  },
  async run(ctx) {
    const { target, expect } = ctx;
    const { region, table } = await foundTable(ctx);
    if (!table.found) return skip('table.exists', `table ${target.table} was not found in ${region}`);
    const want = expect.partitionKey;
    const actual = { keySchema: table.keySchema, attributeTypes: table.attributeTypes, indexes: table.gsis.map((g) => g.name) };
    const problems = keyProblems(table, want);
    if (problems.length > 0) {
      return fail(
        `Table ${target.table}: ${problems.join('; ')}.`,
        { expected: { partitionKey: want, sortKey: null }, actual },
        snippet(
          comment(
            'Key schemas cannot be changed. Back up or migrate the data, delete the table and create it again. Commented out on purpose: deleting a table loses its data, so run these by hand once the data is safe.',
          ),
          comment(`aws dynamodb delete-table --region ${region} --table-name ${target.table}`),
          comment(`aws dynamodb wait table-not-exists --region ${region} --table-name ${target.table}`),
          comment(createTableCommand(target, expect, region)),
        ),
      );
    }
    const missing = indexProblem(table, expect.gsis);
    if (missing) {
      const { gsi, observed } = missing;
      const create = {
        Create: { IndexName: gsi.name, KeySchema: [{ AttributeName: gsi.hashKey.name, KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
      };
      return fail(
        `Table ${target.table}: index ${gsi.name} ${observed}; the app's Query on it fails with "The table does not have the specified index".`,
        { expected: gsi, actual },
        `# Add the index:\naws dynamodb update-table --region ${region} --table-name ${target.table} \\\n  --attribute-definitions AttributeName=${gsi.hashKey.name},AttributeType=${gsi.hashKey.type} \\\n  --global-secondary-index-updates '${JSON.stringify([create])}'`,
      );
    }
    const gsis = expect.gsis.length ? ` and index ${expect.gsis.map((g) => g.name).join(', ')}` : '';
    return pass(`Table ${target.table} has partition key ${want.name} (${want.type}), no sort key${gsis}.`, { actual });
  },
});

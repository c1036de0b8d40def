import { describeHit, findVars, isCreateTableFlag, isTruthy, shownValue } from './lib/env-patterns.js';
import { comment, restartCommand, snippet } from './lib/fix.js';
import { indexProblem, keyProblems } from './lib/key-schema.js';
import { createTableCommand } from './lib/support.js';
import { defineCheck, fail, pass, skip, warn } from './lib/types.js';

export default defineCheck({
  meta: {
    id: 'local.table',
    dependsOn: ['deployment.service-account'],
    platforms: ['k3s'],
    title: 'The table is created by the app, or exists in the local DynamoDB with the expected keys',
    symptom: 'ResourceNotFoundException',
    docs:
      'K3s only. DynamoDB Local starts empty (the amazon/dynamodb-local image keeps tables in memory), so on K3s the app ' +
      'creates its table: a truthy create-table flag (any *CREATE_TABLE* / *CREATETABLE* variable) passes. Without one, ' +
      'the table must already exist: with `--dynamodb-endpoint URL` (e.g. after `kubectl port-forward svc/carts-dynamodb ' +
      '8000`) the doctor asks that DynamoDB with the same read-only DescribeTable as table.exists and checks the key schema ' +
      'and indexes as table.key-schema does. Without the flag and without an endpoint to ask, the app gets ResourceNotFoundException.',
    remediation: 'Turn the create-table flag on (retail store: RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE=true), or create the table in the local DynamoDB.',
  },
  async run({ target, expect, facts }) {
    const d = await facts.deployment();
    if (!d.found) return skip('deployment.service-account', `Deployment ${target.namespace}/${target.deployment} was not found`);
    const flags = findVars(d, isCreateTableFlag).filter((h) => !h.container.init);
    const on = flags.find((h) => h.variable.value !== undefined && isTruthy(h.variable.value));
    const hidden = flags.find((h) => h.variable.value === undefined);
    const table = await facts.localTable();
    const flagText = flags.length
      ? flags.map((h) => `${h.variable.name}=${h.variable.value === undefined ? '(hidden)' : shownValue(h.variable.name, h.variable.value)}`).join(', ')
      : 'no create-table flag';
    const turnOn = snippet(
      comment('Let the app create its table at startup (retail store variable shown; use the one your app reads):'),
      `kubectl -n ${target.namespace} set env deployment/${target.deployment} RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE=true`,
      restartCommand(target),
    );
    if (!table) {
      if (on) return pass(`The app creates table ${target.table} at startup (${describeHit(on)} = ${shownValue(on.variable.name, on.variable.value!)}).`);
      if (hidden) {
        return warn(
          `Cannot see the value of ${describeHit(hidden)}; unless it is true, table ${target.table} must exist already (pass --dynamodb-endpoint to look).`,
          {
            hidden: hidden.variable.name,
          },
        );
      }
      return fail(
        `Create-table is off (${flagText}) and nothing else creates table ${target.table}: DynamoDB Local starts empty. Pass --dynamodb-endpoint URL to look at a running one.`,
        { expected: 'a truthy create-table flag, or the table in the local DynamoDB', actual: flagText },
        turnOn,
      );
    }
    const where = `the local DynamoDB (${table.region})`;
    if (!table.found) {
      if (on) {
        return warn(`Table ${target.table} is not in ${where} yet; the app creates it at startup (${describeHit(on)}): are the Cart pods running?`, {
          createTable: on.variable.name,
        });
      }
      return fail(
        `Table ${target.table} is not in ${where} and create-table is off (${flagText}).`,
        { expected: { table: target.table }, actual: 'ResourceNotFoundException', createTable: flagText },
        snippet(
          turnOn,
          comment('or create it once in the local DynamoDB (port-forwarded to localhost:8000):'),
          comment(`${createTableCommand(target, expect, table.region)} --endpoint-url http://localhost:8000`),
        ),
      );
    }
    const problems = [
      ...keyProblems(table, expect.partitionKey),
      ...[indexProblem(table, expect.gsis)].flatMap((p) => (p ? [`index ${p.gsi.name} ${p.observed}`] : [])),
    ];
    const actual = { keySchema: table.keySchema, attributeTypes: table.attributeTypes, indexes: table.gsis.map((g) => g.name) };
    if (problems.length) {
      return fail(
        `Table ${target.table} in ${where}: ${problems.join('; ')}.`,
        { expected: { partitionKey: expect.partitionKey, gsis: expect.gsis }, actual },
        comment(
          'DynamoDB Local holds only test data: delete the table and let the app create it again (create-table on), or create it with the expected keys.',
        ),
        'ValidationException',
      );
    }
    return pass(`Table ${target.table} exists in ${where} with partition key ${expect.partitionKey.name}${expect.gsis.length ? ' and its indexes' : ''}.`, {
      actual,
    });
  },
});

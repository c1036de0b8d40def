/**
 * The table probes against a second, independent DynamoDB implementation (dynalite, over
 * HTTP): IAM and EKS answer from moto, DynamoDB from dynalite (AWS_ENDPOINT_URL_DYNAMODB wins
 * over AWS_ENDPOINT_URL, as in the SDK). A table dynalite is still creating is CREATING.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { Report } from '../../src/report/model.js';
import { runCliAsync } from '../helpers/cli.js';
import { findMotoPython, startMoto, type Moto } from './moto.js';
import { dynaliteInstalled, startDynalite, type Dynalite } from './dynalite.js';
import { ACCOUNT, GUIDE_MANIFESTS, REGION, seedWorld } from './moto-world.js';

const python = findMotoPython();
const ready = !!python && dynaliteInstalled;
if (!ready) {
  if (process.env.CI === 'true') throw new Error('moto and dynalite are needed for the table probes in CI');
  console.warn('moto or dynalite not found: the dynalite table probes are SKIPPED');
}

const table = (name: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput => ({
  TableName: name,
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  BillingMode: 'PAY_PER_REQUEST',
  ...extra,
});

(ready ? describe : describe.skip)('table probes against dynalite', () => {
  let moto: Moto;
  let fast: Dynalite;
  let slow: Dynalite;
  const dir = mkdtempSync(join(tmpdir(), 'cd-dynalite-'));
  const manifests = join(dir, 'cart.yaml');

  beforeAll(async () => {
    writeFileSync(manifests, GUIDE_MANIFESTS);
    [moto, fast, slow] = await Promise.all([
      startMoto(python!),
      startDynalite(0, { region: REGION, account: ACCOUNT }),
      startDynalite(60_000, { region: REGION, account: ACCOUNT }),
    ]);
    await seedWorld(moto.endpoint, 'none');
    const client = (endpoint: string) => new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await client(fast.endpoint).send(new CreateTableCommand(table('Items')));
    await client(fast.endpoint).send(new CreateTableCommand(table('ItemsNumeric', { AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }] })));
    await client(fast.endpoint).send(
      new CreateTableCommand(table('ItemsProvisioned', { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } })),
    );
    await client(slow.endpoint).send(new CreateTableCommand(table('Items')));
  }, 60_000);
  afterAll(() => {
    moto?.stop();
    fast?.stop();
    slow?.stop();
  });

  const run = async (dynamodb: () => string, args: string[] = []) => {
    const { stdout, status } = await runCliAsync(['check', '-f', manifests, '--cluster', 'cart-cluster', '-o', 'json', ...args], {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb(),
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: REGION,
    });
    const report = JSON.parse(stdout) as Report;
    const of = (id: string) => report.checks.find((c) => c.id === id)!;
    return { status, report, of };
  };

  it('a healthy table: every table check passes, and the whole chain with it', async () => {
    const { status, of } = await run(() => fast.endpoint);
    expect(['table.exists', 'table.active', 'table.key-schema', 'table.billing-mode', 'policy.actions'].map((id) => of(id).status)).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
    ]);
    expect(of('table.exists').evidence).toMatchObject({ arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Items` });
    expect(status).toBe(0);
  }, 60_000);

  it('a table dynalite is still creating: table.active fails with CREATING', async () => {
    const { of } = await run(() => slow.endpoint);
    expect(of('table.exists').status).toBe('pass');
    expect([of('table.active').status, of('table.active').message]).toEqual(['fail', expect.stringContaining('CREATING')]);
  }, 60_000);

  it('a numeric partition key: table.key-schema fails naming both types', async () => {
    const { of } = await run(() => fast.endpoint, ['--table', 'ItemsNumeric']);
    expect([of('table.key-schema').status, of('table.key-schema').symptom?.error]).toEqual(['fail', 'ValidationException']);
  }, 60_000);

  it('provisioned capacity: table.billing-mode warns', async () => {
    const { of } = await run(() => fast.endpoint, ['--table', 'ItemsProvisioned']);
    expect(of('table.billing-mode').status).toBe('warn');
  }, 60_000);

  it('no such table: table.exists fails, its dependants skip', async () => {
    const { of } = await run(() => fast.endpoint, ['--table', 'Nope']);
    expect([of('table.exists').status, of('table.active').status, of('table.key-schema').status]).toEqual(['fail', 'skip', 'skip']);
  }, 60_000);
});

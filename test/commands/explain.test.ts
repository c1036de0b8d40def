import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { CHECKS } from '../../src/checks/registry.js';
import { SYMPTOMS, type SymptomError } from '../../src/checks/lib/symptoms.js';
import { explain } from '../../src/commands/explain.js';
import { InputError } from '../../src/errors.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { CORPUS } from '../logs/corpus.js';

const REALWORLD = new URL('../../../shared/realworld/retail-store/', import.meta.url);
const haveShared = existsSync(REALWORLD);

describe('explain: check ids', () => {
  it.each(CHECKS.map((c) => [c.meta.id]))('%s: what it verifies, its symptom row and the fix', async (id) => {
    const e = await explain(id);
    const { meta } = CHECKS.find((c) => c.meta.id === id)!;
    expect(e).toEqual({
      kind: 'check',
      id,
      title: meta.title,
      docs: meta.docs,
      symptom: { error: meta.symptom, meaning: SYMPTOMS[meta.symptom] },
      remediation: meta.remediation,
    });
  });

  it('a mistyped id is bad input naming the real ones', async () => {
    await expect(explain('pods.identty')).rejects.toThrow(InputError);
    await expect(explain('pods.identty')).rejects.toThrow(/pods\.identity/);
  });
});

describe('explain: Common-failures rows', () => {
  it.each(Object.keys(SYMPTOMS).map((r) => [r as SymptomError]))('%s resolves, with the checks that predict it', async (row) => {
    for (const input of [row, row.toLowerCase(), `  ${row.toUpperCase()}\n`]) {
      const e = await explain(input);
      expect(e.kind === 'row' || e.kind === 'text').toBe(true);
      if (e.kind === 'row') {
        expect(e.error).toBe(row);
        expect(e.checks).toEqual(CHECKS.filter((c) => c.meta.symptom === row).map((c) => c.meta.id));
      }
    }
  });

  it("the guide's four rows each name at least one check", async () => {
    for (const row of ['AccessDeniedException', 'ResourceNotFoundException', 'Unable to locate credentials', 'Connection refused'] as const) {
      const e = await explain(row);
      expect(e.kind === 'row' && e.checks.length > 0).toBe(true);
    }
  });
});

describe('explain: error texts', () => {
  it.each(CORPUS.filter((c) => c.shape).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const e = await explain([...(c.before ?? []), c.line].join('\n'));
    expect(e.kind).toBe('text');
    if (e.kind !== 'text') return;
    expect(e.findings.map((f) => f.shape)).toContain(c.shape);
    expect(e.checks).toContain(c.first);
  });

  it('the next command carries the table, its region and the role that was used', async () => {
    const e = await explain(
      'User: arn:aws:sts::111122223333:assumed-role/cart-dynamodb-role/aws-sdk-java-1 is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:eu-west-1:111122223333:table/Orders',
    );
    expect(e.kind === 'text' && e.next).toBe('cart-doctor check --table Orders --region eu-west-1 --role cart-dynamodb-role');
  });

  it('unknown text resolves to nothing (exit 1 in the CLI)', async () => {
    expect((await explain('the cart is slow today')).kind).toBe('none');
  });
});

(haveShared ? describe : describe.skip)('explain: the two real log excerpts', () => {
  const read = (f: string) => readFileSync(new URL(f, REALWORLD), 'utf8');
  it('no credentials → Unable to locate credentials; pods.identity, sa.annotation', async () => {
    const e = await explain(
      read('eks-workshop-v2__website__docs__fastpaths__developer__amazon-eks-pod-identity__understanding.md.L12-13.carts-nocredentials.log'),
    );
    expect(e).toMatchObject({ kind: 'text', error: 'Unable to locate credentials' });
    expect(e.kind === 'text' && e.checks.slice(0, 2)).toEqual(['pods.identity', 'sa.annotation']);
  });
  it('AccessDenied by the node role → pods.identity first, the table and region in the next command', async () => {
    const e = await explain(read('eks-workshop-v2__website__docs__security__iam-roles-for-service-accounts__understanding.md.L11-24.carts-accessdenied.log'));
    expect(e).toMatchObject({
      kind: 'text',
      error: 'AccessDeniedException',
      next: 'cart-doctor check --preset retail-store -n carts --table eks-workshop-carts --region us-west-2',
    });
    expect(e.kind === 'text' && e.checks[0]).toBe('pods.identity');
  });
});

describe('cart-doctor explain (built CLI)', () => {
  it('a check id → exit 0, text', async () => {
    const run = runCli(['explain', 'trust.subject']);
    expect([run.status, run.stdout]).toEqual([0, expect.stringContaining('Symptom when it fails: AccessDeniedException')]);
  });
  it('an error text from stdin, as JSON', async () => {
    const run = spawnSync(process.execPath, ['dist/cli.js', 'explain', '-o', 'json'], {
      cwd: REPO_ROOT,
      input: 'botocore.exceptions.NoCredentialsError: Unable to locate credentials\n',
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      kind: 'text',
      error: 'Unable to locate credentials',
      findings: [{ shape: 'no-credentials', sdk: 'boto3' }],
    });
  });
  it("an explicit deny in a resource-based policy points at table.resource-policy, and the check's page explains it", async () => {
    const line =
      'User: arn:aws:sts::111122223333:assumed-role/cart-dynamodb-role/aws-sdk-java-1700000000000 is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:ap-south-1:111122223333:table/Items with an explicit deny in a resource-based policy';
    const run = runCli(['explain', line]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('table.resource-policy');
    expect(run.stdout).not.toContain('not judged by cart-doctor');
    const page = runCli(['explain', 'table.resource-policy']);
    expect([page.status, page.stdout]).toEqual([0, expect.stringContaining('dynamodb:GetResourcePolicy')]);
  });
  it('words after explain are one text', async () => {
    const run = runCli(['explain', 'Requested', 'resource', 'not', 'found']);
    expect([run.status, run.stdout]).toEqual([0, expect.stringContaining('table-not-found')]);
  });
  it('nothing known → exit 1; a mistyped id → exit 3 with one line', async () => {
    expect(runCli(['explain', 'the cart is slow']).status).toBe(1);
    const bad = runCli(['explain', 'tabel.exists']);
    expect(bad.status).toBe(3);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
  // Plain words skip yargs (src/cli.ts); a flag sends the same words through it. Both must answer alike,
  // for words yargs could read otherwise (numbers, booleans, `=`, blanks, command names).
  it.each([
    [['pods.identity']],
    [['Requested', 'resource', 'not', 'found']],
    [['1e3', '0x10', '007']],
    [['true']],
    [['a=b']],
    [[' x ']],
    [['']],
    [['tabel.exists']],
    [['check', 'completion', 'version']],
    [['x', 'help']],
    [['help', 'x']],
  ])('explain %j answers as `explain -o table` does', (words) => {
    const plain = runCli(['explain', ...words]);
    const parsed = runCli(['explain', '-o', 'table', ...words]);
    expect(plain).toEqual(parsed);
  });
  it('explain with no words reads stdin, as `explain -o table` does', () => {
    const input = 'botocore.exceptions.NoCredentialsError: Unable to locate credentials\n';
    const plain = runCli(['explain'], { input });
    expect(plain).toEqual(runCli(['explain', '-o', 'table'], { input }));
    expect([plain.status, plain.stdout]).toEqual([0, expect.stringContaining('no-credentials (boto3)')]);
  });
});

describe('explain: what people paste (issue: the last mile)', () => {
  it("the README's own example line, with its … elisions, is a node-role AccessDenied on Query", async () => {
    const e = await explain('User: arn:aws:sts::…:assumed-role/…/i-0a1b… is not authorized to perform: dynamodb:Query on resource: …');
    expect(e.kind).toBe('text');
    if (e.kind !== 'text') return;
    expect(e.findings[0]).toMatchObject({ shape: 'node-role', fields: { action: 'dynamodb:Query', session: 'i-0a1b…' } });
    expect(e.findings[0]!.fields).not.toHaveProperty('role');
    expect(e.findings[0]!.fields).not.toHaveProperty('resource');
  });

  it('a truncated line without the principal still gives the action and the row', async () => {
    const e = await explain('is not authorized to perform: dynamodb:Query');
    expect(e).toMatchObject({ kind: 'text', error: 'AccessDeniedException', findings: [{ shape: 'access-denied', fields: { action: 'dynamodb:Query' } }] });
  });

  it.each([
    ["Table doesn't exist", 'ResourceNotFoundException'],
    ['IRSA broken', 'Unable to locate credentials'],
    ['Using local endpoint in EKS', 'Connection refused'],
    ['IAM policy / trust issue', 'AccessDeniedException'],
  ])("the guide's meaning text %j is its row", async (text, row) => {
    expect(await explain(text)).toMatchObject({ kind: 'row', error: row });
  });

  it('a retail-store log: the next command carries --preset retail-store -n carts', async () => {
    const line =
      'User: arn:aws:sts::1234567890:assumed-role/carts-role/aws-sdk-java-1700000000000 is not authorized to perform: dynamodb:Query on resource: arn:aws:dynamodb:us-west-2:1234567890:table/eks-workshop-carts/index/idx_global_customerId because no identity-based policy allows the dynamodb:Query action';
    const e = await explain(line);
    expect(e.kind === 'text' && e.next).toBe(
      'cart-doctor check --preset retail-store -n carts --table eks-workshop-carts --region us-west-2 --role carts-role',
    );
  });

  it.each([
    [
      'boto3 EndpointConnectionError',
      'botocore.exceptions.EndpointConnectionError: Could not connect to the endpoint URL: "http://carts-dynamodb:8000/"',
      'carts-dynamodb',
      '8000',
    ],
    ['boto3 without a port', 'EndpointConnectionError: Could not connect to the endpoint URL: "https://dynamodb.local/"', 'dynamodb.local', '443'],
    ['Go dial tcp', 'operation error DynamoDB: GetItem, https response error: dial tcp 10.0.0.7:8000: connect: connection refused', '10.0.0.7', '8000'],
    ['JS v3 ECONNREFUSED', 'Error: connect ECONNREFUSED 127.0.0.1:8000', '127.0.0.1', '8000'],
    ['Java v2', 'Unable to execute HTTP request: Connect to localhost:8000 [localhost/127.0.0.1] failed: Connection refused', 'localhost', '8000'],
  ])('%s keeps host and port', async (_name, line, host, port) => {
    expect(await explain(line)).toMatchObject({
      kind: 'text',
      error: 'Connection refused',
      findings: [{ shape: 'connection-refused', fields: { host, port } }],
    });
  });

  it('a mistyped id gets a did-you-mean', async () => {
    await expect(explain('pods.identty')).rejects.toThrow(/did you mean "pods\.identity"\?/);
  });
});

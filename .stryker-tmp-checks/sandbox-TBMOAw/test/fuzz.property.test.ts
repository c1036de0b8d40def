/**
 * Issue 8 item 4: mutation fuzzing over snapshots, manifests, config and log lines, in the
 * suite with a fixed seed and a bounded number of runs. In process, parsing and running every
 * check may only ever throw InputError; a smaller sample through the built CLI must exit 0–3
 * with no stack or TypeError text and no planted canary secret in any output. Past crashers
 * live in fixtures/fuzz-crashers/ and are replayed on every run.
 */
// @ts-nocheck

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { InputError } from '../src/errors.js';
import { runCheckCommand, type CheckOptions } from '../src/commands/check.js';
import { REPO_ROOT, runCli } from './helpers/cli.js';

const SEED = 20261130;
const dir = mkdtempSync(join(tmpdir(), 'cd-fuzz-'));
const CANARY = 'CANARYfuzzS3cretDoNotPrint0123456789abcd';

type Node = Record<string, unknown> | unknown[];

/** The healthy guide snapshot with the canary planted where a secret lives: a Secret value and a credential env value. */
function seedSnapshot(): Record<string, unknown> {
  const snap = parse(readFileSync(join(REPO_ROOT, 'fixtures/healthy-guide.yaml'), 'utf8')) as { kubernetes: Record<string, unknown>[] };
  snap.kubernetes.push({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'cart-creds', namespace: 'retail-store-prod' },
    data: { AWS_SECRET_ACCESS_KEY: CANARY },
  });
  const deployment = snap.kubernetes.find((o) => o.kind === 'Deployment') as { spec: { template: { spec: { containers: { env?: unknown[] }[] } } } };
  const container = deployment.spec.template.spec.containers[0]!;
  container.env = [...(container.env ?? []), { name: 'AWS_SECRET_ACCESS_KEY', value: CANARY }];
  return snap;
}
const SEED_SNAPSHOT = seedSnapshot();

/** Every place in a document a mutation can hit, as key paths. */
function paths(node: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (!node || typeof node !== 'object') return [];
  const entries = Array.isArray(node) ? node.map((v, i) => [i, v] as const) : Object.entries(node);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}
const SNAPSHOT_PATHS = paths(SEED_SNAPSHOT);

const hostile = fc.oneof(
  fc.constantFrom<unknown>(
    5,
    0,
    -1,
    1e308,
    null,
    true,
    '',
    'x',
    [],
    {},
    [5],
    { a: { b: [1] } },
    [[null]],
    '{{ .Values.x }}',
    '\u001b]0;PWNED\u0007',
    'a'.repeat(300),
  ),
  fc.anything({ maxDepth: 2, maxKeys: 3 }),
);

/** One mutation: replace the value at a path, or delete the key. */
const mutation = fc.record({ at: fc.nat(), value: hostile, remove: fc.boolean() });

function mutate(seed: Record<string, unknown>, places: (string | number)[][], m: { at: number; value: unknown; remove: boolean }): Record<string, unknown> {
  const copy = structuredClone(seed);
  const path = places[m.at % places.length]!;
  let node = copy as Node;
  for (const k of path.slice(0, -1)) {
    node = (node as Record<string | number, unknown>)[k] as Node;
    // An earlier mutation replaced this branch: the path is gone, nothing to do.
    if (!node || typeof node !== 'object') return copy;
  }
  const last = path.at(-1)!;
  if (m.remove && !Array.isArray(node)) delete (node as Record<string, unknown>)[last as string];
  else (node as Record<string | number, unknown>)[last] = m.value;
  return copy;
}

function yamlOf(value: unknown): string {
  try {
    return stringify(value, { lineWidth: 0 });
  } catch {
    return JSON.stringify(value) ?? '';
  }
}

let fileNo = 0;
const write = (name: string, text: string) => {
  const path = join(dir, `${fileNo++}-${name}`);
  writeFileSync(path, text);
  return path;
};

/** Parse and run every check in process; only InputError may escape; the canary never reaches output. */
async function runInProcess(opts: Partial<CheckOptions>): Promise<void> {
  let out = '';
  const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (out += t), readStdin: () => '' };
  try {
    // A kubeconfig that does not exist: a mutation that removes the snapshot's objects must not reach a real cluster.
    await runCheckCommand({ flags: {}, output: 'json', failOn: 'fail', color: false, timeoutMs: 1000, kubeconfig: join(dir, 'no-kubeconfig'), ...opts }, io);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    out += err.line();
  }
  expect(out).not.toContain(CANARY);
}

const params = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });

describe('mutation fuzzing in process: nothing but InputError escapes', () => {
  it('snapshots', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const snap = ms.reduce((s, m) => mutate(s, SNAPSHOT_PATHS, m), SEED_SNAPSHOT);
        await runInProcess({ snapshot: write('snap.yaml', yamlOf(snap)) });
      }),
      params(100),
    );
  }, 60_000);

  it("manifests (the snapshot's objects as a -f stream)", async () => {
    const objects = SEED_SNAPSHOT.kubernetes as Record<string, unknown>[];
    const places = paths(objects);
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const docs = mutate(
          { objects } as Record<string, unknown>,
          places.map((p) => ['objects', ...p]),
          m,
        ).objects as unknown[];
        const stream = Array.isArray(docs) ? docs.map(yamlOf).join('---\n') : yamlOf(docs);
        await runInProcess({ snapshot: 'fixtures/healthy-guide.yaml', manifests: [write('m.yaml', stream)] });
      }),
      params(100),
    );
  }, 60_000);

  it('config files', async () => {
    const seed = {
      preset: 'guide',
      target: { namespace: 'retail-store-prod', table: 'Items' },
      expectations: { permissions: [{ action: 'dynamodb:GetItem' }], tableNameVars: ['TABLE_NAME'], gsis: [{ name: 'g', hashKey: { name: 'id', type: 'S' } }] },
    };
    const places = paths(seed);
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        await runInProcess({ snapshot: 'fixtures/healthy-guide.yaml', config: write('c.yaml', yamlOf(mutate(seed, places, m))) });
      }),
      params(60),
    );
  }, 60_000);

  it('log lines', async () => {
    const real = readFileSync(join(REPO_ROOT, 'fixtures/logs/carts-node-role.log'), 'utf8').split('\n');
    const line = fc.oneof(
      fc.constantFrom(...real),
      fc.string({ maxLength: 400 }),
      fc.string({ unit: fc.constantFrom('{', '}', '"', ':', 'a', ' ', '\\', 'A', 'K', 'I', '/', '=', '\u001b'), maxLength: 300 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), async (lines) => {
        await runInProcess({
          snapshot: 'fixtures/healthy-guide.yaml',
          logs: { file: write('l.log', lines.join('\n')), live: false, lines: 500, since: '1h', pods: 5 },
        });
      }),
      params(60),
    );
  }, 60_000);
});

/** What the CLI may print: exit 0–3, no stack text, no TypeError, no canary. */
function expectCleanRun(args: string[]): void {
  const run = runCli(['check', ...args, '-o', 'json']);
  expect([0, 1, 2, 3]).toContain(run.status);
  expect(run.stderr).not.toMatch(/TypeError|RangeError|ReferenceError|\n\s+at |Warning:/);
  expect(`${run.stdout}${run.stderr}`).not.toContain(CANARY);
  if (run.status === 3) expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
}

describe('mutation fuzzing through the built CLI (small sample)', () => {
  it('mutated snapshots and manifests', () => {
    fc.assert(
      fc.property(mutation, fc.boolean(), (m, asManifests) => {
        const snap = mutate(SEED_SNAPSHOT, SNAPSHOT_PATHS, m);
        const objects = snap.kubernetes;
        if (asManifests && Array.isArray(objects))
          expectCleanRun(['--snapshot', 'fixtures/healthy-guide.yaml', '-f', write('cli.yaml', objects.map(yamlOf).join('---\n'))]);
        else expectCleanRun(['--snapshot', write('cli-snap.yaml', yamlOf(snap)), '--kubeconfig', join(dir, 'no-kubeconfig')]);
      }),
      params(6),
    );
  }, 60_000);

  it.each(readdirSync(join(REPO_ROOT, 'fixtures/fuzz-crashers')).sort())('past crasher fixtures/fuzz-crashers/%s', (name) => {
    expectCleanRun(['--snapshot', 'fixtures/healthy-guide.yaml', '-f', `fixtures/fuzz-crashers/${name}`]);
  });
});

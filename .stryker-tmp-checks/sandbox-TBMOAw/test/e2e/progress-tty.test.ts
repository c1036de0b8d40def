/**
 * A live run against an endpoint that never answers is not silent on a terminal: under a
 * pseudo-terminal (`script`), stderr shows what it waits on; piped, or with -o json, nothing.
 */
// @ts-nocheck

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCliAsync } from '../helpers/cli.js';

const haveScript = spawnSync('script', ['--version']).status === 0;
if (!haveScript && process.env.CI === 'true') throw new Error('`script` (util-linux) is needed for the TTY progress test under CI');
if (!haveScript) console.warn('skipping the TTY progress test: `script` is not installed');

const dir = mkdtempSync(join(tmpdir(), 'cd-progress-'));
const manifest = join(dir, 'sa.yaml');
writeFileSync(
  manifest,
  'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: cart-sa, namespace: retail-store-prod, annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::111122223333:role/cart-dynamodb-role" } }\n',
);

let silent: Server;
let endpoint = '';
beforeAll(async () => {
  // Takes the connection and never answers.
  silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
});
afterAll(() => {
  silent.close();
});

const args = ['check', '-f', manifest, '--cluster', 'cart-cluster', '--region', 'ap-south-1', '--timeout', '3', '--deadline', '3'];
const env = { AWS_ENDPOINT_URL: '', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_MAX_ATTEMPTS: '1' };

(haveScript ? describe : describe.skip)('progress on a terminal', () => {
  it('a TTY sees what the run waits on', async () => {
    const command = ['node', 'dist/cli.js', ...args].map((a) => `'${a}'`).join(' ');
    const run = await new Promise<{ out: string }>((resolve) => {
      // script gives the CLI a pseudo-terminal on stdout and stderr, as a person's shell would.
      const child = spawnWithTty('script', ['-qec', command, '/dev/null'], { ...env, AWS_ENDPOINT_URL: endpoint });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.on('close', () => resolve({ out }));
    });
    expect(run.out).toMatch(/cart-doctor: waiting \d+\.\d s on (eks|iam|dynamodb):\w+/);
  }, 30_000);

  it('piped: no progress line', async () => {
    const run = await runCliAsync(args, { ...env, AWS_ENDPOINT_URL: endpoint });
    expect(run.stderr).not.toContain('waiting');
  }, 30_000);
});

function spawnWithTty(cmd: string, argv: string[], extra: NodeJS.ProcessEnv) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && k !== 'KUBECONFIG'));
  return spawn(cmd, argv, { cwd: REPO_ROOT, env: { ...base, NO_COLOR: '1', HOME: dir, COLUMNS: '100', ...extra } });
}

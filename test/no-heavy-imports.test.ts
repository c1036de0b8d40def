/**
 * SPEC §6 "offline runs load no AWS SDK code": `--version` and a snapshot run must not load
 * `@aws-sdk/*` or `@kubernetes/client-node` (together they cost hundreds of ms of startup).
 * Runs the built CLI (`npm test` builds first) under a tracer that records every module loaded.
 */
import { describe, it, expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTinySnapshot } from './helpers/tiny-snapshot.js';
import { coveredRun } from './helpers/app-coverage.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const tracer = new URL('./helpers/trace-imports.mjs', import.meta.url).href;
/**
 * client-node and each AWS client are vendor modules of their own under dist/vendor/
 * (scripts/bundle.mjs), the only ES modules the app imports: loading one is loading that client.
 */
const HEAVY = /node_modules\/(@aws-sdk\/|@smithy\/|@kubernetes\/client-node\/)|\/dist\/vendor\//;

/** Runs node with the tracer; returns the modules it loaded and how it exited. */
function traced(args: string[], extraEnv: Record<string, string> = {}): { loaded: string[]; status: number | null; stdout: string; stderr: string } {
  const trace = join(mkdtempSync(join(tmpdir(), 'cart-doctor-trace-')), 'loaded.txt');
  const run = spawnSync(process.execPath, ['--import', tracer, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CART_DOCTOR_TRACE_FILE: trace, NODE_OPTIONS: '', ...extraEnv },
  });
  const loaded = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean) : [];
  return { loaded, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('startup loads no heavy client', () => {
  it('the built CLI exists (run `npm run build`)', () => {
    expect(existsSync(cli)).toBe(true);
  });

  // The tracer must see both ways in, or the assertions below could never fail.
  it.each([
    ['an ESM import', ['--input-type=module', '-e', "await import('@aws-sdk/client-sts')"]],
    ['a CommonJS require', ['-e', "require('@aws-sdk/client-sts')"]],
  ])('the tracer catches the SDK loaded through %s', (_how, args) => {
    const { loaded, status } = traced(args);
    expect(status).toBe(0);
    expect(loaded.filter((m) => HEAVY.test(m)).length).toBeGreaterThan(0);
  });

  it('`cart-doctor --version`', () => {
    const { loaded, status, stdout } = traced([cli, '--version']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(loaded.some((m) => m.endsWith('/dist/cli.js'))).toBe(true);
    expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('`cart-doctor check --snapshot FILE -o json` (offline)', () => {
    const { loaded, status, stdout, stderr } = traced([cli, 'check', '--snapshot', writeTinySnapshot(), '-o', 'json']);
    expect(stderr).toBe('');
    expect([0, 1, 2]).toContain(status);
    expect(JSON.parse(stdout)).toMatchObject({ schemaVersion: 1 });
    expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('`cart-doctor check --snapshot FILE` (offline, terminal output)', () => {
    const { loaded, status, stdout } = traced([cli, 'check', '--snapshot', writeTinySnapshot()]);
    expect([0, 1, 2]).toContain(status);
    expect(stdout).toMatch(/Common failures|passed|✓|pass/i);
    expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('`cart-doctor check -f MANIFESTS --snapshot FILE` (offline, Kubernetes from files)', () => {
    const { loaded, status, stdout } = traced([
      cli,
      'check',
      '-f',
      'fixtures/manifests/cart-broken.yaml',
      '--snapshot',
      'fixtures/healthy-guide.yaml',
      '-o',
      'json',
    ]);
    expect([0, 1, 2]).toContain(status);
    expect(JSON.parse(stdout)).toMatchObject({ schemaVersion: 1 });
    expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('`cart-doctor check -f MANIFESTS --snapshot FILE` (offline, terminal output)', () => {
    const { loaded, status, stdout } = traced([cli, 'check', '-f', 'fixtures/manifests/cart-broken.yaml', '--snapshot', 'fixtures/healthy-guide.yaml']);
    expect([0, 1, 2]).toContain(status);
    expect(stdout).toContain('cart-doctor');
    expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('a snapshot whose `kubernetes:` section holds no objects loads neither client', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-noobjects-'));
    const file = join(dir, 'no-objects.yaml');
    writeFileSync(file, readFileSync('fixtures/healthy-guide.yaml', 'utf8').replace(/^kubernetes:[\s\S]*$/m, 'kubernetes:\n  objects: []\n  reads: []\n'));
    const { loaded, status, stdout } = traced([cli, 'check', '--snapshot', file, '-o', 'json']);
    expect([0, 1, 2]).toContain(status);
    expect(JSON.parse(stdout)).toMatchObject({ schemaVersion: 1 });
    expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it.each([
    ['no kubeconfig anywhere', { HOME: '/nonexistent-home', KUBECONFIG: '' }, 2],
    ['a KUBECONFIG that does not exist', { KUBECONFIG: '/nonexistent/kubeconfig' }, 3],
  ])('a snapshot without a `kubernetes:` section and %s loads neither client', (_case, env, exitCode) => {
    const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-nokube-'));
    const file = join(dir, 'aws-only.yaml');
    writeFileSync(file, 'apiVersion: cart-doctor/v1\nkind: Snapshot\naws: []\n');
    const { loaded, status, stderr } = traced([cli, 'check', '--snapshot', file, '-o', 'json'], env);
    expect(stderr).toMatch(/kubeconfig/);
    expect(status).toBe(exitCode);
    expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('`cart-doctor explain TEXT` (no AWS, no cluster)', () => {
    const { loaded, status, stdout } = traced([cli, 'explain', 'Unable to locate credentials']);
    expect(status).toBe(0);
    expect(stdout).toContain('IRSA broken');
    expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
  });
});

/**
 * The yaml library is the fallback reader: a snapshot the fast block reader (src/sources/block-yaml.ts)
 * accepts, with no config file, must not load it (~44 M instructions of every start). Its code is
 * told by an error code only the library's own code holds (test/helpers/app-coverage.ts).
 */
describe('the yaml library loads only when a file needs it', () => {
  const YAML_LIBRARY_MARK = 'MULTILINE_IMPLICIT_KEY';

  it.each([
    ['-o json', ['-o', 'json']],
    ['terminal', []],
  ])('`check --snapshot fixtures/healthy-guide.yaml` (%s) loads no chunk holding the yaml library', (_case, extra) => {
    const run = coveredRun(root, [cli, 'check', '--snapshot', 'fixtures/healthy-guide.yaml', ...extra]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toBe('');
    expect(run.ran(YAML_LIBRARY_MARK)).toBe(false);
  });

  it('a kubeconfig is still read (through the library) for the cluster its EKS context names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-peek-'));
    const snapshot = join(dir, 'aws-only.yaml');
    writeFileSync(snapshot, 'apiVersion: cart-doctor/v1\nkind: Snapshot\naws: []\n');
    const kubeconfig = join(dir, 'kubeconfig');
    const context = 'arn:aws:eks:ap-south-1:111122223333:cluster/peeked';
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\ncurrent-context: "${context}"\ncontexts: [{name: "${context}", context: {cluster: c, user: u}}]\n` +
        'clusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\n',
    );
    const run = coveredRun(root, [cli, 'check', '--snapshot', snapshot, '--kubeconfig', kubeconfig, '--timeout', '2', '-o', 'json']);
    expect(JSON.parse(run.stdout).target.cluster).toBe('peeked');
    expect(run.ran(YAML_LIBRARY_MARK)).toBe(true);
  });

  it('a snapshot the fast reader gives up on (an anchor) still parses, through the yaml library', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-anchor-'));
    const file = join(dir, 'anchored.yaml');
    const text = readFileSync('fixtures/healthy-guide.yaml', 'utf8').replace(/^kind: Snapshot$/m, 'kind: &kind Snapshot');
    expect(text).toContain('&kind');
    writeFileSync(file, text);
    const plain = traced([cli, 'check', '--snapshot', 'fixtures/healthy-guide.yaml', '-o', 'json']);
    const { ran, status, stdout, stderr } = coveredRun(root, [cli, 'check', '--snapshot', file, '-o', 'json']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(ran(YAML_LIBRARY_MARK)).toBe(true);
    const verdicts = (json: string) =>
      (JSON.parse(json) as { checks: { id: string; status: string; message: string }[] }).checks.map((c) => [c.id, c.status, c.message]);
    expect(verdicts(stdout)).toEqual(verdicts(plain.stdout));
  });
});

/**
 * Builtins only a live run (or an IpAddress condition, a log file) uses are taken when needed
 * (process.getBuiltinModule), not imported by the chunks every run loads: node:net alone costs
 * ~10 M instructions of start-up. `process.moduleLoadList` names every builtin the process loaded.
 */
describe('an offline snapshot run loads no builtin it does not use', () => {
  const UNUSED_OFFLINE = ['net', 'perf_hooks', 'diagnostics_channel', 'fs/promises', 'os'];

  function builtinsLoaded(args: string[]): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-builtins-'));
    const out = join(dir, 'builtins.txt');
    const preload = join(dir, 'record.cjs');
    writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.join('\\n')));`);
    // Output to files: a pipe on stdout or stderr is a socket, and makes Node load node:net itself.
    const stdout = openSync(join(dir, 'stdout'), 'w');
    const stderr = openSync(join(dir, 'stderr'), 'w');
    const run = spawnSync(process.execPath, ['--require', preload, ...args], {
      cwd: root,
      stdio: ['ignore', stdout, stderr],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    closeSync(stdout);
    closeSync(stderr);
    expect(run.status).toBe(0);
    return readFileSync(out, 'utf8')
      .split('\n')
      .filter((m) => m.startsWith('NativeModule '))
      .map((m) => m.slice('NativeModule '.length));
  }

  it('the recorder sees a builtin that is loaded', () => {
    expect(builtinsLoaded(['-e', "require('node:net')"])).toContain('net');
  });

  it.each([
    ['-o json', ['-o', 'json']],
    ['terminal', []],
  ])('`check --snapshot fixtures/healthy-guide.yaml` (%s)', (_case, extra) => {
    const loaded = builtinsLoaded([cli, 'check', '--snapshot', 'fixtures/healthy-guide.yaml', ...extra]);
    expect(loaded).toContain('fs');
    expect(loaded.filter((m) => UNUSED_OFFLINE.includes(m))).toEqual([]);
  });
});

/**
 * `explain WORDS` (no flags) is the bench's explain row: yargs would only hand the words over,
 * and loading and configuring it was most of that command's start-up (docs/performance.md).
 * yargs' code is told by a message only it holds (test/helpers/app-coverage.ts).
 */
describe('explain with plain words does not load yargs', () => {
  const YARGS_MARK = 'Not enough non-option arguments';

  it('`explain TEXT` loads no yargs', () => {
    const { ran, status, stdout } = coveredRun(root, [
      cli,
      'explain',
      'User: arn:aws:sts::111122223333:assumed-role/r/s is not authorized to perform: dynamodb:GetItem',
    ]);
    expect(status).toBe(0);
    expect(stdout).toContain('policy.actions');
    expect(ran(YARGS_MARK)).toBe(false);
  });

  // The detector itself: with a flag, yargs parses, and the trace shows it.
  it('`explain -o json TEXT` does load yargs', () => {
    const { ran, status } = coveredRun(root, [cli, 'explain', '-o', 'json', 'Unable to locate credentials']);
    expect(status).toBe(0);
    expect(ran(YARGS_MARK)).toBe(true);
  });
});

/**
 * Live runs pay for the heavy clients, so they take the cheapest way in (docs/performance.md):
 * each from its tree-shaken vendor module, not from node_modules (hundreds of SDK files, the
 * ~2,500 ESM files of client-node), and only the clients the run calls.
 */
describe('live runs load the heavy clients the cheap way', () => {
  it('the AWS SDK clients come from their vendor modules, not from node_modules', () => {
    // Nothing listens on port 1: every call fails at once, after its client has loaded.
    const { loaded, status, stderr } = traced(
      [cli, 'check', '-f', 'fixtures/manifests/cart-broken.yaml', '--region', 'ap-south-1', '--cluster', 'c', '-o', 'json'],
      {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    );
    // AWS was really asked (and refused the connection), so the SDK did load.
    expect(stderr).toMatch(/cannot reach AWS at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    expect([1, 2]).toContain(status);
    expect(loaded.some((m) => /\/dist\/vendor\/aws-eks\.js$/.test(m))).toBe(true);
    expect(loaded.some((m) => HEAVY.test(m))).toBe(true);
    expect(loaded.filter((m) => /node_modules\/(@aws-sdk|@smithy)\//.test(m))).toEqual([]);
    // A client the run never calls stays unloaded (EC2: its one command drags in ~540 KB of schemas).
    expect(loaded.filter((m) => /\/dist\/vendor\/aws-ec2\.js$/.test(m))).toEqual([]);
  });

  it('client-node comes from its vendor module, not from node_modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-kube-'));
    const snapshot = join(dir, 'aws-only.yaml');
    writeFileSync(snapshot, 'apiVersion: cart-doctor/v1\nkind: Snapshot\ntarget: {region: ap-south-1}\naws: []\n');
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:1", insecure-skip-tls-verify: true}}]\n' +
        'users: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
    );
    const { loaded, status, stderr } = traced([cli, 'check', '--snapshot', snapshot, '--kubeconfig', kubeconfig, '-o', 'json']);
    // The cluster was really asked (and refused the connection), so client-node did load.
    expect(stderr).toMatch(/cannot reach the cluster at http:\/\/127\.0\.0\.1:1/);
    expect(status).toBe(2);
    expect(loaded.some((m) => /\/dist\/vendor\/kube-client\.js$/.test(m))).toBe(true);
    expect(loaded.filter((m) => /node_modules\/@kubernetes\/client-node\//.test(m))).toEqual([]);
  });
});

/**
 * The CLI asks Node for its compile cache where Node has one (module.enableCompileCache, Node ≥
 * 22.1), before the command's chunks load, and runs as before where it has none (Node 20). Under
 * `npm run test:node-versions` the CLI runs on Node 22 and 24, and the cache must really fill.
 */
import { describe, it, expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';

const CLI = join(REPO_ROOT, 'dist/cli.js');
const TEST_NODE = process.env.CART_DOCTOR_TEST_NODE ?? process.execPath;
const nodeVersion = spawnSync(TEST_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
const hasCompileCache = major > 22 || (major === 22 && minor >= 1);

function withoutCacheSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'NODE_COMPILE_CACHE' && k !== 'NODE_DISABLE_COMPILE_CACHE'));
}

function run(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(TEST_NODE, args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    // Node reads NODE_DISABLE_COMPILE_CACHE as set even when empty: the host's settings are left out, not blanked.
    env: { ...withoutCacheSettings(process.env), NODE_OPTIONS: '', NO_COLOR: '1', ...env },
  });
}

describe('the V8 compile cache', () => {
  it('is asked for once per run (seen through a stand-in for the API)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-cc-'));
    const trace = join(dir, 'trace.txt');
    const preload = join(dir, 'stand-in.cjs');
    // Replaces (or, on Node 20, adds) the API, and notes each call.
    writeFileSync(
      preload,
      `const fs = require('fs'); require('module').enableCompileCache = () => { fs.appendFileSync(${JSON.stringify(trace)}, 'called\\n'); return { status: 0 }; };`,
    );
    const result = run(['--require', preload, CLI, 'check', '--snapshot', 'fixtures/healthy-guide.yaml', '-o', 'json'], {});
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ schemaVersion: 1 });
    expect(readFileSync(trace, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it(`${hasCompileCache ? 'fills' : 'is absent on'} Node ${nodeVersion}, and the run is the same`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-cc-'));
    const args = [CLI, 'check', '--snapshot', 'fixtures/healthy-guide.yaml', '-o', 'json'];
    const first = run(args, { TMPDIR: dir });
    const second = run(args, { TMPDIR: dir });
    const disabled = run(args, { TMPDIR: dir, NODE_DISABLE_COMPILE_CACHE: '1' });
    for (const r of [first, second, disabled]) {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    const verdicts = (out: string) => (JSON.parse(out) as { checks: { id: string; status: string }[] }).checks.map((c) => `${c.id} ${c.status}`);
    expect(verdicts(second.stdout)).toEqual(verdicts(first.stdout));
    expect(verdicts(disabled.stdout)).toEqual(verdicts(first.stdout));
    const cacheDir = join(dir, 'node-compile-cache');
    const files = existsSync(cacheDir) ? readdirSync(cacheDir, { recursive: true }) : [];
    if (hasCompileCache) expect(files.length).toBeGreaterThan(0);
    else expect(files).toEqual([]);
  });
});

/**
 * The app's own code cache (src/startup/code-cache.ts): taken after a run, so it holds every
 * function the command called, on every Node. Each case gets a cache directory of its own
 * through XDG_CACHE_HOME.
 */
describe("the app's code cache", () => {
  const SNAPSHOT_RUN = [CLI, 'check', '--snapshot', 'fixtures/healthy-guide.yaml', '-o', 'json'];
  const fresh = () => mkdtempSync(join(tmpdir(), 'cart-doctor-appcache-'));
  const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.v8')) : []);
  const verdicts = (out: string) =>
    (JSON.parse(out) as { checks: { id: string; status: string; message: string }[] }).checks.map((c) => [c.id, c.status, c.message]);
  function ok(r: ReturnType<typeof run>) {
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r;
  }

  it('is written after the first run of a command, 0600 in a 0700 folder, and read by the next without change', () => {
    const home = fresh();
    const dir = join(home, 'cart-doctor');
    const first = ok(run(SNAPSHOT_RUN, { XDG_CACHE_HOME: home }));
    const [file, ...more] = cacheFiles(dir);
    expect(more).toEqual([]);
    expect(file).toMatch(/^app-[A-Z0-9]+\.cjs-v(\d+\.\d+\.\d+)-(\w+)-check-snapshot\.v8$/);
    expect(file).toContain(`-v${nodeVersion}-${process.arch}-`);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, file!)).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(join(dir, file!));
    const second = ok(run(SNAPSHOT_RUN, { XDG_CACHE_HOME: home }));
    // V8 accepted it: a rejected cache is written again, from this run.
    expect(readFileSync(join(dir, file!)).equals(bytes)).toBe(true);
    expect(verdicts(second.stdout)).toEqual(verdicts(first.stdout));
    const uncached = ok(run(SNAPSHOT_RUN, { XDG_CACHE_HOME: fresh(), NODE_DISABLE_COMPILE_CACHE: '1' }));
    expect(verdicts(uncached.stdout)).toEqual(verdicts(first.stdout));
  });

  it('is replaced when V8 rejects it (garbage, or another build of V8), and the run is the same', () => {
    const home = fresh();
    const first = ok(run(SNAPSHOT_RUN, { XDG_CACHE_HOME: home }));
    const [file] = cacheFiles(join(home, 'cart-doctor'));
    const path = join(home, 'cart-doctor', file!);
    const good = readFileSync(path);
    writeFileSync(path, Buffer.alloc(good.length, 7));
    const second = ok(run(SNAPSHOT_RUN, { XDG_CACHE_HOME: home }));
    expect(verdicts(second.stdout)).toEqual(verdicts(first.stdout));
    const rewritten = readFileSync(path);
    expect(rewritten.equals(Buffer.alloc(good.length, 7))).toBe(false);
    expect(rewritten.length).toBeGreaterThan(100_000);
  });

  it.each([
    ['NODE_DISABLE_COMPILE_CACHE=1', { NODE_DISABLE_COMPILE_CACHE: '1' }],
    ['NODE_DISABLE_COMPILE_CACHE set empty', { NODE_DISABLE_COMPILE_CACHE: '' }],
  ])('is neither read nor written with %s', (_case, env) => {
    const home = fresh();
    ok(run(SNAPSHOT_RUN, { XDG_CACHE_HOME: home, ...env }));
    expect(existsSync(join(home, 'cart-doctor'))).toBe(false);
  });

  it('goes under NODE_COMPILE_CACHE when that names a folder, as Node’s own cache does', () => {
    const home = fresh();
    const place = fresh();
    ok(run(SNAPSHOT_RUN, { XDG_CACHE_HOME: home, NODE_COMPILE_CACHE: place }));
    expect(cacheFiles(join(place, 'cart-doctor'))).toHaveLength(1);
    expect(existsSync(join(home, 'cart-doctor'))).toBe(false);
  });

  it.each([
    ['a flag mistake (exit 3)', ['check', '--snapshot', 'fixtures/healthy-guide.yaml', '--no-such-flag'], 3],
    ['--help', ['check', '--help'], 0],
    ['no command', ['--no-such-flag'], 3],
  ])('is not written by %s, which calls little of the command’s code', (_case, args, status) => {
    const home = fresh();
    const r = run([CLI, ...args], { XDG_CACHE_HOME: home });
    expect(r.status).toBe(status);
    expect(cacheFiles(join(home, 'cart-doctor'))).toEqual([]);
  });

  it('keeps replayed and live runs of a command apart, and explain in a file of its own', () => {
    const home = fresh();
    ok(run(SNAPSHOT_RUN, { XDG_CACHE_HOME: home }));
    ok(run([CLI, 'explain', 'Unable to locate credentials'], { XDG_CACHE_HOME: home }));
    // Live AWS that nobody answers: the run ends 1 or 2, a real run of the command all the same.
    const live = run([CLI, 'check', '-f', 'fixtures/manifests/cart-broken.yaml', '--region', 'ap-south-1', '--cluster', 'c', '-o', 'json', '--timeout', '2'], {
      XDG_CACHE_HOME: home,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect([1, 2]).toContain(live.status);
    const keys = cacheFiles(join(home, 'cart-doctor')).map((f) => /-(check-snapshot|check|explain)\.v8$/.exec(f)?.[1]);
    expect(keys.sort()).toEqual(['check', 'check-snapshot', 'explain']);
  });

  it('removes the caches of an older build when it writes one', () => {
    const home = fresh();
    const dir = join(home, 'cart-doctor');
    mkdirSync(dir, { recursive: true });
    const old = join(dir, `app-OLDBUILD.cjs-v${nodeVersion}-${process.arch}-check-snapshot.v8`);
    writeFileSync(old, 'stale');
    const unrelated = join(dir, 'notes.txt');
    writeFileSync(unrelated, 'kept');
    ok(run(SNAPSHOT_RUN, { XDG_CACHE_HOME: home }));
    expect(existsSync(old)).toBe(false);
    expect(existsSync(unrelated)).toBe(true);
    expect(cacheFiles(dir)).toHaveLength(1);
  });

  it('is skipped without a word when its folder cannot be made (a file stands in the way)', () => {
    const home = fresh();
    writeFileSync(join(home, 'cart-doctor'), 'not a folder');
    const r = ok(run(SNAPSHOT_RUN, { XDG_CACHE_HOME: home }));
    expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1 });
    expect(readFileSync(join(home, 'cart-doctor'), 'utf8')).toBe('not a folder');
  });

  // A cache is code: one that another user could have written is never run.
  (process.getuid?.() === 0 ? it : it.skip)('is not read when another user owns it (needs root to chown; CI runs as root)', () => {
    const home = fresh();
    ok(run(SNAPSHOT_RUN, { XDG_CACHE_HOME: home }));
    const [file] = cacheFiles(join(home, 'cart-doctor'));
    const path = join(home, 'cart-doctor', file!);
    chownSync(path, 65534, 65534);
    ok(run(SNAPSHOT_RUN, { XDG_CACHE_HOME: home }));
    // Ignored, so this run wrote its own in its place.
    expect(statSync(path).uid).toBe(0);
  });

  it('holds no value of a credential variable the run saw', () => {
    const home = fresh();
    const secret = 'CANARYsecretVALUE0123456789abcdefghijKLMN';
    run(SNAPSHOT_RUN, {
      XDG_CACHE_HOME: home,
      AWS_SECRET_ACCESS_KEY: secret,
      AWS_SESSION_TOKEN: `${secret}token`,
      AWS_ACCESS_KEY_ID: 'AKIACANARY0123456789',
    });
    const [file] = cacheFiles(join(home, 'cart-doctor'));
    const bytes = readFileSync(join(home, 'cart-doctor', file!)).toString('latin1');
    expect(bytes.length).toBeGreaterThan(100_000);
    for (const value of [secret, 'AKIACANARY0123456789']) {
      expect(bytes.includes(value)).toBe(false);
      expect(Buffer.from(bytes, 'latin1').includes(Buffer.from(value, 'utf16le'))).toBe(false);
    }
  });
});

/**
 * The CLI asks Node for its compile cache where Node has one (module.enableCompileCache, Node ≥
 * 22.1), before the command's chunks load, and runs as before where it has none (Node 20). Under
 * `npm run test:node-versions` the CLI runs on Node 22 and 24, and the cache must really fill.
 */
import { describe, it, expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

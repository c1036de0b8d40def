/**
 * What `npm install -g cart-doctor` and `npx` get: the packed tarball, installed into a temp
 * prefix, must run from its own bin link — the built dist/, the fixtures and the licence in it.
 * (`prepare` builds dist/ for git installs and `npm pack` from a fresh clone.)
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers/cli.js';

describe('the packed package', () => {
  it('installs into a fresh prefix and runs check from its bin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-pack-'));
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: REPO_ROOT, encoding: 'utf8' })) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['dist/cli.js', 'LICENSE', 'README.md', 'fixtures/healthy-guide.yaml', 'schema/report-v1.schema.json']));
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/'))).toEqual([]);
    // dist/ holds only what runs: the launcher, the app, the vendor modules; no tsc output beside them.
    expect(files.filter((f) => f.startsWith('dist/') && !/^dist\/(cli\.js|chunks\/app-[A-Z0-9]+\.cjs|vendor\/[^/]+\.js)$/.test(f))).toEqual([]);

    const prefix = join(dir, 'prefix');
    execFileSync(
      'npm',
      ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(dir, packed[0]!.filename)],
      { encoding: 'utf8' },
    );
    const bin = join(prefix, 'bin', 'cart-doctor');
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(version);

    const installed = join(prefix, 'lib', 'node_modules', 'cart-doctor');
    expect(readdirSync(installed)).toEqual(expect.arrayContaining(['LICENSE', 'dist', 'fixtures']));
    const run = spawnSync(bin, ['check', '--snapshot', join(installed, 'fixtures', 'healthy-guide.yaml'), '-o', 'json'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { summary: { fail: number } }).summary.fail).toBe(0);
    // The code cache lands in the user's cache folder, not in the installed package, and the next run reads it.
    const cache = join(dir, '.cache', 'cart-doctor');
    expect(readdirSync(cache)).toEqual([expect.stringMatching(/^app-.*-check-snapshot\.v8$/)]);
    const again = spawnSync(bin, ['check', '--snapshot', join(installed, 'fixtures', 'healthy-guide.yaml'), '-o', 'json'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir },
    });
    expect(again.stderr).toBe('');
    const untimed = (json: string) => json.replace(/"durationMs": [\d.]+/g, '"durationMs": 0');
    expect(untimed(again.stdout)).toBe(untimed(run.stdout));
  }, 240_000);
});

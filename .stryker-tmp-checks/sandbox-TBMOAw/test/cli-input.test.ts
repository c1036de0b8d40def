/** Bad input through the built CLI: exit 3, exactly one line on stderr naming file and place, no stack trace. */
// @ts-nocheck

import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, REPO_ROOT } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cd-input-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('bad input → exit 3 with one clear line', () => {
  const badSnapshot = file('bad-snapshot.yaml', 'apiVersion: cart-doctor/v1\nkind: Snapshot\naws:\n  - { service: s3, operation: GetObject, output: {} }\n');
  const brokenYaml = file('broken.yaml', 'kind: Deployment\nmetadata: { name: [\n');
  const badConfig = file('config.yaml', 'target: { namespace: 7 }\n');

  it.each([
    ['malformed snapshot', ['check', '--snapshot', badSnapshot], /bad-snapshot\.yaml: aws\[0\]\.service/],
    ['malformed manifest', ['check', '-f', brokenYaml], /broken\.yaml: line \d+, column \d+/],
    ['invalid config', ['check', '--config', badConfig], /config\.yaml: target\.namespace/],
    ['missing snapshot file', ['check', '--snapshot', join(dir, 'nope.yaml')], /nope\.yaml: no such file$/m],
    ['unknown flag', ['check', '--bogus'], /bogus/],
    ['bad preset', ['check', '--preset', 'prod'], /preset/],
    ['bad output', ['check', '-o', 'xml'], /output/],
  ])('%s', (_name, args, pattern) => {
    const run = runCli(args);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = runCli(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });
});

describe('live run without AWS credentials', () => {
  it('says so once, with what the pod would see, and exits 2 or 1 — never a pass', () => {
    const manifest = file(
      'sa.yaml',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: cart-sa, namespace: retail-store-prod, annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::111122223333:role/cart-dynamodb-role" } }\n',
    );
    const run = runCli(['check', '-f', manifest, '--cluster', 'c', '--region', 'ap-south-1', '-o', 'json']);
    const lines = run.stderr
      .trimEnd()
      .split('\n')
      .filter((l) => l.startsWith('cart-doctor: no AWS credentials'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Unable to locate credentials/);
    const report = JSON.parse(run.stdout) as { checks: { id: string; status: string }[] };
    expect(report.checks.find((c) => c.id === 'trust.principal')?.status).toBe('error');
    expect(report.checks.find((c) => c.id === 'table.exists')?.status).toBe('error');
  });
});

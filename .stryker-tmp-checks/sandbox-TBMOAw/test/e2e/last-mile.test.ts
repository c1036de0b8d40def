/**
 * The commands people type around cart-doctor, through the built CLI: the stdin pre-deploy
 * hook, inputs with nothing to judge, repeated objects, flag values, typos, help, completion
 * and permissions piped into other tools.
 */
// @ts-nocheck

import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import type { Report } from '../../src/report/model.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cd-lastmile-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const healthy = parse(readFileSync(join(REPO_ROOT, 'fixtures/healthy-guide.yaml'), 'utf8')) as { kubernetes: unknown[] };
/** The healthy guide's objects as `helm template` prints them: one multi-document stream. */
const HELM_STREAM = healthy.kubernetes.map((o) => `---\n# Source: cart/templates/x.yaml\n${stringify(o)}`).join('');

const status = (r: Report, id: string) => r.checks.find((c) => c.id === id)?.status;
const oneLine = (stderr: string) => {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^cart-doctor: /);
  return lines[0]!;
};

describe('stdin: the pre-deploy hook', () => {
  it.each([
    ['-f -', ['-f', '-']],
    ['--manifests -', ['--manifests', '-']],
    ['-f=-', ['-f=-']],
  ])('helm template … | cart-doctor check %s judges the stream', (_name, flags) => {
    const run = runCli(['check', '--snapshot', 'fixtures/healthy-guide.yaml', ...flags, '-o', 'json'], { input: HELM_STREAM });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Report;
    expect(run.status).toBe(0);
    expect(status(report, 'sa.exists')).toBe('pass');
    expect(status(report, 'env.table-name')).toBe('pass');
  });

  it('stdin and a file together: both are read', () => {
    const [first, ...rest] = healthy.kubernetes;
    const file = write('first.yaml', stringify(first));
    const run = runCli(['check', '--snapshot', 'fixtures/healthy-guide.yaml', '-f', file, '-', '-o', 'json'], {
      input: rest.map((o) => `---\n${stringify(o)}`).join(''),
    });
    expect(run.status).toBe(0);
  });
});

describe('input with nothing to judge is bad input, not a broken chain', () => {
  mkdirSync(join(dir, 'empty'), { recursive: true });
  const values = write('values.yaml', 'replicaCount: 1\nimage: { repository: carts }\n');
  it.each([
    ['empty stdin', ['-f', '-'], '', /<stdin>: holds no Kubernetes object/],
    ['an empty folder', ['-f', join(dir, 'empty')], undefined, /empty: holds no Kubernetes object/],
    ['a values file', ['-f', values], undefined, /values\.yaml: holds no Kubernetes object/],
  ])('%s → exit 3 naming the input', (_name, flags, input, pattern) => {
    const run = runCli(['check', '--snapshot', 'fixtures/healthy-guide.yaml', ...flags], { input });
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(oneLine(run.stderr)).toMatch(pattern);
  });
});

describe('the same object in two inputs', () => {
  const sa = healthy.kubernetes.find((o) => (o as { kind: string }).kind === 'ServiceAccount') as { metadata: { annotations: Record<string, string> } };
  const stale = structuredClone(sa);
  stale.metadata.annotations['eks.amazonaws.com/role-arn'] = 'arn:aws:iam::111122223333:role/old-role';
  const rest = healthy.kubernetes.filter((o) => o !== sa);
  const a = write('a.yaml', [stale, ...rest].map((o) => `---\n${stringify(o)}`).join(''));
  const b = write('b.yaml', stringify(sa));

  it('warns naming both places and judges the one kubectl apply would keep (the later)', () => {
    const run = runCli(['check', '--snapshot', 'fixtures/healthy-guide.yaml', '-f', a, b, '-o', 'json']);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.warnings).toContainEqual(
      expect.stringMatching(/ServiceAccount retail-store-prod\/cart-sa is given twice: in .*a\.yaml document 1 \(line \d+\) and in .*b\.yaml document 1/),
    );
    expect(status(report, 'sa.annotation')).toBe('pass');
    const swapped = runCli(['check', '--snapshot', 'fixtures/healthy-guide.yaml', '-f', b, a]);
    expect(swapped.stderr).toMatch(/warning: .*is given twice/);
    const swappedJson = runCli(['check', '--snapshot', 'fixtures/healthy-guide.yaml', '-f', b, a, '-o', 'json']);
    expect(status(JSON.parse(swappedJson.stdout) as Report, 'sa.annotation')).not.toBe('pass');
  });
});

describe('flag values are checked before any call', () => {
  const awsHome = join(dir, 'home');
  mkdirSync(join(awsHome, '.aws'), { recursive: true });
  writeFileSync(join(awsHome, '.aws', 'config'), '[default]\nregion = ap-south-1\n[profile prod-admin]\nregion = ap-south-1\n');
  it.each([
    ['--snapshot ""', ['check', '--snapshot', ''], /--snapshot: must not be empty/],
    ['-n ""', ['check', '--snapshot', 'fixtures/healthy-guide.yaml', '-n', ''], /--namespace: must not be empty/],
    ['--table " "', ['check', '--snapshot', 'fixtures/healthy-guide.yaml', '--table', ' '], /--table: must not be empty/],
    ['a profile typo', ['check', '-f', '-', '--profile', 'prod-admn'], /--profile: profile "prod-admn" is not in .*did you mean "prod-admin"\?/],
    ['permissions --account 1234', ['permissions', '--account', '1234'], /--account: "1234" is not an AWS account id/],
    ['a flag typo', ['check', '--namspace', 'x'], /unknown flag --namspace; did you mean --namespace\?/],
    ['a command typo', ['chek'], /unknown command "chek"; did you mean "check"\?/],
  ])('%s → exit 3, one line with the cart-doctor: prefix', (_name, args, pattern) => {
    const run = runCli(args, { env: { HOME: awsHome }, input: HELM_STREAM });
    expect(run.status).toBe(3);
    expect(oneLine(run.stderr)).toMatch(pattern);
  });
});

describe('conventions', () => {
  it('--help shows examples and the exit codes', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Examples:/);
    expect(run.stdout).toMatch(/check -f -/);
    expect(run.stdout).toMatch(/Exit codes:\n\s+0\s+no check failed[\s\S]*\n\s+3\s+bad flag/);
  });

  it('completion prints a shell completion script', () => {
    const run = runCli(['completion']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/cart-doctor/);
    expect(run.stdout).toMatch(/complete -o/);
  });

  it('explain takes -o table like check (text stays accepted)', () => {
    for (const output of ['table', 'text']) {
      const run = runCli(['explain', 'table.exists', '-o', output]);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/table\.exists/);
    }
  });

  it("explain <id> -o markdown prints the check's docs page, exactly as committed", () => {
    const run = runCli(['explain', 'trust.subject', '-o', 'markdown']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(REPO_ROOT, 'docs/checks/trust.subject.md'), 'utf8'));
    expect(runCli(['explain', 'AccessDeniedException', '-o', 'markdown']).status).toBe(3);
  });

  it('permissions -o json is one IAM policy document, -o yaml only the RBAC', () => {
    const json = runCli(['permissions', '--account', '111122223333', '--region', 'ap-south-1', '--cluster', 'c', '-o', 'json']);
    expect(json.status).toBe(0);
    const policy = JSON.parse(json.stdout) as { Version: string; Statement: unknown[] };
    expect(policy.Version).toBe('2012-10-17');
    const yaml = runCli(['permissions', '-n', 'carts', '-o', 'yaml']);
    expect(yaml.status).toBe(0);
    expect(yaml.stdout).not.toMatch(/Statement/);
    const kinds = parseAllDocuments(yaml.stdout).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds).toEqual(expect.arrayContaining(['Role', 'RoleBinding']));
  });
});

describe('a preset the input matches but the run was not given', () => {
  it('the upstream cart judged against the guide: one warning suggests --preset retail-store', () => {
    const run = runCli(['check', '--snapshot', 'fixtures/healthy-retail-store.yaml', '--preset', 'guide', '-o', 'json']);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.warnings.filter((w) => /pass --preset retail-store/.test(w))).toEqual([
      expect.stringMatching(/^the input holds Deployment carts\/carts with (RETAIL_CART_PERSISTENCE_|CARTS_DYNAMODB_)\w* \(the upstream retail-store cart\)/),
    ]);
    const right = runCli(['check', '--snapshot', 'fixtures/healthy-retail-store.yaml', '--preset', 'retail-store', '-o', 'json']);
    expect((JSON.parse(right.stdout) as Report).warnings.join('\n')).not.toMatch(/--preset/);
  });

  it('a recorded snapshot replays with the preset it was recorded with, without flags', () => {
    const file = write(
      'recorded.yaml',
      readFileSync(join(REPO_ROOT, 'fixtures/healthy-retail-store.yaml'), 'utf8').replace(/^target:\n/m, 'target:\n  preset: retail-store\n'),
    );
    const run = runCli(['check', '--snapshot', file, '-o', 'json']);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as Report).target.deployment).toBe('carts');
  });
});

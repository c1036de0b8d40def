/**
 * The K3s half of the guide through the built CLI: the real eks-workshop carts base is a
 * healthy K3s setup, and each seeded break (fixtures/k3s/) fails the check of its link with
 * the symptom the guide names.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCheckJson, runCli } from '../helpers/cli.js';

const REALWORLD = fileURLToPath(new URL('../../../shared/realworld/retail-store/', import.meta.url));
const present = existsSync(REALWORLD);
if (!present) {
  if (process.env.CI === 'true') throw new Error(`${REALWORLD} is absent: the K3s real-world test needs ../shared in CI`);
  console.warn(`K3s real-world test SKIPPED: ${REALWORLD} is absent`);
}
/** The eks-workshop base folder's carts files, as `kubectl apply -k` would read them (namespace carts). */
const BASE = present ? readdirSync(REALWORLD).filter((f) => /^eks-workshop-v2__manifests__base-application__carts__.*\.yaml$/.test(f)) : [];
const baseArgs = BASE.flatMap((f) => ['-f', join(REALWORLD, f)]);
const k3s = ['--platform', 'k3s', '--preset', 'retail-store'];
const status = (checks: { id: string; status: string }[], id: string) => checks.find((c) => c.id === id)?.status;

(present ? describe : describe.skip)('the real eks-workshop carts base (../shared/realworld)', () => {
  it('holds the eight carts files (the kustomization among them)', () => expect(BASE).toHaveLength(8));

  it('is a healthy K3s setup: exit 0, every local.* check passes, no EKS check passes', () => {
    const { status: exit, report, stderr } = runCheckJson([...baseArgs, ...k3s]);
    expect({ exit, stderr: stderr.replace(/^warning: .*kustomization.*\n/gm, '') }).toEqual({ exit: 0, stderr: '' });
    expect(report.target).toMatchObject({ namespace: 'carts', deployment: 'carts' });
    for (const id of ['local.endpoint', 'local.service', 'local.credentials', 'local.table'])
      expect({ id, status: status(report.checks, id) }).toEqual({ id, status: 'pass' });
    const passing = report.checks.filter((c) => c.status === 'pass').map((c) => c.id);
    expect(passing.sort()).toEqual([
      'deployment.service-account',
      'env.table-name',
      'local.credentials',
      'local.endpoint',
      'local.service',
      'local.table',
      'sa.exists',
    ]);
    // Every other link is EKS's, the AWS layers around the table included: skipped as such, whatever AWS_REGION says.
    const others = report.checks.filter((c) => !passing.includes(c.id) && c.id !== 'logs.symptoms');
    expect(others.filter((c) => c.status !== 'skip' || c.message !== 'not used on K3s').map((c) => `${c.id}: ${c.status} ${c.message}`)).toEqual([]);
  });

  it('the terminal report says k3s (--platform) and exits 0', () => {
    const run = runCli(['check', ...baseArgs, ...k3s]);
    expect(run.status).toBe(0);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('carts/carts → local DynamoDB → table Items · platform k3s (--platform)');
  });

  it('fails on EKS: the env checks name the K3s-only settings', () => {
    const { status: exit, report } = runCheckJson([...baseArgs, '--platform', 'eks', '--preset', 'retail-store']);
    expect(exit).toBe(1);
    for (const id of ['env.static-credentials', 'env.local-endpoint', 'env.create-table'])
      expect({ id, status: status(report.checks, id) }).toEqual({ id, status: 'fail' });
    expect(report.migration?.settings.map((m) => m.name)).toEqual(STEP_9_NAMES);
  });
});

/** The base's K3s-only settings in setup guide step 9 order: the keys, the local endpoint, create-table. */
const STEP_9_NAMES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT',
  'RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE',
];

describe('the move to EKS: check --platform eks -f <the K3s manifests>', () => {
  const eks = ['--platform', 'eks', '--preset', 'retail-store'];

  it('the JSON names each K3s-only setting once, in step 9 order, with its file, line and the lines to delete', () => {
    const { status: exit, report } = runCheckJson(['-f', 'fixtures/k3s/healthy.yaml', ...eks]);
    expect(exit).toBe(1);
    const file = 'fixtures/k3s/healthy.yaml';
    const from = 'ConfigMap/carts';
    expect(report.migration).toEqual({
      from: 'k3s',
      to: 'eks',
      settings: [
        { name: STEP_9_NAMES[0], what: 'static AWS key', check: 'env.static-credentials', from, file, line: 19, deleteLines: [19] },
        { name: STEP_9_NAMES[1], what: 'static AWS key', check: 'env.static-credentials', from, file, line: 20, deleteLines: [20] },
        { name: STEP_9_NAMES[2], what: 'DynamoDB local endpoint', check: 'env.local-endpoint', from, file, line: 21, deleteLines: [21] },
        { name: STEP_9_NAMES[3], what: 'create-table flag', check: 'env.create-table', from, file, line: 18, deleteLines: [18] },
      ],
    });
  });

  it('the terminal report says it as one migration block, in that order', () => {
    const text = runCli(['check', '-f', 'fixtures/k3s/healthy.yaml', ...eks], { env: { COLUMNS: '200' } }).stdout;
    expect(text).toContain('Moving from K3s to EKS: these K3s-only settings must go (setup guide step 9):');
    const at = STEP_9_NAMES.map((name) => text.indexOf(`. ${name} (`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text.match(/Moving from K3s to EKS/g)).toHaveLength(1);
  });

  it('no migration block on K3s, nor on EKS when nothing K3s-only is there', () => {
    expect(runCheckJson(['-f', 'fixtures/k3s/healthy.yaml', ...k3s]).report.migration).toBeUndefined();
    expect(runCheckJson(['--snapshot', 'fixtures/healthy-guide.yaml']).report.migration).toBeUndefined();
  });

  it('--fix-script deletes exactly those lines: afterwards the env checks pass and the rest of the file is unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-migrate-'));
    const file = join(dir, 'carts.yaml');
    copyFileSync('fixtures/k3s/healthy.yaml', file);
    const script = join(dir, 'fix.sh');
    runCli(['check', '-f', file, ...eks, '--fix-script', script]);
    const text = readFileSync(script, 'utf8');
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
    const sed = text.split('\n').filter((l) => l.startsWith('sed -i.k3s '));
    expect(sed).toEqual([`sed -i.k3s -e '21d' -e '20d' -e '19d' -e '18d' ${file}`]);
    // Only the sed line is run here: the rest of the script talks to a cluster and to AWS.
    expect(spawnSync('bash', ['-c', sed[0]!]).status).toBe(0);
    const before = readFileSync('fixtures/k3s/healthy.yaml', 'utf8').split('\n');
    expect(readFileSync(file, 'utf8').split('\n')).toEqual(before.filter((_, i) => ![17, 18, 19, 20].includes(i)));
    const { report } = runCheckJson(['-f', file, ...eks]);
    for (const id of ['env.static-credentials', 'env.local-endpoint', 'env.create-table'])
      expect({ id, status: status(report.checks, id) }).toEqual({ id, status: 'pass' });
    expect(report.migration).toBeUndefined();
  });
});

describe('fixtures/k3s: the base copy and its seeded breaks', () => {
  it('healthy.yaml (the base, as one file) exits 0', () => {
    const { status: exit, report } = runCheckJson(['-f', 'fixtures/k3s/healthy.yaml', ...k3s]);
    expect({ exit, failing: report.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip').map((c) => c.id) }).toEqual({ exit: 0, failing: [] });
  });

  it.each([
    { file: 'selector-matches-nothing', check: 'local.service', symptom: 'Connection refused', says: 'which no pod' },
    { file: 'wrong-port', check: 'local.endpoint', symptom: 'Connection refused', says: 'dials port 8080; Service carts-dynamodb listens on 8000' },
    { file: 'endpoint-host-typo', check: 'local.endpoint', symptom: 'Connection refused', says: 'names Service carts/carts-dynamdb, which does not exist' },
    {
      file: 'no-dynamodb-deployment',
      check: 'local.service',
      symptom: 'Connection refused',
      says: 'No Deployment or StatefulSet in carts runs a DynamoDB-compatible image',
    },
    { file: 'create-table-off', check: 'local.table', symptom: 'ResourceNotFoundException', says: 'Create-table is off' },
  ])('$file fails $check with $symptom, and nothing else fails', ({ file, check, symptom, says }) => {
    const { status: exit, report } = runCheckJson(['-f', `fixtures/k3s/${file}.yaml`, ...k3s]);
    const failing = report.checks.filter((c) => c.status === 'fail');
    expect({ exit, failing: failing.map((c) => c.id) }).toEqual({ exit: 1, failing: [check] });
    expect(failing[0]!.symptom?.error).toBe(symptom);
    expect(failing[0]!.message).toContain(says);
    expect(report.predictedErrors.map((p) => p.error)).toEqual([symptom]);
  });
});

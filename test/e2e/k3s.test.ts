/**
 * The K3s half of the guide through the built CLI: the real eks-workshop carts base is a
 * healthy K3s setup, and each seeded break (fixtures/k3s/) fails the check of its link with
 * the symptom the guide names.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
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

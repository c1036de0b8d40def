/**
 * --platform through the built CLI: the header and the JSON say which platform was judged and
 * how it was chosen; on K3s the EKS-only checks skip "not used on K3s", never pass.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheckJson, runCli } from '../helpers/cli.js';

const HEALTHY = 'fixtures/k3s/healthy.yaml';
const base = ['-f', HEALTHY, '--preset', 'retail-store'];

describe('how the platform is chosen', () => {
  it.each([
    { how: 'the flag', args: ['--platform', 'k3s', '-f', 'fixtures/k3s/nodes-eks.yaml'], platform: { name: 'k3s', source: 'flag' } },
    { how: 'detection from recorded K3s nodes', args: ['-f', 'fixtures/k3s/nodes-k3s.yaml'], platform: { name: 'k3s', source: 'detected' } },
    { how: 'detection from recorded EKS nodes', args: ['-f', 'fixtures/k3s/nodes-eks.yaml'], platform: { name: 'eks', source: 'detected' } },
    { how: 'the default, when nothing tells', args: [], platform: { name: 'eks', source: 'default' } },
  ])('$how', ({ args, platform }) => {
    const { report } = runCheckJson([...base, ...args]);
    expect(report.platform).toMatchObject(platform);
  });

  it('the config file key platform: k3s, below the flag', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-platform-'));
    const config = join(dir, 'cart-doctor.yaml');
    writeFileSync(config, 'platform: k3s\n');
    expect(runCheckJson([...base, '--config', config]).report.platform).toEqual({ name: 'k3s', source: 'config' });
    expect(runCheckJson([...base, '--config', config, '--platform', 'eks']).report.platform).toEqual({ name: 'eks', source: 'flag' });
    writeFileSync(config, 'platform: minikube\n');
    const bad = runCli(['check', ...base, '--config', config]);
    expect({ status: bad.status, stderr: bad.stderr }).toEqual({ status: 3, stderr: expect.stringContaining('platform') });
  });

  it('the header says the platform and how it was chosen', () => {
    const detected = runCli(['check', ...base, '-f', 'fixtures/k3s/nodes-k3s.yaml']);
    expect(detected.stdout.replace(/\s+/g, ' ')).toContain('platform k3s (detected: node k3s-server: label node.kubernetes.io/instance-type=k3s)');
    expect(runCli(['check', ...base]).stdout.replace(/\s+/g, ' ')).toContain('platform eks (default)');
  });

  it('an unknown --platform is bad input (exit 3)', () => {
    const run = runCli(['check', ...base, '--platform', 'gke']);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/platform/);
  });
});

describe('on K3s, the EKS chain is not judged', () => {
  it('IRSA, IAM, AWS-table and forbidding env checks skip "not used on K3s"; none passes', () => {
    const { report } = runCheckJson([...base, '--platform', 'k3s']);
    const eksOnly = [
      'sa.annotation',
      'pods.identity',
      'identity.pod-identity',
      'env.static-credentials',
      'env.local-endpoint',
      'env.create-table',
      'oidc.provider',
      'trust.principal',
      'trust.subject',
      'trust.audience',
      'policy.actions',
      'policy.resource',
      'region.match',
      'table.exists',
      'table.active',
      'table.key-schema',
      'table.billing-mode',
    ];
    for (const id of eksOnly) expect({ id, ...pick(report.checks.find((c) => c.id === id)) }).toEqual({ id, status: 'skip', message: 'not used on K3s' });
  });

  it('on EKS the local.* checks skip "only on K3s"', () => {
    const { report } = runCheckJson([...base, '--platform', 'eks']);
    const local = report.checks.filter((c) => c.id.startsWith('local.'));
    expect(local.map((c) => c.id).sort()).toEqual(['local.credentials', 'local.endpoint', 'local.service', 'local.table']);
    for (const c of local) expect(pick(c)).toEqual({ status: 'skip', message: 'only on K3s' });
  });
});

const pick = (c: { status: string; message: string } | undefined) => ({ status: c?.status, message: c?.message });

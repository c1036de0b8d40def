/**
 * One side unreachable: one clear line on stderr (not one per check), exit 2 because checks
 * could not be evaluated, and the other side's checks still give their verdicts.
 */
// @ts-nocheck

import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/model.js';
import { runCliAsync } from '../helpers/cli.js';
import { kubeconfigFor } from './fake-kube-server.js';
import { freePort } from './moto.js';
import { GUIDE_MANIFESTS } from './moto-world.js';
import { awsOnlySnapshot } from './fixture-routes.js';

const dir = mkdtempSync(join(tmpdir(), 'cd-unreachable-'));

const awsOnly = () => awsOnlySnapshot('healthy-guide', dir);

const statuses = (r: Report, ids: string[]) => ids.map((id) => `${id}=${r.checks.find((c) => c.id === id)?.status}`);
const KUBE_CHECKS = ['sa.exists', 'deployment.service-account', 'env.static-credentials', 'env.table-name'];
const AWS_CHECKS = ['oidc.provider', 'trust.principal', 'trust.subject', 'policy.actions', 'table.exists', 'table.key-schema'];

describe('one side unreachable', () => {
  it('cluster refuses connections: one line, exit 2, the AWS checks still judged', async () => {
    const kubeconfig = join(dir, 'refused.kubeconfig');
    writeFileSync(kubeconfig, kubeconfigFor(`http://127.0.0.1:${await freePort()}`));
    const run = await runCliAsync(['check', '--snapshot', awsOnly(), '--kubeconfig', kubeconfig, '--role', 'cart-dynamodb-role', '-o', 'json']);
    const report = JSON.parse(run.stdout) as Report;
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /^cart-doctor: cannot reach the cluster at http:\/\/127\.0\.0\.1:\d+ \(context arn:aws:eks:ap-south-1:111122223333:cluster\/cart-cluster\)/,
      ),
    ]);
    expect(run.status).toBe(2);
    expect(statuses(report, KUBE_CHECKS)).toEqual(KUBE_CHECKS.map((id) => `${id}=error`));
    expect(statuses(report, AWS_CHECKS)).toEqual(AWS_CHECKS.map((id) => `${id}=pass`));
  }, 30_000);

  it('no kubeconfig anywhere: one line that says so', async () => {
    const run = await runCliAsync(['check', '--snapshot', awsOnly(), '--role', 'cart-dynamodb-role', '-o', 'json'], { HOME: dir });
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^cart-doctor: no kubeconfig found/)]);
    expect(run.status).toBe(2);
    expect(statuses(JSON.parse(run.stdout) as Report, AWS_CHECKS)).toEqual(AWS_CHECKS.map((id) => `${id}=pass`));
  }, 30_000);

  it('AWS refuses connections: one line, exit 2, the Kubernetes checks still judged', async () => {
    const manifests = join(dir, 'cart.yaml');
    writeFileSync(manifests, GUIDE_MANIFESTS);
    const run = await runCliAsync(['check', '-f', manifests, '--cluster', 'cart-cluster', '--region', 'ap-south-1', '-o', 'json'], {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${await freePort()}`,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    const report = JSON.parse(run.stdout) as Report;
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^cart-doctor: cannot reach AWS at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/)]);
    expect(run.status).toBe(2);
    expect(statuses(report, KUBE_CHECKS)).toEqual(KUBE_CHECKS.map((id) => `${id}=pass`));
    expect(statuses(report, ['table.exists', 'trust.principal', 'identity.pod-identity'])).toEqual([
      'table.exists=error',
      'trust.principal=error',
      'identity.pod-identity=error',
    ]);
  }, 30_000);
});

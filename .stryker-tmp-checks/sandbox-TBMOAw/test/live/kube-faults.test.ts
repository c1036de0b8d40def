/**
 * The Kubernetes half of the fault matrix (issue 8): every read a healthy run makes, answered
 * with each fault a real API server or the network in front of it can give. Whatever the
 * fault, the run is never exit 0 and the check that needs that read is never a pass; no fault
 * is mistaken for bad user input (exit 3). The AWS half is test/live/aws-faults.test.ts.
 */
// @ts-nocheck

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/model.js';
import { runCliAsync } from '../helpers/cli.js';
import { kubeconfigFor, startFakeKube, type FakeKube } from './fake-kube-server.js';
import { awsOnlySnapshot, routesFor, type Routes } from './fixture-routes.js';

const dir = mkdtempSync(join(tmpdir(), 'cd-kube-faults-'));
const snapshot = awsOnlySnapshot('healthy-guide', dir);

/** Each read of a healthy run, and the check that cannot judge without it. */
const READS: { read: string; path: string; check: string }[] = [
  { read: 'get deployment', path: '/apis/apps/v1/namespaces/retail-store-prod/deployments/cart-deployment', check: 'deployment.service-account' },
  { read: 'get serviceaccount', path: '/api/v1/namespaces/retail-store-prod/serviceaccounts/cart-sa', check: 'sa.exists' },
  { read: 'get configmap', path: '/api/v1/namespaces/retail-store-prod/configmaps/cart-configmap', check: 'env.table-name' },
  { read: 'list pods', path: '/api/v1/namespaces/retail-store-prod/pods', check: 'pods.identity' },
];

const FAULTS: Record<string, Routes[string]> = {
  hang: 'hang',
  'HTTP 500': {
    status: 500,
    body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'InternalError', code: 500, message: 'etcdserver: request timed out' },
  },
  'throttled (429)': {
    status: 429,
    body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'TooManyRequests', code: 429, message: 'too many requests' },
  },
  garbage: { status: 200, body: '\u0000\u00ff{{not json' },
  'HTML 200': { status: 200, body: '<html><body>Sign in to the corporate proxy</body></html>' },
  'empty 200': { status: 200, body: {} },
  denied: { status: 403, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'forbidden' } },
  reset: 'reset',
};

const cells = READS.flatMap((r) => Object.keys(FAULTS).map((fault) => ({ ...r, fault })));

describe('Kubernetes fault matrix: no fault gives a pass or exit 0', () => {
  const servers: FakeKube[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  beforeAll(() => {
    expect(Object.keys(routesFor('healthy-guide'))).toEqual(expect.arrayContaining(READS.map((r) => r.path)));
  });

  it.each(cells)(
    '$read answers $fault',
    async ({ path, check, fault }) => {
      const server = await startFakeKube({ ...routesFor('healthy-guide'), [path]: FAULTS[fault]! });
      servers.push(server);
      const kubeconfig = join(dir, `${servers.length}.kubeconfig`);
      writeFileSync(kubeconfig, kubeconfigFor(server.url));
      const run = await runCliAsync(['check', '--snapshot', snapshot, '--kubeconfig', kubeconfig, '--timeout', '2', '-o', 'json']);
      expect({ fault, status: run.status, stderr: run.stderr }).toEqual({
        fault,
        status: expect.any(Number),
        stderr: expect.not.stringMatching(/^\s+at |TypeError/m),
      });
      expect([1, 2]).toContain(run.status);
      const report = JSON.parse(run.stdout) as Report;
      const result = report.checks.find((c) => c.id === check)!;
      expect({ check, fault, status: result.status }).toEqual({ check, fault, status: expect.stringMatching(/^(error|fail|skip|warn)$/) });
      expect(result.status).not.toBe('pass');
      await server.close();
    },
    60_000,
  );
});

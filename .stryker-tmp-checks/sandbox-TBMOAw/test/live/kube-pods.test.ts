/**
 * The runtime side of the live cluster path: listing the Deployment's pods by its selector and
 * reading the Cart container's log (and the previous instance's, after a restart), GET only.
 */
// @ts-nocheck

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESETS } from '../../src/config/presets.js';
import { FactUnavailable } from '../../src/errors.js';
import { FactStore } from '../../src/facts/store.js';
import { LiveKubeSource } from '../../src/sources/kube-live.js';
import { SnapshotAwsSource } from '../../src/sources/snapshot.js';
import { parse, stringify } from 'yaml';
import type { Report } from '../../src/report/model.js';
import type { KubeObject } from '../../src/sources/types.js';
import { REPO_ROOT, runCliAsync } from '../helpers/cli.js';
import { kubeconfigFor, startFakeKube, type FakeKube } from './fake-kube-server.js';
import { routesFor } from './fixture-routes.js';

const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-pods-'));
const ROLE = 'arn:aws:iam::111122223333:role/carts';
const LEAK = 'hunter2-pod-env';
const pod = (name: string, restartCount: number) => ({
  metadata: { name, namespace: 'carts', labels: { app: 'carts' }, creationTimestamp: '2026-11-20T10:00:00Z' },
  spec: {
    serviceAccountName: 'carts',
    containers: [
      {
        name: 'carts',
        env: [
          { name: 'AWS_ROLE_ARN', value: ROLE },
          { name: 'AWS_SESSION_TOKEN', value: LEAK },
        ],
      },
    ],
  },
  status: { phase: 'Running', containerStatuses: [{ name: 'carts', restartCount }] },
});
const forbidden = (what: string) => ({
  status: 403,
  body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: `${what} is forbidden` },
});

describe('pods and pod logs from a live cluster (fake API server)', () => {
  let kube: FakeKube;
  let kubeconfig: string;

  beforeAll(async () => {
    kube = await startFakeKube({
      '/apis/apps/v1/namespaces/carts/deployments/carts': {
        status: 200,
        body: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'carts', namespace: 'carts' },
          spec: {
            selector: { matchLabels: { app: 'carts' } },
            template: { metadata: { labels: { app: 'carts' } }, spec: { serviceAccountName: 'carts', containers: [{ name: 'carts', image: 'x' }] } },
          },
        },
      },
      '/api/v1/namespaces/carts/serviceaccounts/carts': {
        status: 200,
        body: {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'carts', namespace: 'carts', annotations: { 'eks.amazonaws.com/role-arn': ROLE } },
        },
      },
      '/api/v1/namespaces/carts/pods': { status: 200, body: { apiVersion: 'v1', kind: 'PodList', items: [pod('carts-b', 2), pod('carts-a', 0)] } },
      '/api/v1/namespaces/carts/pods/carts-a/log': { status: 200, body: 'started\nready\n' },
      '/api/v1/namespaces/carts/pods/carts-b/log': { status: 200, body: 'restarted\n' },
      '/api/v1/namespaces/locked/pods': forbidden('pods'),
      '/api/v1/namespaces/locked/pods/p/log': forbidden('pods "p"'),
    });
    kubeconfig = join(dir, 'config');
    writeFileSync(kubeconfig, kubeconfigFor(kube.url));
    // The first import of client-node is slow on a loaded machine: pay it here, not in a 5 s test.
    await import('@kubernetes/client-node');
  }, 30_000);
  afterAll(() => kube.close());

  const connect = () => LiveKubeSource.connect({ kubeconfig, timeoutMs: 1000 });

  it('lists pods by label selector (LIST), as plain Pod objects with credential values dropped', async () => {
    const pods = await (await connect()).listPods('carts', { app: 'carts' });
    expect(pods.map((p) => [p.kind, p.metadata.name])).toEqual([
      ['Pod', 'carts-b'],
      ['Pod', 'carts-a'],
    ]);
    expect(JSON.stringify(pods)).not.toContain(LEAK);
    const list = kube.requests.find((r) => r.path === '/api/v1/namespaces/carts/pods');
    expect(list).toMatchObject({ method: 'GET', query: expect.stringContaining('labelSelector=app=carts') });
  });

  it('reads a container log with --tail and --since bounds', async () => {
    const text = await (await connect()).podLog('carts', 'carts-a', { container: 'carts', tailLines: 50, sinceSeconds: 600 });
    expect(text).toBe('started\nready\n');
    const read = kube.requests.filter((r) => r.path === '/api/v1/namespaces/carts/pods/carts-a/log').pop()!;
    expect(read.query).toMatch(/container=carts/);
    expect(read.query).toMatch(/tailLines=50/);
    expect(read.query).toMatch(/sinceSeconds=600/);
  });

  it('says which permission is missing when RBAC forbids pods or pods/log', async () => {
    const source = await connect();
    await expect(source.listPods('locked', { app: 'x' })).rejects.toThrow(/list on pods/);
    await expect(source.podLog('locked', 'p', { container: 'c', tailLines: 1, sinceSeconds: 1 })).rejects.toThrow(/get on pods\/log/);
    await expect(source.listPods('locked', { app: 'x' })).rejects.toBeInstanceOf(FactUnavailable);
  });

  it('facts: the Cart container of every pod, plus the previous instance of one that restarted', async () => {
    const target = { ...PRESETS['retail-store'].target, cluster: 'c', region: 'ap-south-1' };
    const store = new FactStore(
      { target, expect: PRESETS['retail-store'].expect },
      {
        aws: new SnapshotAwsSource({ file: 'none', aws: [] }),
        kube: await connect(),
        origin: { file: 'test' },
        logs: { live: { tailLines: 200, sinceSeconds: 3600, maxPods: 5 } },
      },
    );
    const pods = await store.pods();
    expect(pods.pods.map((p) => [p.name, p.containers[0]!.restartCount])).toEqual([
      ['carts-a', 0],
      ['carts-b', 2],
    ]);
    const logs = await store.logs();
    expect(logs.scanned.map((t) => t.origin)).toEqual([
      'pod/carts-a container carts',
      'pod/carts-b container carts',
      'pod/carts-b container carts (previous instance)',
    ]);
    expect(logs.scope).toBe('the last 200 lines within 1h of 2 of 2 pod(s)');
    const previous = kube.requests.filter((r) => r.path === '/api/v1/namespaces/carts/pods/carts-b/log').map((r) => r.query);
    expect(previous.some((q) => /previous=true/.test(q))).toBe(true);
  });
});

/**
 * The built CLI, recorded AWS answers (a snapshot without its `kubernetes:` part) and the
 * Kubernetes objects served live: the hybrid run a user makes with `--snapshot` and a cluster.
 */
describe('pods.identity end to end against a live (fake) cluster', () => {
  it.each([
    ['healthy-guide', 'pass', 0],
    ['scenarios/pods-not-restarted', 'fail', 1],
    ['scenarios/pods-stale-role', 'fail', 1],
  ] as const)(
    '%s: pods.identity %s, exit %d',
    async (scenario, verdict, exit) => {
      const server = await startFakeKube(routesFor(scenario));
      try {
        const snapshot = parse(readFileSync(join(REPO_ROOT, `fixtures/${scenario}.yaml`), 'utf8')) as Record<string, unknown>;
        delete snapshot.kubernetes;
        const file = join(dir, `${scenario.replace('/', '-')}.yaml`);
        writeFileSync(file, stringify(snapshot));
        const config = join(dir, `${scenario.replace('/', '-')}.kubeconfig`);
        writeFileSync(config, kubeconfigFor(server.url));
        const run = await runCliAsync(['check', '--snapshot', file, '--kubeconfig', config, '-o', 'json']);
        const report = JSON.parse(run.stdout) as Report;
        expect([report.checks.find((c) => c.id === 'pods.identity')?.status, run.status]).toEqual([verdict, exit]);
        const list = server.requests.find((r) => r.path === '/api/v1/namespaces/retail-store-prod/pods');
        expect(list?.query).toContain('labelSelector=app=cart,component=backend');
        expect(server.requests.every((r) => r.method === 'GET')).toBe(true);
      } finally {
        await server.close();
      }
    },
    30_000,
  );
});

describe('check --logs end to end against a live (fake) cluster', () => {
  it("reads the Cart container's recent lines of each pod and names the node role it finds", async () => {
    const routes = routesFor('healthy-guide');
    const snapshot = parse(readFileSync(join(REPO_ROOT, 'fixtures/healthy-guide.yaml'), 'utf8')) as { kubernetes: KubeObject[] } & Record<string, unknown>;
    const pods = snapshot.kubernetes.filter((o) => o.kind === 'Pod');
    const nodeRole = readFileSync(join(REPO_ROOT, 'fixtures/logs/carts-node-role.log'), 'utf8');
    for (const p of pods) routes[`/api/v1/namespaces/retail-store-prod/pods/${p.metadata.name}/log`] = { status: 200, body: nodeRole };
    const server = await startFakeKube(routes);
    try {
      delete (snapshot as Record<string, unknown>).kubernetes;
      const file = join(dir, 'aws-only-logs.yaml');
      writeFileSync(file, stringify(snapshot));
      const config = join(dir, 'logs.kubeconfig');
      writeFileSync(config, kubeconfigFor(server.url));
      const run = await runCliAsync([
        'check',
        '--snapshot',
        file,
        '--kubeconfig',
        config,
        '--logs',
        '--logs-lines',
        '200',
        '--logs-since',
        '30m',
        '-o',
        'json',
      ]);
      const report = JSON.parse(run.stdout) as Report;
      const logs = report.checks.find((c) => c.id === 'logs.symptoms')!;
      expect([logs.status, logs.symptom?.error, run.status]).toEqual(['fail', 'AccessDeniedException', 1]);
      expect(logs.message).toContain('the last 200 lines within 30m of 2 of 2 pod(s)');
      expect(logs.message).toContain('i-0a1b2c3d4e5f60718');
      // One identical hit per pod: both pods show it.
      expect((logs.evidence as { hits: unknown[] }).hits).toHaveLength(2);
      const reads = server.requests.filter((r) => r.path.endsWith('/log'));
      expect(reads).toHaveLength(2);
      expect(reads.every((r) => /tailLines=200/.test(r.query) && /sinceSeconds=1800/.test(r.query))).toBe(true);
    } finally {
      await server.close();
    }
  }, 30_000);
});

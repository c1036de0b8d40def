/**
 * The runtime side of the live cluster path: listing the Deployment's pods by its selector and
 * reading the Cart container's log (and the previous instance's, after a restart), GET only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESETS } from '../../src/config/presets.js';
import { FactUnavailable } from '../../src/errors.js';
import { FactStore } from '../../src/facts/store.js';
import { LiveKubeSource } from '../../src/sources/kube-live.js';
import { SnapshotAwsSource } from '../../src/sources/snapshot.js';
import { kubeconfigFor, startFakeKube, type FakeKube } from './fake-kube-server.js';

const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-pods-'));
const ROLE = 'arn:aws:iam::111122223333:role/carts';
const LEAK = 'hunter2-pod-env';
const pod = (name: string, restartCount: number) => ({
  metadata: { name, namespace: 'carts', labels: { app: 'carts' }, creationTimestamp: '2026-11-20T10:00:00Z' },
  spec: {
    serviceAccountName: 'carts',
    containers: [{ name: 'carts', env: [{ name: 'AWS_ROLE_ARN', value: ROLE }, { name: 'AWS_SESSION_TOKEN', value: LEAK }] }],
  },
  status: { phase: 'Running', containerStatuses: [{ name: 'carts', restartCount }] },
});
const forbidden = (what: string) => ({ status: 403, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: `${what} is forbidden` } });

describe('pods and pod logs from a live cluster (fake API server)', () => {
  let kube: FakeKube;
  let kubeconfig: string;

  beforeAll(async () => {
    kube = await startFakeKube({
      '/apis/apps/v1/namespaces/carts/deployments/carts': {
        status: 200,
        body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'carts', namespace: 'carts' }, spec: { selector: { matchLabels: { app: 'carts' } }, template: { metadata: { labels: { app: 'carts' } }, spec: { serviceAccountName: 'carts', containers: [{ name: 'carts', image: 'x' }] } } } },
      },
      '/api/v1/namespaces/carts/serviceaccounts/carts': { status: 200, body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'carts', namespace: 'carts', annotations: { 'eks.amazonaws.com/role-arn': ROLE } } } },
      '/api/v1/namespaces/carts/pods': { status: 200, body: { apiVersion: 'v1', kind: 'PodList', items: [pod('carts-b', 2), pod('carts-a', 0)] } },
      '/api/v1/namespaces/carts/pods/carts-a/log': { status: 200, body: 'started\nready\n' },
      '/api/v1/namespaces/carts/pods/carts-b/log': { status: 200, body: 'restarted\n' },
      '/api/v1/namespaces/locked/pods': forbidden('pods'),
      '/api/v1/namespaces/locked/pods/p/log': forbidden('pods "p"'),
    });
    kubeconfig = join(dir, 'config');
    writeFileSync(kubeconfig, kubeconfigFor(kube.url));
  });
  afterAll(() => kube.close());

  const connect = () => LiveKubeSource.connect({ kubeconfig, timeoutMs: 1000 });

  it('lists pods by label selector (LIST), as plain Pod objects with credential values dropped', async () => {
    const pods = await (await connect()).listPods('carts', { app: 'carts' });
    expect(pods.map((p) => [p.kind, p.metadata.name])).toEqual([['Pod', 'carts-b'], ['Pod', 'carts-a']]);
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
      { aws: new SnapshotAwsSource({ file: 'none', target: {}, aws: [], warnings: [] }), kube: await connect(), origin: { file: 'test' }, logs: { live: { tailLines: 200, sinceSeconds: 3600, maxPods: 5 } } },
    );
    const pods = await store.pods();
    expect(pods.pods.map((p) => [p.name, p.containers[0]!.restartCount])).toEqual([['carts-a', 0], ['carts-b', 2]]);
    const logs = await store.logs();
    expect(logs.texts.map((t) => t.origin)).toEqual(['pod/carts-a container carts', 'pod/carts-b container carts', 'pod/carts-b container carts (previous instance)']);
    expect(logs.scope).toBe('the last 200 lines within 1h of 2 of 2 pod(s)');
    const previous = kube.requests.filter((r) => r.path === '/api/v1/namespaces/carts/pods/carts-b/log').map((r) => r.query);
    expect(previous.some((q) => /previous=true/.test(q))).toBe(true);
  });
});

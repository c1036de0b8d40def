// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveKubeSource, eksContextFrom } from '../../src/sources/kube-live.js';
import { FactUnavailable, InputError } from '../../src/errors.js';
import { kubeconfigFor, startFakeKube, type FakeKube } from './fake-kube-server.js';

const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-kube-'));
const SECRET_VALUE = 'd0-n0t-l3ak-th1s';

describe('LiveKubeSource against a fake API server', () => {
  let kube: FakeKube;
  let kubeconfig: string;

  beforeAll(async () => {
    kube = await startFakeKube({
      '/api/v1/namespaces/carts/serviceaccounts/carts': {
        status: 200,
        body: {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'carts', namespace: 'carts', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/carts' } },
        },
      },
      '/apis/apps/v1/namespaces/carts/deployments/carts': {
        status: 200,
        body: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'carts', namespace: 'carts' },
          spec: {
            selector: { matchLabels: { app: 'carts' } },
            template: {
              metadata: { labels: { app: 'carts' } },
              spec: { serviceAccountName: 'carts', containers: [{ name: 'carts', image: 'x', envFrom: [{ configMapRef: { name: 'carts' } }] }] },
            },
          },
        },
      },
      '/api/v1/namespaces/carts/secrets/visible': {
        status: 200,
        body: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'visible', namespace: 'carts' },
          data: { AWS_SECRET_ACCESS_KEY: Buffer.from(SECRET_VALUE).toString('base64') },
        },
      },
      '/api/v1/namespaces/carts/secrets/forbidden': {
        status: 403,
        body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'secrets "forbidden" is forbidden' },
      },
      '/api/v1/namespaces/carts/configmaps/slow': 'hang',
    });
    kubeconfig = join(dir, 'config');
    writeFileSync(kubeconfig, kubeconfigFor(kube.url));
    // The first import of client-node is slow on a loaded machine: pay it here, not in a 5 s test.
    await import('@kubernetes/client-node');
  }, 30_000);
  afterAll(() => kube.close());

  const connect = () => LiveKubeSource.connect({ kubeconfig, timeoutMs: 500 });

  it('reads objects as plain data with GET only', async () => {
    const source = await connect();
    const sa = await source.get('ServiceAccount', 'carts', 'carts');
    expect(sa?.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::111122223333:role/carts');
    const dep = await source.get('Deployment', 'carts', 'carts');
    expect((dep as unknown as { spec: { template: { spec: { serviceAccountName: string } } } }).spec.template.spec.serviceAccountName).toBe('carts');
    expect(kube.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('answers undefined for a missing object', async () => {
    await expect((await connect()).get('ConfigMap', 'carts', 'nope')).resolves.toBeUndefined();
  });

  it('keeps Secret key names and drops their values', async () => {
    const secret = await (await connect()).get('Secret', 'carts', 'visible');
    expect(Object.keys(secret?.data as object)).toEqual(['AWS_SECRET_ACCESS_KEY']);
    expect(JSON.stringify(secret)).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
  });

  it('turns 403 into a denied fact naming the permission', async () => {
    const err = await (await connect()).get('Secret', 'carts', 'forbidden').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FactUnavailable);
    expect((err as FactUnavailable).kind).toBe('denied');
    expect((err as Error).message).toMatch(/get secret carts\/forbidden/);
  });

  it('times out a server that never answers', async () => {
    const err = await (await connect()).get('ConfigMap', 'carts', 'slow').catch((e: unknown) => e);
    expect((err as FactUnavailable).kind).toBe('timeout');
  });

  it('says so when the cluster refuses connections', async () => {
    const closed = join(dir, 'closed');
    writeFileSync(closed, kubeconfigFor('http://127.0.0.1:9'));
    const source = await LiveKubeSource.connect({ kubeconfig: closed, timeoutMs: 500 });
    const err = await source.get('ServiceAccount', 'carts', 'carts').catch((e: unknown) => e);
    expect((err as FactUnavailable).kind).toBe('unreachable');
    expect((err as Error).message).toMatch(/cannot reach the cluster/);
  });

  it('rejects an unknown context as bad input', async () => {
    await expect(LiveKubeSource.connect({ kubeconfig, context: 'nope', timeoutMs: 500 })).rejects.toBeInstanceOf(InputError);
  });
});

describe('kubeconfig discovery', () => {
  it('detects the silent localhost:8080 fallback as "no kubeconfig found"', async () => {
    const saved = { HOME: process.env.HOME, KUBECONFIG: process.env.KUBECONFIG };
    process.env.HOME = mkdtempSync(join(tmpdir(), 'cart-doctor-home-'));
    delete process.env.KUBECONFIG;
    try {
      const err = await LiveKubeSource.connect({ timeoutMs: 500 }).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/no kubeconfig found/);
    } finally {
      process.env.HOME = saved.HOME;
      if (saved.KUBECONFIG !== undefined) process.env.KUBECONFIG = saved.KUBECONFIG;
    }
  });

  it.each([
    ['arn:aws:eks:ap-south-1:111122223333:cluster/cart-cluster', { region: 'ap-south-1', account: '111122223333', name: 'cart-cluster' }],
    ['arn:aws-cn:eks:cn-north-1:111122223333:cluster/x', { region: 'cn-north-1', account: '111122223333', name: 'x' }],
    ['kind-local', undefined],
    [undefined, undefined],
  ])('EKS context %s', (name, expected) => {
    expect(eksContextFrom(name)).toEqual(expected);
  });
});

/**
 * Issue 8: the whole-run deadline (D13g), the cluster's GET-only guard, and connection resets
 * named as resets (D13a), against the fake API server and servers that hang or hang up.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FactUnavailable } from '../../src/errors.js';
import { LiveAwsSource } from '../../src/sources/aws-live.js';
import { LiveKubeSource, assertGet, assertKubeRead, getOnly } from '../../src/sources/kube-live.js';
import { RunDeadline } from '../../src/sources/deadline.js';
import { runCliAsync } from '../helpers/cli.js';
import { kubeconfigFor, startFakeKube, type FakeKube } from './fake-kube-server.js';

const dir = mkdtempSync(join(tmpdir(), 'cd-deadline-'));
const NS = 'retail-store-prod';

/** A server that takes each connection and then drops it: "socket hang up". */
async function startHangUp(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req) => req.socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('--deadline: a run whose every call hangs ends with the report and names what was pending', () => {
  let kube: FakeKube;
  let aws: FakeKube;
  let kubeconfig: string;
  beforeAll(async () => {
    kube = await startFakeKube({
      [`/apis/apps/v1/namespaces/${NS}/deployments/cart-deployment`]: 'hang',
      [`/api/v1/namespaces/${NS}/serviceaccounts/cart-sa`]: 'hang',
    });
    // IAM and DynamoDB POST to "/": they hang too.
    aws = await startFakeKube({ '/': 'hang' });
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, kubeconfigFor(kube.url));
  });
  afterAll(async () => {
    await kube.close();
    await aws.close();
  });

  it('abandons the pending calls at the deadline: checks error, exit 2, one line naming them', async () => {
    const run = await runCliAsync(['check', '--kubeconfig', kubeconfig, '--timeout', '5', '--deadline', '1', '-o', 'json'], {
      AWS_ENDPOINT_URL: aws.url,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-real-secret-not-a-real-secret-0000',
      AWS_REGION: 'ap-south-1',
    });
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { checks: { status: string; message: string }[] };
    expect(report.checks.some((c) => c.status === 'pass')).toBe(false);
    expect(report.checks.some((c) => /deadline \(--deadline\)/.test(c.message))).toBe(true);
    const lines = run.stderr.split('\n').filter((l) => l.includes('--deadline'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cart-doctor: the run passed its 1 s deadline \(--deadline\) with \d+ calls? pending: /);
    expect(lines[0]).toContain(`get deployment ${NS}/cart-deployment`);
  }, 30_000);
});

describe('RunDeadline', () => {
  it('rejects pending calls as timeout facts, refuses later ones, and lists both', async () => {
    const deadline = new RunDeadline(0.01);
    const never = deadline.run('iam:GetRole', () => new Promise<never>(() => {}));
    const done = await deadline.run('eks:DescribeCluster', async () => 'ok');
    expect(done).toBe('ok');
    const err = await never.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FactUnavailable);
    expect((err as FactUnavailable).kind).toBe('timeout');
    expect(deadline.signal.aborted).toBe(true);
    await expect(deadline.run('get pod a/b', async () => 'late')).rejects.toBeInstanceOf(FactUnavailable);
    expect(deadline.message()).toBe('cart-doctor: the run passed its 0.01 s deadline (--deadline) with 1 call pending: iam:GetRole; 1 later call was not sent');
  });

  it('says nothing when the run ends in time', async () => {
    const deadline = new RunDeadline(60);
    await deadline.run('iam:GetRole', async () => 1);
    deadline.stop();
    expect(deadline.message()).toBeUndefined();
  });
});

describe('the cluster is GET-only at run time', () => {
  let kube: FakeKube;
  let source: LiveKubeSource;
  beforeAll(async () => {
    kube = await startFakeKube({});
    const kubeconfig = join(dir, 'guard-kubeconfig');
    writeFileSync(kubeconfig, kubeconfigFor(kube.url));
    source = await LiveKubeSource.connect({ kubeconfig, timeoutMs: 2000 });
  }, 30_000);
  afterAll(() => kube.close());

  it('only read* and list* operations may be called', () => {
    for (const op of ['readNamespacedPod', 'listNamespacedPod', 'readNamespacedPodLog']) expect(() => assertKubeRead(op)).not.toThrow();
    for (const op of [
      'createNamespacedConfigMap',
      'deleteNamespacedPod',
      'patchNamespacedServiceAccount',
      'replaceNamespacedSecret',
      'connectPostNamespacedPodExec',
    ]) {
      expect(() => assertKubeRead(op)).toThrow(/refused/);
    }
    expect(() => assertGet('GET', '/api/v1/pods')).not.toThrow();
    expect(() => assertGet('DELETE', '/api/v1/namespaces/a/pods/b')).toThrow(/refused: DELETE/);
  });

  it('a write operation is refused before any request reaches the server', async () => {
    const internals = source as unknown as { send(api: unknown, op: string, params: object): Promise<unknown>; core: unknown };
    await expect(internals.send(internals.core, 'deleteNamespacedPod', { name: 'p', namespace: 'n' })).rejects.toThrow(/refused: deleteNamespacedPod/);
    expect(kube.requests).toHaveLength(0);
  });

  it('the request middleware refuses any method but GET, even for a call that skips the name check', async () => {
    const internals = source as unknown as { core: Record<string, (p: object, o: object) => Promise<unknown>> };
    const create = internals.core.createNamespacedConfigMap!.bind(internals.core);
    await expect(create({ namespace: 'n', body: { metadata: { name: 'x' } } }, getOnly(new AbortController().signal))).rejects.toThrow(/refused: POST/);
    expect(kube.requests).toHaveLength(0);
  });
});

describe('a connection reset is a reset, not a timeout (D13a)', () => {
  let server: Awaited<ReturnType<typeof startHangUp>>;
  beforeAll(async () => {
    server = await startHangUp();
  });
  afterAll(() => server.close());

  it('on AWS', async () => {
    const loader = async () => {
      const mod = (await import('@aws-sdk/client-iam')) as unknown as Record<string, unknown>;
      const Client = mod.IAMClient as new (c: object) => unknown;
      // The real client, pointed at the server that hangs up, with explicit fake credentials.
      return {
        ...mod,
        IAMClient: class extends (Client as new (c: object) => object) {
          constructor(c: object) {
            super({ ...c, endpoint: server.url, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
          }
        },
      };
    };
    const err = await new LiveAwsSource({ timeoutMs: 5000, loader })
      .call({ service: 'iam', operation: 'GetRole', input: { RoleName: 'r' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FactUnavailable);
    expect((err as FactUnavailable).kind).toBe('failed');
    expect((err as Error).message).toMatch(/iam:GetRole: the connection was reset \(ECONNRESET\)/);
    expect((err as Error).message).not.toMatch(/--timeout/);
  }, 30_000);

  it('on the cluster', async () => {
    const kubeconfig = join(dir, 'reset-kubeconfig');
    writeFileSync(kubeconfig, kubeconfigFor(server.url));
    const err = await (await LiveKubeSource.connect({ kubeconfig, timeoutMs: 5000 })).get('ServiceAccount', 'n', 'sa').catch((e: unknown) => e);
    expect((err as FactUnavailable).kind).toBe('failed');
    expect((err as Error).message).toMatch(/get serviceaccount n\/sa: the connection to .* was reset \(ECONNRESET\)/);
  }, 30_000);
});

/**
 * The doctor inside a pod (the pre-deploy Job of deploy/): no kubeconfig, only what the kubelet
 * gives a pod — KUBERNETES_SERVICE_HOST/PORT, a projected service-account token, the cluster CA
 * and the namespace file — and, for AWS, a web-identity token (IRSA's AWS_ROLE_ARN and
 * AWS_WEB_IDENTITY_TOKEN_FILE). The API server is the fake one over HTTPS, with a CA made here
 * by openssl; AWS is moto. Through the built CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Report } from '../../src/report/model.js';
import type { KubeObject } from '../../src/sources/types.js';
import { runCliAsync } from '../helpers/cli.js';
import { startFakeKube, type FakeKube } from './fake-kube-server.js';
import { awsOnlySnapshot, objectPath, type Routes } from './fixture-routes.js';
import { findMotoPython, startMoto, type Moto } from './moto.js';
import { ACCOUNT, GUIDE_MANIFESTS, REGION, seedWorld } from './moto-world.js';
import { startLoggingProxy, type LoggingProxy } from './logging-proxy.js';

const dir = mkdtempSync(join(tmpdir(), 'cd-in-cluster-'));
const openssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
if (!openssl) {
  if (process.env.CI === 'true') throw new Error('openssl is missing, and CI must run the in-cluster test (it makes the fake API server a CA)');
  console.warn('openssl not found: the in-cluster tests are SKIPPED');
}
const python = findMotoPython();
if (!python) {
  if (process.env.CI === 'true') throw new Error('moto is not installed, and CI must run the live tests (python3 -m moto.server)');
  console.warn('moto not found: the in-cluster web-identity test is SKIPPED');
}

/** A CA, and a server certificate it signs for 127.0.0.1: what a cluster's API server presents. */
function makeCertificates(): { ca: string; key: string; cert: string } {
  const run = (args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]}: ${r.stderr}`);
  };
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=fake-kube-ca']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=kubernetes']);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:kubernetes.default.svc\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext']);
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return { ca: read('ca.crt'), key: read('server.key'), cert: read('server.crt') };
}

/** The guide's Cart objects in `namespace`, as the fake API server's routes. */
function guideRoutes(namespace: string): Routes {
  const routes: Routes = {};
  for (const doc of parseAllDocuments(GUIDE_MANIFESTS)) {
    const o = doc.toJS() as KubeObject;
    o.metadata.namespace = namespace;
    routes[objectPath(o)] = { status: 200, body: o };
  }
  routes[`/api/v1/namespaces/${namespace}/pods`] = { status: 200, body: { apiVersion: 'v1', kind: 'PodList', items: [] } };
  return routes;
}

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.projected-sa-token.signature';

/** A pod's service-account mount: token, ca.crt, namespace. */
function serviceAccountMount(name: string, ca: string, namespace: string): string {
  const mount = join(dir, name);
  mkdirSync(mount);
  writeFileSync(join(mount, 'token'), TOKEN);
  writeFileSync(join(mount, 'ca.crt'), ca);
  writeFileSync(join(mount, 'namespace'), namespace);
  return mount;
}

/** Exactly a pod's variables: a HOME without ~/.kube/config, no KUBECONFIG (runCliAsync drops the host's). */
function podEnv(kube: FakeKube, mount: string): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(dir, 'home-'));
  return { HOME: home, KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: new URL(kube.url).port, CART_DOCTOR_SERVICEACCOUNT_DIR: mount };
}

function parseReport(stdout: string, stderr: string): Report {
  try {
    return JSON.parse(stdout) as Report;
  } catch {
    throw new Error(`stdout is not a JSON report\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
}

const KUBE_CHECKS = ['deployment.service-account', 'sa.exists', 'sa.annotation', 'env.table-name'];

(openssl ? describe : describe.skip)('in-cluster: the pod service account against an HTTPS API server', () => {
  let kube: FakeKube;
  let ca: string;
  let snapshot: string;

  beforeAll(async () => {
    const certs = makeCertificates();
    ca = certs.ca;
    kube = await startFakeKube({ ...guideRoutes('retail-store-prod'), ...guideRoutes('shop') }, certs);
    snapshot = awsOnlySnapshot('healthy-guide', dir);
  }, 30_000);
  afterAll(() => kube?.close());

  it('reads the cluster with the bearer token over TLS verified against ca.crt, and judges the objects', async () => {
    kube.requests.length = 0;
    const mount = serviceAccountMount('sa-ok', ca, 'retail-store-prod');
    const run = await runCliAsync(['check', '--snapshot', snapshot, '-o', 'json'], podEnv(kube, mount));
    const report = parseReport(run.stdout, run.stderr);
    // The fixture's AWS account is not the served objects' (moto's): only the Kubernetes side is judged here.
    expect(run.stderr).toBe('');
    expect(report.checks.filter((c) => KUBE_CHECKS.includes(c.id)).map((c) => [c.id, c.status])).toEqual(KUBE_CHECKS.map((id) => [id, 'pass']));
    expect(kube.requests.length).toBeGreaterThan(0);
    expect(kube.requests.every((r) => r.method === 'GET' && r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  }, 60_000);

  it("defaults the namespace to the pod's own, and -n still wins", async () => {
    const mount = serviceAccountMount('sa-shop', ca, 'shop');
    kube.requests.length = 0;
    const own = await runCliAsync(['check', '--snapshot', snapshot, '-o', 'json'], podEnv(kube, mount));
    expect(parseReport(own.stdout, own.stderr).target.namespace).toBe('shop');
    expect(kube.requests.map((r) => r.path)).toContain('/apis/apps/v1/namespaces/shop/deployments/cart-deployment');
    kube.requests.length = 0;
    const flagged = await runCliAsync(['check', '--snapshot', snapshot, '-n', 'retail-store-prod', '-o', 'json'], podEnv(kube, mount));
    expect(parseReport(flagged.stdout, flagged.stderr).target.namespace).toBe('retail-store-prod');
    expect(kube.requests.every((r) => r.path.includes('/namespaces/retail-store-prod/'))).toBe(true);
  }, 60_000);

  it('a CA that did not sign the server is an unreachable cluster, never a pass', async () => {
    const other = mkdtempSync(join(dir, 'other-ca-'));
    spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'k', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=other'], {
      cwd: other,
    });
    const mount = serviceAccountMount('sa-wrong-ca', readFileSync(join(other, 'ca.crt'), 'utf8'), 'retail-store-prod');
    const run = await runCliAsync(['check', '--snapshot', snapshot, '-o', 'json'], podEnv(kube, mount));
    const report = parseReport(run.stdout, run.stderr);
    expect(report.checks.filter((c) => KUBE_CHECKS.includes(c.id)).map((c) => c.status)).toEqual(KUBE_CHECKS.map(() => 'error'));
    expect(run.status).not.toBe(0);
  }, 60_000);

  it('a pod without a mounted token says so in one line and judges nothing from the cluster', async () => {
    const mount = mkdtempSync(join(dir, 'no-token-'));
    const run = await runCliAsync(['check', '--snapshot', snapshot, '-o', 'json'], podEnv(kube, mount));
    const report = parseReport(run.stdout, run.stderr);
    expect(run.stderr).toBe(
      `cart-doctor: in-cluster (KUBERNETES_SERVICE_HOST is set) but there is no ${join(mount, 'token')}: mount the service-account token (automountServiceAccountToken: true) or pass --kubeconfig or -f manifests\n`,
    );
    expect(report.checks.filter((c) => KUBE_CHECKS.includes(c.id)).every((c) => c.status !== 'pass')).toBe(true);
  }, 60_000);

  (python ? describe : describe.skip)("the doctor's own AWS credentials from a web-identity token (IRSA), against moto", () => {
    let moto: Moto;
    let proxy: LoggingProxy;
    beforeAll(async () => {
      moto = await startMoto(python!);
      proxy = await startLoggingProxy(moto.endpoint);
      await seedWorld(moto.endpoint, 'none');
    }, 60_000);
    afterAll(async () => {
      await proxy?.close();
      moto?.stop();
    });

    it('assumes the role with the token file, then every live AWS call is answered', async () => {
      const mount = serviceAccountMount('sa-irsa', ca, 'retail-store-prod');
      const webIdentityToken = join(dir, 'eks.amazonaws.com-token');
      writeFileSync(webIdentityToken, 'eyJhbGciOiJSUzI1NiJ9.irsa-token.signature');
      proxy.log.length = 0;
      kube.requests.length = 0;
      const run = await runCliAsync(['check', '--cluster', 'cart-cluster', '-o', 'json'], {
        ...podEnv(kube, mount),
        AWS_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/cart-doctor`,
        AWS_WEB_IDENTITY_TOKEN_FILE: webIdentityToken,
        AWS_ENDPOINT_URL: proxy.endpoint,
        AWS_REGION: REGION,
      });
      const report = parseReport(run.stdout, run.stderr);
      const ops = proxy.log.map((l) => l.operation);
      expect(ops[0]).toBe('AssumeRoleWithWebIdentity');
      expect(ops).toEqual(expect.arrayContaining(['DescribeTable', 'GetRole', 'DescribeCluster']));
      const status = (id: string) => report.checks.find((c) => c.id === id)?.status;
      expect(['table.exists', 'trust.subject', 'policy.actions', ...KUBE_CHECKS].map((id) => [id, status(id)])).toEqual(
        ['table.exists', 'trust.subject', 'policy.actions', ...KUBE_CHECKS].map((id) => [id, 'pass']),
      );
      expect(kube.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
      expect(run.stderr).toBe('');
    }, 60_000);
  });
});

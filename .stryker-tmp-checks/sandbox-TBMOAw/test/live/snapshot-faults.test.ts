/**
 * Completeness is a fact (issue 8, D1): a snapshot recorded while a read fails replays to the
 * verdicts the live run gave, check by check, because every read is recorded with its outcome.
 * The AWS side is recorded answers (a hybrid run), the cluster is the fake API server.
 */
// @ts-nocheck

import { afterAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Report } from '../../src/report/model.js';
import { REPO_ROOT, runCliAsync, type CliRun } from '../helpers/cli.js';
import { kubeconfigFor, startFakeKube, type FakeKube } from './fake-kube-server.js';
import { awsOnlySnapshot, routesFor, type Routes } from './fixture-routes.js';
import { freePort } from './moto.js';

const dir = mkdtempSync(join(tmpdir(), 'cd-snapshot-faults-'));
const NS = '/api/v1/namespaces/retail-store-prod';
const DEPLOYMENT = '/apis/apps/v1/namespaces/retail-store-prod/deployments/cart-deployment';
const status = (code: number, reason: string) => ({
  status: code,
  body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code, message: `${reason} (fake API server)` },
});

/** The healthy guide, its Deployment also taking keys from a Secret (so a 403 on secrets matters). */
function world(): Routes {
  const routes = routesFor('healthy-guide');
  const deployment = structuredClone((routes[DEPLOYMENT] as { body: { spec: { template: { spec: { containers: { envFrom: unknown[] }[] } } } } }).body);
  deployment.spec.template.spec.containers[0]!.envFrom.push({ secretRef: { name: 'cart-secrets' } });
  routes[DEPLOYMENT] = { status: 200, body: deployment };
  routes[`${NS}/secrets/cart-secrets`] = {
    status: 200,
    body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cart-secrets', namespace: 'retail-store-prod' }, data: { DB_USER: 'Y2FydA==' } },
  };
  return routes;
}

const statuses = (run: CliRun) => Object.fromEntries((JSON.parse(run.stdout) as Report).checks.map((c) => [c.id, c.status]));
const servers: FakeKube[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function cluster(faults: Routes): Promise<string> {
  const server = await startFakeKube({ ...world(), ...faults });
  servers.push(server);
  const kubeconfig = join(dir, `${servers.length}.kubeconfig`);
  writeFileSync(kubeconfig, kubeconfigFor(server.url));
  return kubeconfig;
}

describe('a snapshot recorded under a fault replays to the live verdicts', () => {
  const aws = awsOnlySnapshot('healthy-guide', dir);

  it.each([
    ['no fault', {}, { 'env.static-credentials': 'pass' }, 0],
    ['403 on secrets', { [`${NS}/secrets/cart-secrets`]: status(403, 'Forbidden') }, { 'env.static-credentials': 'warn' }, 0],
    ['403 on the pod list', { [`${NS}/pods`]: status(403, 'Forbidden') }, { 'pods.identity': 'error' }, 2],
    ['403 on configmaps', { [`${NS}/configmaps/cart-configmap`]: status(403, 'Forbidden') }, { 'env.table-name': 'error' }, 2],
    ['500 on the deployment GET', { [DEPLOYMENT]: status(500, 'InternalError') }, { 'deployment.service-account': 'error' }, 2],
    ['a hang on the serviceaccount GET', { [`${NS}/serviceaccounts/cart-sa`]: 'hang' as const }, { 'sa.exists': 'error' }, 2],
  ] as const)(
    '%s',
    async (name, faults, expected, exit) => {
      const kubeconfig = await cluster(faults);
      const flags = ['--snapshot', aws, '--kubeconfig', kubeconfig, '--timeout', '1'];
      const file = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
      const [live, recorded] = await Promise.all([runCliAsync(['check', ...flags, '-o', 'json']), runCliAsync(['snapshot', ...flags, '-o', file])]);
      expect([recorded.status, recorded.stderr]).toEqual([0, expect.stringMatching(/^wrote /)]);
      const replay = await runCliAsync(['check', '--snapshot', file, '-o', 'json']);
      expect(statuses(live)).toMatchObject(expected);
      expect(statuses(replay)).toEqual(statuses(live));
      expect([live.status, replay.status]).toEqual([exit, exit]);
    },
    60_000,
  );

  it('AWS unreachable while recording: the AWS checks replay as error, the cluster ones as judged', async () => {
    const kubeconfig = await cluster({});
    const env = { AWS_ENDPOINT_URL: `http://127.0.0.1:${await freePort()}`, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
    const flags = ['--kubeconfig', kubeconfig, '--role', 'cart-dynamodb-role'];
    const file = join(dir, 'aws-unreachable.yaml');
    const [live, recorded] = await Promise.all([runCliAsync(['check', ...flags, '-o', 'json'], env), runCliAsync(['snapshot', ...flags, '-o', file], env)]);
    expect(recorded.status).toBe(0);
    const snapshot = parse(readFileSync(file, 'utf8')) as { aws: { status?: string; message?: string }[] };
    expect(snapshot.aws.length).toBeGreaterThan(0);
    expect(snapshot.aws.every((e) => e.status === 'failed' && /cannot reach AWS/.test(e.message ?? ''))).toBe(true);
    const replay = await runCliAsync(['check', '--snapshot', file, '-o', 'json']);
    // `unreachable` is recorded as `failed`; both are errors, so every check, the Pod Identity
    // lookup included (issue 8 D2), replays exactly as it was judged live.
    const replayed = statuses(replay);
    const seen = statuses(live);
    expect(seen['table.exists']).toBe('error');
    expect(seen['identity.pod-identity']).toBe('error');
    expect(replayed).toEqual(seen);
    expect([live.status, replay.status]).toEqual([2, 2]);
  }, 120_000);
});

describe('cart-doctor snapshot keeps what it has', () => {
  const bundle = (name: string) => {
    const file = join(dir, name);
    copyFileSync(join(REPO_ROOT, 'fixtures/healthy-guide.yaml'), file);
    return file;
  };

  it('both sides unreachable: exit 2, one line saying nothing usable was recorded, the bundle untouched', async () => {
    const file = bundle('unreachable-bundle.yaml');
    const before = readFileSync(file, 'utf8');
    const kubeconfig = join(dir, 'refused.kubeconfig');
    writeFileSync(kubeconfig, kubeconfigFor(`http://127.0.0.1:${await freePort()}`));
    const env = { AWS_ENDPOINT_URL: `http://127.0.0.1:${await freePort()}`, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
    const fresh = join(dir, 'never-written.yaml');
    const targets = [file, fresh];
    const runs = await Promise.all(
      targets.map((target) => runCliAsync(['snapshot', '--kubeconfig', kubeconfig, '--role', 'cart-dynamodb-role', '-o', target], env)),
    );
    runs.forEach((run, i) => {
      const lines = run.stderr
        .trim()
        .split('\n')
        .filter((l) => !/^cart-doctor: cannot reach/.test(l));
      expect([run.status, lines]).toEqual([
        2,
        [`cart-doctor: inconclusive: recorded no usable AWS answer and no Kubernetes object; ${targets[i]} not written`],
      ]);
    });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(existsSync(fresh)).toBe(false);
  }, 120_000);

  it('never overwrites a snapshot with an emptier one unless --force', async () => {
    const file = bundle('emptier-bundle.yaml');
    const before = readFileSync(file, 'utf8');
    const kubeconfig = await cluster({ [DEPLOYMENT]: status(500, 'InternalError') });
    const flags = ['snapshot', '--snapshot', awsOnlySnapshot('healthy-guide', dir), '--kubeconfig', kubeconfig, '-o', file];
    const refused = await runCliAsync(flags);
    expect(refused.status).toBe(3);
    expect(refused.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^cart-doctor: ${file}: holds \\d+ usable answers, this run recorded \\d+: not overwritten \\(use --force\\)$`)),
    ]);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const forced = await runCliAsync([...flags, '--force']);
    expect(forced.status).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toBe(before);
    expect((await runCliAsync(['check', '--snapshot', file, '-o', 'json'])).status).toBe(2);
  }, 60_000);

  it('a run as complete as the file it replaces overwrites it without --force', async () => {
    const kubeconfig = await cluster({});
    const file = join(dir, 'same.yaml');
    const flags = ['snapshot', '--snapshot', awsOnlySnapshot('healthy-guide', dir), '--kubeconfig', kubeconfig, '-o', file];
    expect((await runCliAsync(flags)).status).toBe(0);
    const again = await runCliAsync(flags);
    expect([again.status, again.stderr]).toEqual([0, expect.stringMatching(/^wrote /)]);
  }, 60_000);
});

describe('re-recording a snapshot offline keeps its verdicts and its preset', () => {
  it.each([
    ['healthy-guide', []],
    ['scenarios/sa-missing', []],
    ['scenarios/static-keys-secret-envfrom', []],
    ['scenarios/doctor-denied', []],
    ['healthy-retail-store', ['--preset', 'retail-store']],
  ] as const)(
    '%s %j',
    async (scenario, preset) => {
      const source = join(REPO_ROOT, `fixtures/${scenario}.yaml`);
      const file = join(dir, `re-recorded-${scenario.replace('/', '-')}.yaml`);
      const [original, recorded] = await Promise.all([
        runCliAsync(['check', '--snapshot', source, ...preset, '-o', 'json']),
        runCliAsync(['snapshot', '--snapshot', source, ...preset, '-o', file]),
      ]);
      expect(recorded.status).toBe(0);
      // No --preset on replay: the recorded target says which one.
      const replay = await runCliAsync(['check', '--snapshot', file, '-o', 'json']);
      expect(statuses(replay)).toEqual(statuses(original));
      expect(replay.status).toBe(original.status);
      expect((parse(readFileSync(file, 'utf8')) as { target: { preset?: string } }).target.preset).toBe(preset[1]);
    },
    60_000,
  );
});

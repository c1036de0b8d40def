/**
 * Canary test (issue 8, D4–D6): distinct fake secrets are planted in every place a secret can
 * hide — env of every container kind, ConfigMap data and binaryData, Secret data, stringData
 * and annotations, container args and command, other annotations, endpoint userinfo and query,
 * log lines of every shape the scanner used to miss, explain input — and every output kind of
 * the BUILT CLI is searched for each canary and for its first 8 characters.
 *
 * A new output format is one more line in OUTPUTS (SARIF, JUnit, github and --fix-script are).
 */
// @ts-nocheck

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { REPO_ROOT, fixture, runCli, runCliAsync, type CliRun } from './helpers/cli.js';
import { kubeconfigFor, startFakeKube, type FakeKube } from './live/fake-kube-server.js';

/** Every canary has a unique 8-character start that no normal output contains. */
const C = {
  dbPass: 'Qx1dbPasCanaryValue-plain',
  apiKey: 'Qx2apiKeCanaryValue-plain',
  authHeader: 'Qx3authHCanaryValue-plain',
  literalSecret: 'Qx4litSecCanary0123456789abcdefghijklmno',
  initEnv: 'Qx5initECanaryValue-plain',
  ephemeralEnv: 'Qx6ephemCanaryValue-plain',
  ephemeralSecret: 'Qx7ephSecCanary0123456789abcdefghijklmno',
  args: 'Qx8argsCCanaryValue-plain',
  command: 'Qx9commaCanaryValue-plain',
  cmData: 'Qy1cmDatCanaryValue-plain',
  cmAccessKey: 'AKIAQY2CMACCESSKEY01',
  cmBinary: 'UXkzY21CaW5hcnlDYW5hcnk=',
  cmFile: 'Qy4cmFilCanaryValue-plain',
  secretData: 'UXk1c2VjcmV0RGF0YUNhbmFyeQ==',
  secretString: 'Qy6secStCanaryValue-plain',
  secretAnnotation: 'Qy7secAnCanaryValue-plain',
  podAnnotation: 'Qy8podAnCanaryValue-plain',
  endpointPassword: 'Qy9endPwCanaryValue-plain',
  endpointToken: 'Qz1endToCanaryValue0123456789abcdefghijklmnopqrstuvwxyz',
  endpointSignature: 'Qz2endSiCanaryValue0123456789abcdef',
  logSessionToken: 'FwoGZXIvQz3CanarySessionToken0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ+/0123456789abcdef',
  logSecurityToken: 'Qz4logStCanaryValue0123456789abcdefghij',
  logSignature: 'qz5logsigcanary0123456789abcdef0123456789abcdef0123456789abcdef',
  logUrlEncoded: 'Qz6urlEn/Canary0123456789/abcdefghijklmno',
  logGlued: 'Qz7gluedCanary0123456789abcdefghijklmnop',
  logAccessKeyProd: 'AKIAQZ8LOGPRODKEY001',
  logCut: 'Qz9cutSeCanary0123456789abcdefghijklmnop',
  explainSecret: 'Qw1expSeCanary0123456789abcdefghijklmnop',
  explainToken: 'Qw2expToCanary0123456789abcdefghijklmnopqrstuv',
};

const NS = 'retail-store-prod';
const LABELS = { app: 'cart', component: 'backend' };

function manifests(): unknown[] {
  const env = [
    { name: 'TABLE_NAME', value: 'Items' },
    { name: 'DB_PASS', value: C.dbPass },
    { name: 'API_KEY', value: C.apiKey },
    { name: 'AUTH_HEADER', value: `Bearer ${C.authHeader}` },
    { name: 'AWS_ACCESS_KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE' },
    { name: 'AWS_SECRET_ACCESS_KEY', value: C.literalSecret },
    { name: 'AWS_ENDPOINT_URL_DYNAMODB', value: `http://admin:${C.endpointPassword}@localhost:8000` },
    {
      name: 'CARTS_DYNAMODB_ENDPOINT',
      value: `https://dynamodb.ap-south-1.amazonaws.com/?X-Amz-Security-Token=${C.endpointToken}&X-Amz-Signature=${C.endpointSignature}`,
    },
  ];
  const podSpec = {
    serviceAccountName: 'cart-sa',
    initContainers: [{ name: 'init', image: 'busybox', env: [{ name: 'INIT_PASSWORD', value: C.initEnv }] }],
    containers: [
      {
        name: 'cart',
        image: 'cart:1',
        command: ['/bin/sh', '-c', `run --token ${C.command}`],
        args: [`--db-password=${C.args}`],
        env,
        envFrom: [{ configMapRef: { name: 'cart-configmap' } }, { secretRef: { name: 'cart-secret' } }],
      },
    ],
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'cart-deployment', namespace: NS, labels: LABELS, annotations: { 'example.com/db-password': C.podAnnotation } },
    spec: { selector: { matchLabels: LABELS }, template: { metadata: { labels: LABELS }, spec: podSpec } },
  };
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'cart-deployment-abc-1',
      namespace: NS,
      labels: LABELS,
      creationTimestamp: '2025-03-15T08:02:11Z',
      annotations: { 'example.com/db-password': C.podAnnotation },
    },
    spec: {
      ...podSpec,
      ephemeralContainers: [
        {
          name: 'debug',
          image: 'busybox',
          env: [
            { name: 'DEBUG_SECRET', value: C.ephemeralEnv },
            { name: 'AWS_SECRET_ACCESS_KEY', value: C.ephemeralSecret },
          ],
        },
      ],
    },
  };
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'cart-sa', namespace: NS, annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/cart-dynamodb-role' } },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cart-configmap', namespace: NS },
      data: { AWS_REGION: 'ap-south-1', DB_USER_PASS: C.cmData, awsAccessKeyId: C.cmAccessKey, 'application.properties': `db.password=${C.cmFile}\n` },
      binaryData: { 'keystore.p12': C.cmBinary },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cart-secret', namespace: NS, annotations: { 'example.com/rotated-from': C.secretAnnotation } },
      data: { DB_ROOT: C.secretData },
      stringData: { DB_ROOT_PLAIN: C.secretString },
    },
    deployment,
    pod,
  ];
}

/** Log lines of every shape the scanner used to miss, each a distinct finding so none is deduplicated away. */
function logLines(): string[] {
  const refused = (n: number, rest: string) => `Connect to carts-db-${n}:800${n} failed: Connection refused ${rest}`;
  return [
    refused(1, `aws_session_token=${C.logSessionToken}`),
    refused(2, `GET https://carts.s3.amazonaws.com/x?X-Amz-Security-Token=${C.logSecurityToken}&X-Amz-Signature=${C.logSignature}`),
    refused(3, `secret ${encodeURIComponent(C.logUrlEncoded)} in a query`),
    refused(4, `glued x${C.logGlued}`),
    refused(5, `key ${C.logAccessKeyProd}_prod`),
    // The match starts the excerpt; the secret straddles its 240th character.
    refused(6, `${'.'.repeat(230 - refused(6, '').length)}${C.logCut}`),
  ];
}

const EXPLAIN_INPUTS = [`aws_secret_access_key = ${C.explainSecret}`, `Unable to locate credentials; aws_session_token=${C.explainToken}`];

let dir = '';
let kube: FakeKube | undefined;
const path = (name: string) => join(dir, name);

interface Output {
  name: string;
  args: () => string[];
  /** A file the command writes, searched too. */
  file?: () => string;
  /** Runs against the fake Kubernetes API server (live source) instead of `-f`. */
  live?: boolean;
  /** What the output must show, so the run provably read the planted input. */
  sees: RegExp;
}

/** The same objects and log served by a live (fake) cluster; AWS from a snapshot without its `kubernetes:` part. */
const LIVE_INPUT = () => ['--kubeconfig', path('kubeconfig'), '--snapshot', path('aws-only.yaml')];

function liveRoutes(): Record<string, { status: number; body: unknown }> {
  const objects = manifests() as { kind: string; metadata: { name: string } }[];
  const routes: Record<string, { status: number; body: unknown }> = {};
  for (const o of objects.filter((x) => x.kind !== 'Pod')) {
    routes[`${o.kind === 'Deployment' ? '/apis/apps/v1' : '/api/v1'}/namespaces/${NS}/${o.kind.toLowerCase()}s/${o.metadata.name}`] = { status: 200, body: o };
  }
  const pods = objects.filter((x) => x.kind === 'Pod');
  routes[`/api/v1/namespaces/${NS}/pods`] = { status: 200, body: { apiVersion: 'v1', kind: 'PodList', items: pods } };
  for (const p of pods) routes[`/api/v1/namespaces/${NS}/pods/${p.metadata.name}/log`] = { status: 200, body: `${logLines().join('\n')}\n` };
  return routes;
}

const KUBE_AND_AWS = () => ['-f', path('manifests.yaml'), '--snapshot', fixture('healthy-guide')];
const CHECK_INPUT = () => [...KUBE_AND_AWS(), '--logs-file', path('cart.log')];

const OUTPUTS: Output[] = [
  { name: 'check (terminal)', args: () => ['check', ...CHECK_INPUT()], sees: /AWS_SECRET_ACCESS_KEY/ },
  { name: 'check -o json', args: () => ['check', ...CHECK_INPUT(), '-o', 'json'], sees: /carts-db-6/ },
  { name: 'check -v (terminal, every message and the evidence)', args: () => ['check', ...CHECK_INPUT(), '-v'], sees: /AWS_SECRET_ACCESS_KEY/ },
  { name: 'check -o sarif', args: () => ['check', ...CHECK_INPUT(), '-o', 'sarif'], sees: /AWS_SECRET_ACCESS_KEY/ },
  { name: 'check -o junit', args: () => ['check', ...CHECK_INPUT(), '-o', 'junit'], sees: /AWS_SECRET_ACCESS_KEY/ },
  { name: 'check -o github', args: () => ['check', ...CHECK_INPUT(), '-o', 'github'], sees: /AWS_SECRET_ACCESS_KEY/ },
  {
    name: 'check --fix-script FILE',
    args: () => ['check', ...CHECK_INPUT(), '-o', 'json', '--fix-script', path('fix.sh')],
    file: () => path('fix.sh'),
    sees: /AWS_SECRET_ACCESS_KEY/,
  },
  { name: 'snapshot -o FILE', args: () => ['snapshot', ...KUBE_AND_AWS(), '-o', path('recorded.yaml')], file: () => path('recorded.yaml'), sees: /DB_PASS/ },
  { name: 'live cluster: check --logs (terminal)', args: () => ['check', ...LIVE_INPUT(), '--logs'], live: true, sees: /AWS_SECRET_ACCESS_KEY/ },
  { name: 'live cluster: check --logs -o json', args: () => ['check', ...LIVE_INPUT(), '--logs', '-o', 'json'], live: true, sees: /carts-db-6/ },
  {
    name: 'live cluster: snapshot -o FILE',
    args: () => ['snapshot', ...LIVE_INPUT(), '-o', path('recorded-live.yaml')],
    file: () => path('recorded-live.yaml'),
    live: true,
    sees: /DB_PASS/,
  },
  ...EXPLAIN_INPUTS.flatMap((text, i) => [
    { name: `explain #${i + 1} (text)`, args: () => ['explain', text], sees: /aws_secret|no-credentials/ },
    { name: `explain #${i + 1} -o json`, args: () => ['explain', text, '-o', 'json'], sees: /aws_secret|no-credentials/ },
  ]),
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cart-doctor-canary-'));
  writeFileSync(
    path('manifests.yaml'),
    manifests()
      .map((o) => stringify(o))
      .join('---\n'),
  );
  writeFileSync(path('cart.log'), `${logLines().join('\n')}\n`);
  const awsOnly = parse(readFileSync(join(REPO_ROOT, fixture('healthy-guide')), 'utf8')) as Record<string, unknown>;
  delete awsOnly.kubernetes;
  writeFileSync(path('aws-only.yaml'), stringify(awsOnly));
  kube = await startFakeKube(liveRoutes());
  writeFileSync(path('kubeconfig'), kubeconfigFor(kube.url));
});
afterAll(async () => {
  await kube?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The canary, its first 8 characters, and its URL-encoded and base64-decoded forms. */
function forms(canary: string): string[] {
  const decoded = Buffer.from(canary, 'base64').toString('utf8');
  return [
    ...new Set([
      canary,
      canary.slice(0, 8),
      encodeURIComponent(canary).slice(0, 8),
      ...(/^[\x20-\x7e]{8,}$/.test(decoded) && canary.endsWith('=') ? [decoded.slice(0, 8)] : []),
    ]),
  ];
}

describe('no canary leaves through any output', () => {
  it.each(OUTPUTS)(
    '$name',
    async (output) => {
      const run: CliRun = output.live ? await runCliAsync(output.args()) : runCli(output.args());
      expect(run.stderr).not.toMatch(/at \w+ \(|TypeError|RangeError/);
      const written = output.file ? (existsSync(output.file()) ? readFileSync(output.file(), 'utf8') : '') : '';
      if (output.file) expect(written.length).toBeGreaterThan(0);
      const all = `${run.stdout}\n${run.stderr}\n${written}`;
      // The run really read the planted objects (and, with logs, the planted lines).
      expect(all).toMatch(output.sees);
      const leaked = Object.entries(C).flatMap(([name, canary]) =>
        forms(canary)
          .filter((f) => all.includes(f))
          .map((f) => `${name}: ${f}`),
      );
      expect(leaked).toEqual([]);
    },
    30_000,
  );

  it('the doctor still sees what it needs: key names, endpoint hosts, the log findings', () => {
    // (separate from the canary runs, so a leak test never depends on a verdict)
    const run = runCli(['check', ...CHECK_INPUT(), '-o', 'json']);
    const report = JSON.parse(run.stdout) as { checks: { id: string; status: string; message: string }[] };
    const byId = Object.fromEntries(report.checks.map((r) => [r.id, r]));
    expect(byId['env.static-credentials']!.status).toBe('fail');
    expect(byId['env.static-credentials']!.message).toContain('AWS_SECRET_ACCESS_KEY');
    expect(byId['env.local-endpoint']!.status).toBe('fail');
    expect(byId['env.local-endpoint']!.message).toContain('localhost:8000');
    expect(byId['env.local-endpoint']!.message).toContain('dynamodb.ap-south-1.amazonaws.com');
    expect(byId['env.table-name']!.status).toBe('pass');
    expect(run.stdout).toContain('carts-db-6');
  });

  it('the recorded snapshot says what was removed', () => {
    const run = runCli(['snapshot', ...KUBE_AND_AWS(), '-o', path('recorded-markers.yaml')]);
    expect(run.stderr).toContain('wrote');
    const text = readFileSync(path('recorded-markers.yaml'), 'utf8');
    expect(text).toContain('<redacted: value of DB_PASS>');
    expect(text).toContain('TABLE_NAME');
    expect(text).toContain('arn:aws:iam::111122223333:role/cart-dynamodb-role');
  });
});

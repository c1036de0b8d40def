/**
 * The AWS fault matrix: every call a healthy live run makes, answered in turn with each fault a
 * network or a proxy can produce, through the built CLI against moto. No faulted run may exit 0,
 * and no check that needs the faulted answer may pass (issue 8: D2, D3).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/model.js';
import { runCliAsync } from '../helpers/cli.js';
import { findMotoPython, startMoto, type Moto } from './moto.js';
import { GUIDE_MANIFESTS, REGION, seedWorld } from './moto-world.js';
import { FAULTS, startLoggingProxy, type Fault } from './logging-proxy.js';

const python = findMotoPython();
if (!python) {
  if (process.env.CI === 'true') throw new Error('moto is not installed, and CI must run the live tests (python3 -m moto.server)');
  console.warn('moto not found: the AWS fault matrix is SKIPPED');
}

/**
 * Each call of a healthy run, with the checks that need its answer: the first must be `error`
 * when the call is faulted, and none may pass.
 */
const DEPENDENTS: Record<string, string[]> = {
  DescribeCluster: ['oidc.provider', 'trust.principal', 'trust.subject', 'trust.audience', 'region.match'],
  GetRole: ['sa.annotation', 'trust.principal', 'trust.subject', 'trust.audience', 'policy.actions', 'policy.resource', 'region.match'],
  ListAttachedRolePolicies: ['policy.actions', 'policy.resource', 'region.match'],
  ListRolePolicies: ['policy.actions', 'policy.resource', 'region.match'],
  GetPolicy: ['policy.actions', 'policy.resource', 'region.match'],
  GetPolicyVersion: ['policy.actions', 'policy.resource', 'region.match'],
  GetOpenIDConnectProvider: ['oidc.provider'],
  DescribeTable: ['table.exists', 'table.active', 'table.key-schema', 'table.billing-mode'],
  ListPodIdentityAssociations: ['identity.pod-identity'],
  GetResourcePolicy: ['table.resource-policy'],
  DescribeOrganization: ['org.guardrails'],
};

/** Calls a healthy run sends that moto cannot answer (HTTP 500 HTML): faults on top of that prove nothing. */
const UNSERVED_BY_MOTO = ['SimulatePrincipalPolicy'];

/** Optional layers (SPEC §7): a read the doctor is denied is a warn naming the permission, and the exit code stays. */
const OPTIONAL_LAYER_CALLS = new Set(['GetResourcePolicy', 'DescribeOrganization']);

const dir = mkdtempSync(join(tmpdir(), 'cd-faults-'));
const manifests = join(dir, 'cart.yaml');
writeFileSync(manifests, GUIDE_MANIFESTS);
const CHECK = ['check', '-f', manifests, '--cluster', 'cart-cluster', '-o', 'json'];
/**
 * A hung call is cut by --timeout 1, so the matrix stays bounded. The runs that get an answer
 * keep a roomier bound: on a loaded machine a healthy call can take over a second, and the
 * fault under test, not the load, must decide the verdict.
 */
const timeoutFor = (fault?: Fault) => ['--timeout', fault === 'hang' ? '1' : '5'];

/** 72 CLI runs, 4 at a time: about a minute on 2 idle cores; the bound leaves room for a busy machine (6 min seen at load 20). */
const MATRIX_MS = 600_000;

interface Run {
  status: number | null;
  report: Report | undefined;
  stderr: string;
  operations: string[];
}

const check = (run: Run, id: string) => run.report?.checks.find((c) => c.id === id);

/** One CLI run through its own proxy, which answers `operation` with `fault` (or forwards all). */
async function doctorThrough(moto: Moto, operation?: string, fault?: Fault): Promise<Run> {
  const proxy = await startLoggingProxy(moto.endpoint, { fault: (op) => (op === operation ? fault : undefined) });
  try {
    // One attempt per call: each fault is judged as it is, not after retries and backoff (the
    // retries themselves are tested in moto.test.ts), and the matrix stays within its time.
    const env = { AWS_ENDPOINT_URL: proxy.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: REGION, AWS_MAX_ATTEMPTS: '1' };
    const { status, stdout, stderr } = await runCliAsync([...CHECK, ...timeoutFor(fault)], env);
    return { status, report: stdout.trim() ? (JSON.parse(stdout) as Report) : undefined, stderr, operations: proxy.log.map((l) => l.operation) };
  } finally {
    await proxy.close();
  }
}

/** Runs `jobs` at most `limit` at a time (2 shared cores: a CLI run is mostly SDK start-up). */
async function limited<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

(python ? describe : describe.skip)('AWS fault matrix against moto', () => {
  let moto: Moto;
  let matrix: Promise<Map<string, Run>> | undefined;

  /** Every call × every fault, run once for the file and shared by the tests below. */
  const faultedRuns = () =>
    (matrix ??= (async () => {
      const cells = Object.keys(DEPENDENTS).flatMap((op) => FAULTS.map((f) => [op, f] as const));
      const runs = await limited(
        cells.map(
          ([op, f]) =>
            () =>
              doctorThrough(moto, op, f),
        ),
        4,
      );
      return new Map(cells.map(([op, f], i) => [`${op} ${f}`, runs[i]!]));
    })());

  beforeAll(async () => {
    moto = await startMoto(python!);
    await seedWorld(moto.endpoint, 'none');
  }, 30_000);
  afterAll(() => moto?.stop());

  it('the matrix covers exactly the calls a healthy run makes, and that run exits 0', async () => {
    const healthy = await doctorThrough(moto);
    expect([healthy.status, healthy.stderr]).toEqual([0, '']);
    expect([...new Set(healthy.operations)].sort()).toEqual([...Object.keys(DEPENDENTS), ...UNSERVED_BY_MOTO].sort());
    for (const ids of Object.values(DEPENDENTS)) {
      for (const id of ids.filter((i) => i !== 'identity.pod-identity')) expect([id, check(healthy, id)?.status]).toEqual([id, 'pass']);
    }
    // moto has no Pod Identity API (HTTP 404): an API that is not there leaves the hint out.
    expect(check(healthy, 'identity.pod-identity')?.status).toBe('skip');
  }, 60_000);

  it(
    'no faulted run exits 0 (but a denied optional layer, which warns), and no check that needs the faulted answer passes',
    async () => {
      const runs = await faultedRuns();
      const wrong: string[] = [];
      for (const [cell, run] of runs) {
        const [operation] = cell.split(' ');
        const [first, ...others] = DEPENDENTS[operation!]!;
        const firstStatus = check(run, first!)?.status;
        const passing = others.filter((id) => check(run, id)?.status === 'pass');
        const optionalDenied = OPTIONAL_LAYER_CALLS.has(operation!) && cell.endsWith(' denied');
        const exitOk = optionalDenied ? run.status === 0 : [1, 2].includes(run.status ?? -1);
        if (!exitOk || firstStatus !== (optionalDenied ? 'warn' : 'error') || passing.length || /^\s+at /m.test(run.stderr)) {
          wrong.push(
            `${cell}: exit ${run.status}, ${first} ${firstStatus}${passing.length ? `, passing: ${passing.join(', ')}` : ''}${run.stderr ? `, stderr: ${run.stderr.slice(0, 200)}` : ''}`,
          );
        }
      }
      expect(wrong).toEqual([]);
      expect(runs.size).toBe(Object.keys(DEPENDENTS).length * FAULTS.length);
    },
    MATRIX_MS,
  );

  it.each<Fault>(['500', 'throttle', 'garbage'])(
    'D2: ListPodIdentityAssociations answering %s is an error (exit 2), not a left-out hint',
    async (fault) => {
      const run = (await faultedRuns()).get(`ListPodIdentityAssociations ${fault}`)!;
      const podIdentity = check(run, 'identity.pod-identity')!;
      expect([run.status, podIdentity.status, podIdentity.evidence]).toEqual([2, 'error', { cause: fault === 'garbage' ? 'unusable' : 'failed' }]);
      expect(podIdentity.message).toContain('eks:ListPodIdentityAssociations');
    },
    MATRIX_MS,
  );

  it(
    'D3: an HTML page with HTTP 200 for GetRole is an unusable answer: no "role exists", no policy verdict',
    async () => {
      const run = (await faultedRuns()).get('GetRole html200')!;
      const annotation = check(run, 'sa.annotation')!;
      expect([annotation.status, annotation.evidence]).toEqual(['error', { cause: 'unusable' }]);
      expect(annotation.message).toMatch(/iam:GetRole answered without Role\b.*unusable/);
      expect(annotation.message).not.toContain('role exists');
      expect(check(run, 'policy.actions')?.status).toBe('error');
      expect(run.status).toBe(2);
    },
    MATRIX_MS,
  );

  it(
    'D3: {} for DescribeTable is an unusable answer, not a table that exists',
    async () => {
      const run = (await faultedRuns()).get('DescribeTable empty200')!;
      const exists = check(run, 'table.exists')!;
      expect([exists.status, exists.evidence]).toEqual(['error', { cause: 'unusable' }]);
      expect(exists.message).toMatch(/dynamodb:DescribeTable answered without Table/);
      expect(run.status).toBe(2);
    },
    MATRIX_MS,
  );
});

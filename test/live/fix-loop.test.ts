/**
 * The closed loop of issue 9: for each AWS-side broken world, the built CLI writes its fix
 * script (`check --fix-script`), the script runs with the AWS CLI against the same moto, and
 * the next check passes with exit 0. cart-doctor itself only reads; the writes are the
 * script's. Kubernetes commands cannot run here (no cluster): `kubectl` is a stub on PATH that
 * records its arguments, and the test asserts those are the expected ones.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/model.js';
import { runCli } from '../helpers/cli.js';
import { findMotoPython, startMoto, type Moto } from './moto.js';
import { GUIDE_MANIFESTS, REGION, seedWorld, type Break } from './moto-world.js';

const python = findMotoPython();
/** The AWS CLI v1 as a module of the same (pyenv) Python; it honours AWS_ENDPOINT_URL. */
const awsCli = python && spawnSync(python, ['-m', 'awscli', '--version'], { stdio: 'ignore' }).status === 0 ? python : undefined;
if (!python || !awsCli) {
  const missing = !python ? 'moto' : 'the AWS CLI (python3 -m awscli)';
  if (process.env.CI === 'true') throw new Error(`${missing} is not installed, and CI must run the closed-loop fix test`);
  console.warn(`${missing} not found: the closed-loop fix-script tests are SKIPPED`);
}

const dir = mkdtempSync(join(tmpdir(), 'cd-fix-loop-'));
const manifests = join(dir, 'cart.yaml');
writeFileSync(manifests, GUIDE_MANIFESTS);
const bin = join(dir, 'bin');
const kubectlLog = join(dir, 'kubectl.log');

/** `aws` runs the AWS CLI module; `kubectl` only writes down what it was asked. */
function writeStubs(): void {
  spawnSync('mkdir', ['-p', bin]);
  writeFileSync(join(bin, 'aws'), `#!/usr/bin/env bash\nexec ${awsCli} -m awscli "$@"\n`);
  writeFileSync(join(bin, 'kubectl'), `#!/usr/bin/env bash\necho "$*" >> ${kubectlLog}\n`);
  chmodSync(join(bin, 'aws'), 0o755);
  chmodSync(join(bin, 'kubectl'), 0o755);
}

function check(endpoint: string, fixScript?: string): { status: number | null; report: Report; stderr: string } {
  const env = { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: REGION };
  const run = runCli(['check', '-f', manifests, '--cluster', 'cart-cluster', '-o', 'json', ...(fixScript ? ['--fix-script', fixScript] : [])], { env });
  return { status: run.status, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

const RESTART = '-n retail-store-prod rollout restart deployment/cart-deployment';
// moto answers SimulatePrincipalPolicy with an HTML 500 (policy.simulated skips) and DescribeCluster without a vpcId (network.vpc-endpoint skips).
const RUNTIME_ONLY = ['pods.identity', 'identity.pod-identity', 'logs.symptoms', 'policy.simulated', 'network.vpc-endpoint'];

/** Each broken world, the checks it breaks (fail, or warn for billing), and the kubectl calls its script makes. */
const WORLDS: [Break, string[], string[]][] = [
  ['trust-wrong-namespace', ['trust.subject'], []],
  ['wrong-audience', ['trust.audience'], []],
  ['no-oidc-provider', ['oidc.provider'], []],
  ['missing-action', ['policy.actions'], []],
  ['policy-wrong-region', ['policy.actions', 'region.match'], []],
  ['explicit-deny', ['policy.actions'], []],
  ['role-missing', ['sa.annotation'], [RESTART]],
  ['table-missing', ['table.exists'], []],
  ['table-provisioned', ['table.billing-mode'], []],
];

(python && awsCli ? describe : describe.skip)('closed loop: check --fix-script, run the script against moto, check again', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto(python!);
    writeStubs();
  }, 30_000);
  afterAll(() => moto?.stop());

  it.each(WORLDS)(
    '%s: the script turns %j green',
    async (broken, breaks, kubectlCalls) => {
      await moto.reset();
      await seedWorld(moto.endpoint, broken);
      const script = join(dir, `${broken}.sh`);
      writeFileSync(kubectlLog, '');

      const before = check(moto.endpoint, script);
      const broke = before.report.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => c.id);
      expect(broke).toEqual(expect.arrayContaining(breaks));
      expect(existsSync(script)).toBe(true);

      const env = {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: REGION,
      };
      const ran = spawnSync('bash', [script], { env, cwd: dir, encoding: 'utf8', timeout: 120_000 });
      expect({ status: ran.status, stderr: ran.stderr }).toEqual({ status: 0, stderr: '' });
      expect(readFileSync(kubectlLog, 'utf8').split('\n').filter(Boolean)).toEqual(kubectlCalls);

      const after = check(moto.endpoint);
      // The local.* (K3s) checks skip on EKS.
      const notPassing = after.report.checks
        .filter((c) => c.status !== 'pass' && !RUNTIME_ONLY.includes(c.id) && !c.id.startsWith('local.'))
        .map((c) => `${c.id}: ${c.status} ${c.message}`);
      expect({ status: after.status, notPassing }).toEqual({ status: 0, notPassing: [] });
      for (const id of breaks) expect(after.report.checks.find((c) => c.id === id)?.status).toBe('pass');
    },
    120_000,
  );
});

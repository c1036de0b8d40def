/**
 * The live AWS path over real HTTP against moto, with manifests for the Kubernetes side
 * (the pre-deploy hook): a healthy world, broken worlds, read-only traffic, record + replay.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Report } from '../../src/report/model.js';
import { findMotoPython, startMoto, type Moto } from './moto.js';
import { doctor, writeGuideManifests } from './moto-doctor.js';
import { seedWorld, type Break } from './moto-world.js';
import { startLoggingProxy, type LoggingProxy } from './logging-proxy.js';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';

const python = findMotoPython();
if (!python) {
  if (process.env.CI === 'true') throw new Error('moto is not installed, and CI must run the live tests (python3 -m moto.server)');
  console.warn('moto not found: the live AWS tests are SKIPPED');
}

const manifests = writeGuideManifests();
const dir = dirname(manifests);
const statusOf = (r: Report, id: string) => r.checks.find((c) => c.id === id)?.status;
const CHECK = ['check', '-f', manifests, '--cluster', 'cart-cluster', '-o', 'json'];

(python ? describe : describe.skip)('live AWS against moto', () => {
  let moto: Moto;
  let proxy: LoggingProxy;

  beforeAll(async () => {
    moto = await startMoto(python!);
    proxy = await startLoggingProxy(moto.endpoint);
  }, 30_000);
  afterAll(async () => {
    await proxy?.close();
    moto?.stop();
  });

  it('healthy world: exit 0, every check passes, only reads, nothing sent twice', async () => {
    await moto.reset();
    await seedWorld(moto.endpoint, 'none');
    proxy.log.length = 0;
    const { status, report, stderr } = await doctor(proxy.endpoint, CHECK);
    // Rendered manifests hold no pods, moto has no Pod Identity API (HTTP 404), and no logs were
    // asked for: each is a skip that says why, never a pass and never a crash. The local.* (K3s) checks skip on EKS.
    // moto's DescribeCluster carries no resourcesVpcConfig.vpcId, so there is no VPC to look in.
    // moto answers SimulatePrincipalPolicy with an HTML 500: policy.simulated skips saying so.
    const runtime = ['pods.identity', 'identity.pod-identity', 'logs.symptoms', 'network.vpc-endpoint', 'policy.simulated'];
    expect({
      status,
      fails: report.checks
        .filter((c) => c.status !== 'pass' && !runtime.includes(c.id) && !c.id.startsWith('local.'))
        .map((c) => `${c.id}: ${c.status} ${c.message}`),
      stderr,
    }).toEqual({ status: 0, fails: [], stderr: '' });
    const podIdentity = report.checks.find((c) => c.id === 'identity.pod-identity')!;
    expect([podIdentity.status, podIdentity.message]).toEqual([
      'skip',
      expect.stringContaining('eks:ListPodIdentityAssociations is not offered by this endpoint'),
    ]);
    expect(podIdentity.message).toContain('left out');
    expect(statusOf(report, 'pods.identity')).toBe('skip');
    const simulated = report.checks.find((c) => c.id === 'policy.simulated')!;
    expect([simulated.status, simulated.message]).toEqual(['skip', expect.stringMatching(/no usable answer .*HTTP 500.*no second opinion/)]);
    const ops = proxy.log.map((l) => l.operation);
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.every((op) => /^(Describe|Get|List)|^SimulatePrincipalPolicy$|^GET /.test(op))).toBe(true);
    // The SDK retries a 500 (moto's simulator), so only the calls that got an answer must be unique.
    const bodies = proxy.log.filter((l) => l.operation !== 'SimulatePrincipalPolicy').map((l) => l.body);
    expect(new Set(bodies).size).toBe(bodies.length);
  }, 60_000);

  it.each<[Break, string, string]>([
    ['trust-wrong-namespace', 'trust.subject', 'AccessDeniedException'],
    ['no-oidc-provider', 'oidc.provider', 'AccessDeniedException'],
    ['table-missing', 'table.exists', 'ResourceNotFoundException'],
    ['policy-wrong-region', 'policy.actions', 'AccessDeniedException'],
    ['role-missing', 'sa.annotation', 'AccessDeniedException'],
    ['explicit-deny', 'policy.actions', 'AccessDeniedException'],
    ['table-provisioned', 'table.billing-mode', 'ProvisionedThroughputExceededException'],
    ['table-policy-deny', 'table.resource-policy', 'AccessDeniedException'],
  ])(
    '%s: %s reports %s',
    async (broken, id, symptom) => {
      await moto.reset();
      await seedWorld(moto.endpoint, broken);
      const { status, report } = await doctor(moto.endpoint, CHECK);
      const check = report.checks.find((c) => c.id === id)!;
      expect(check.status).toBe(broken === 'table-provisioned' ? 'warn' : 'fail');
      expect(check.symptom?.error).toBe(symptom);
      expect(status).toBe(broken === 'table-provisioned' ? 0 : 1);
    },
    60_000,
  );

  // How long a run takes with slow AWS (the 4 × 200 ms bound) is a performance figure: `npm run
  // bench` measures and prints it. Here only what holds on any machine: a slow AWS changes no verdict.
  it('with every AWS call delayed 200 ms, the run still ends healthy with the same calls', async () => {
    await moto.reset();
    await seedWorld(moto.endpoint, 'none');
    const slow = await startLoggingProxy(moto.endpoint, 200);
    try {
      const { status } = await doctor(slow.endpoint, CHECK);
      expect(status).toBe(0);
      // As above: the SDK retries moto's 500 for the simulator; every answered call is sent once.
      const bodies = slow.log.filter((l) => l.operation !== 'SimulatePrincipalPolicy').map((l) => l.body);
      expect(new Set(bodies).size).toBe(bodies.length);
    } finally {
      await slow.close();
    }
  }, 60_000);

  it('throttling: the SDK retries with backoff and the run still gets its answers', async () => {
    await moto.reset();
    await seedWorld(moto.endpoint, 'none');
    // The first answer of DescribeTable and of GetRole is AWS's throttling error.
    const flaky = await startLoggingProxy(moto.endpoint, { throttle: (op, nth) => ['DescribeTable', 'GetRole'].includes(op) && nth === 1 });
    try {
      const { status, report, stderr } = await doctor(flaky.endpoint, CHECK);
      expect([status, stderr]).toEqual([0, '']);
      expect([statusOf(report, 'table.exists'), statusOf(report, 'sa.annotation'), statusOf(report, 'policy.actions')]).toEqual(['pass', 'pass', 'pass']);
      const ops = flaky.log.map((l) => l.operation);
      expect(ops.filter((o) => o === 'DescribeTable')).toHaveLength(2);
      expect(ops.filter((o) => o === 'GetRole')).toHaveLength(2);
    } finally {
      await flaky.close();
    }
  }, 60_000);

  it('throttling that outlasts the retries: those checks are errors that say so, exit 2, no stack trace', async () => {
    await moto.reset();
    await seedWorld(moto.endpoint, 'none');
    const jammed = await startLoggingProxy(moto.endpoint, { throttle: (op) => op === 'DescribeTable' });
    try {
      const { status, report, stderr } = await doctor(jammed.endpoint, CHECK);
      const exists = report.checks.find((c) => c.id === 'table.exists')!;
      expect(exists.status).toBe('error');
      expect(exists.message).toMatch(/AWS throttled the doctor's dynamodb:DescribeTable/);
      expect(jammed.log.filter((l) => l.operation === 'DescribeTable')).toHaveLength(3);
      expect(status).toBe(2);
      expect(stderr).not.toMatch(/^\s+at /m);
      // The rest of the chain is judged all the same.
      expect(statusOf(report, 'trust.subject')).toBe('pass');
    } finally {
      await jammed.close();
    }
  }, 60_000);

  it("the table's resource policy (GetResourcePolicy, served by moto): a Deny names its statement; a grant fills the IAM policy's gap; a snapshot records and replays it", async () => {
    await moto.reset();
    await seedWorld(moto.endpoint, 'table-policy-deny');
    const denied = await doctor(moto.endpoint, CHECK);
    const layer = denied.report.checks.find((c) => c.id === 'table.resource-policy')!;
    expect([layer.status, layer.message]).toEqual(['fail', expect.stringContaining('dynamodb:PutItem, dynamodb:DeleteItem')]);
    expect(layer.message).toContain('Sid ReadersOnly');
    expect(statusOf(denied.report, 'policy.actions')).toBe('pass');
    expect(denied.report.predictedErrors.find((p) => p.error === 'AccessDeniedException')?.checks).toContain('table.resource-policy');

    const file = join(dir, 'table-policy.yaml');
    const rec = await doctor(moto.endpoint, ['snapshot', '-f', manifests, '--cluster', 'cart-cluster', '-o', file]);
    expect(rec.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/operation: GetResourcePolicy/);
    const replay = await doctor('http://127.0.0.1:9', ['check', '--snapshot', file, '-f', manifests, '-o', 'json']);
    const strip = (r: Report) => r.checks.map(({ durationMs: _d, ...c }) => c);
    expect(strip(replay.report)).toEqual(strip(denied.report));

    await moto.reset();
    await seedWorld(moto.endpoint, 'table-policy-grants-query');
    const granted = await doctor(moto.endpoint, CHECK);
    const actions = granted.report.checks.find((c) => c.id === 'policy.actions')!;
    expect([granted.status, actions.status]).toEqual([0, 'pass']);
    expect(actions.message).toContain('granted by the resource policy of table Items (Sid CartQuery)');
    expect(statusOf(granted.report, 'table.resource-policy')).toBe('pass');
  }, 60_000);

  it('a recorded snapshot replays to the same verdicts offline', async () => {
    await moto.reset();
    await seedWorld(moto.endpoint, 'trust-wrong-namespace');
    const live = await doctor(moto.endpoint, CHECK);
    const file = join(dir, 'recorded.yaml');
    const rec = await doctor(moto.endpoint, ['snapshot', '-f', manifests, '--cluster', 'cart-cluster', '-o', file]);
    expect(rec.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/kind: Snapshot/);
    const replay = await doctor('http://127.0.0.1:9', ['check', '--snapshot', file, '-f', manifests, '-o', 'json']);
    const strip = (r: Report) => r.checks.map(({ durationMs: _d, ...c }) => c);
    expect(strip(replay.report)).toEqual(strip(live.report));
    expect(replay.status).toBe(live.status);
    expect(statusOf(replay.report, 'trust.subject')).toBe('fail');
  }, 60_000);

  it("organizations: no organization passes; the management account is exempt; an SCP Deny on the member account's OU fails, and `snapshot` records the reads", async () => {
    await moto.reset();
    await seedWorld(moto.endpoint, 'none');
    const none = await doctor(moto.endpoint, CHECK);
    const noOrg = none.report.checks.find((c) => c.id === 'org.guardrails')!;
    expect([noOrg.status, noOrg.message]).toEqual(['pass', expect.stringContaining('not in an AWS Organization')]);

    const member = await seedOrganization(moto.endpoint);
    const management = await doctor(moto.endpoint, CHECK);
    const exempt = management.report.checks.find((c) => c.id === 'org.guardrails')!;
    expect([exempt.status, exempt.message]).toEqual(['pass', expect.stringContaining('is the management account')]);

    // The role as if it lived in the member account (moto keeps one IAM per account; GetRole is by name).
    const asMember = [...CHECK, '--role', `arn:aws:iam::${member}:role/cart-dynamodb-role`];
    const denied = await doctor(moto.endpoint, asMember);
    const scp = denied.report.checks.find((c) => c.id === 'org.guardrails')!;
    expect([scp.status, scp.message]).toEqual([
      'fail',
      expect.stringMatching(/dynamodb:DeleteItem .*explicit Deny in no-deletes-in-prod \(p-\w+\).*an SCP attached to OU ou-/),
    ]);
    expect(denied.report.predictedErrors.find((p) => p.error === 'AccessDeniedException')?.checks).toContain('org.guardrails');

    const file = join(dir, 'org.yaml');
    const rec = await doctor(moto.endpoint, [
      'snapshot',
      '-f',
      manifests,
      '--cluster',
      'cart-cluster',
      '--role',
      `arn:aws:iam::${member}:role/cart-dynamodb-role`,
      '-o',
      file,
    ]);
    expect(rec.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/operation: ListPoliciesForTarget/);
    const replay = await doctor('http://127.0.0.1:9', ['check', '--snapshot', file, '-f', manifests, '-o', 'json']);
    expect(replay.report.checks.find((c) => c.id === 'org.guardrails')).toMatchObject({ status: 'fail', message: scp.message });
  }, 90_000);
});

/** An organization run from moto's account (the management account), with a member account in OU workloads whose SCP denies DeleteItem. */
async function seedOrganization(endpoint: string): Promise<string> {
  const client = new OrganizationsClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const root = (await client.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  const ou = (await client.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'workloads' }))).OrganizationalUnit!.Id!;
  const account = (await client.send(new CreateAccountCommand({ AccountName: 'cart-prod', Email: 'cart-prod@example.com' }))).CreateAccountStatus!.AccountId!;
  await client.send(new MoveAccountCommand({ AccountId: account, SourceParentId: root, DestinationParentId: ou }));
  const content = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'NoDeletes', Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' }] });
  const policy = (
    await client.send(new CreatePolicyCommand({ Name: 'no-deletes-in-prod', Description: 'no deletes', Type: 'SERVICE_CONTROL_POLICY', Content: content }))
  ).Policy!.PolicySummary!.Id!;
  await client.send(new AttachPolicyCommand({ PolicyId: policy, TargetId: ou }));
  return account;
}

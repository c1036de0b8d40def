/**
 * Suppressions (SPEC §7) through the built CLI: config file (given, discovered in the current
 * directory, at the git root), annotations on the Deployment and ServiceAccount, expiry,
 * bad entries (exit 3 naming the place), --no-suppress, and how each format shows them.
 */
import { describe, it, expect } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import type { Report } from '../../src/report/model.js';
import { runCli } from '../helpers/cli.js';
import { HOSTILE, provisionedSnapshot } from '../helpers/ci-snapshots.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/report-v1.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv.default({ allErrors: true, strict: true }).compile(schema);

const BILLING_REASON = 'provisioned on purpose, autoscaling is set';

function configFile(body: string, dir = mkdtempSync(join(tmpdir(), 'cart-doctor-suppress-'))): string {
  const file = join(dir, '.cart-doctor.yaml');
  writeFileSync(file, body);
  return file;
}

const suppressBilling = (extra = '') => `suppress:\n  - check: table.billing-mode\n    reason: ${BILLING_REASON}\n${extra}`;

function json(args: string[], cwd?: string): { status: number | null; stderr: string; report: Report } {
  const run = runCli(['check', ...args, '-o', 'json'], { cwd });
  const report = JSON.parse(run.stdout) as Report;
  expect(validate(report)).toBe(true);
  return { status: run.status, stderr: run.stderr, report };
}

const billing = (report: Report) => report.checks.find((r) => r.id === 'table.billing-mode')!;

describe('suppressions from a config file', () => {
  it('--config: the result keeps its status, gains suppressed, counts as suppressed and no longer sets the exit code', () => {
    const snapshot = provisionedSnapshot();
    const config = configFile(suppressBilling('    expires: 2999-12-31\n'));
    const before = json(['--snapshot', snapshot, '--fail-on', 'warn']);
    expect(before.status).toBe(1);
    const { status, report } = json(['--snapshot', snapshot, '--fail-on', 'warn', '--config', config]);
    expect(status).toBe(0);
    expect(billing(report).status).toBe('warn');
    expect(billing(report).suppressed).toEqual({ reason: BILLING_REASON, source: `${config} suppress[0]`, expires: '2999-12-31' });
    expect(report.summary).toMatchObject({ warn: 0, suppressed: 1 });
    expect(report.exitCode).toBe(0);
  });

  it('is found in the current directory, else at the git root (a .git file or folder above)', () => {
    const snapshot = provisionedSnapshot();
    const here = mkdtempSync(join(tmpdir(), 'cart-doctor-cwd-'));
    configFile(suppressBilling(), here);
    expect(billing(json(['--snapshot', snapshot], here).report).suppressed?.source).toBe('.cart-doctor.yaml suppress[0]');

    const root = mkdtempSync(join(tmpdir(), 'cart-doctor-git-'));
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'deploy', 'cart'), { recursive: true });
    configFile(suppressBilling(), root);
    const fromSubdir = billing(json(['--snapshot', snapshot], join(root, 'deploy', 'cart')).report);
    expect(fromSubdir.suppressed?.source).toBe('../../.cart-doctor.yaml suppress[0]');

    // Above a git root nothing is looked for: the repository is the boundary.
    const outer = mkdtempSync(join(tmpdir(), 'cart-doctor-outer-'));
    configFile(suppressBilling(), outer);
    mkdirSync(join(outer, 'repo', '.git'), { recursive: true });
    expect(billing(json(['--snapshot', snapshot], join(outer, 'repo')).report).suppressed).toBeUndefined();
  });

  it('an expired suppression does not apply and says so in warnings', () => {
    const config = configFile(suppressBilling('    expires: 2000-01-31\n'));
    const { status, report } = json(['--snapshot', provisionedSnapshot(), '--fail-on', 'warn', '--config', config]);
    expect(status).toBe(1);
    expect(billing(report).suppressed).toBeUndefined();
    expect(report.summary).toMatchObject({ warn: 1, suppressed: 0 });
    expect(report.warnings).toContain(`${config} suppress[0]: the suppression of table.billing-mode expired on 2000-01-31 and no longer applies`);
  });

  it('--no-suppress reports every result as if nothing were suppressed', () => {
    const config = configFile(suppressBilling());
    const { status, report } = json(['--snapshot', provisionedSnapshot(), '--fail-on', 'warn', '--config', config, '--no-suppress']);
    expect(status).toBe(1);
    expect(billing(report).suppressed).toBeUndefined();
    expect(report.summary.suppressed).toBe(0);
  });

  it.each([
    [
      'an unknown check id, with a did-you-mean',
      'suppress:\n  - check: table.biling-mode\n    reason: on purpose\n',
      'suppress[0].check: unknown check id "table.biling-mode"; did you mean table.billing-mode?',
    ],
    [
      'a missing reason',
      'suppress:\n  - check: region.match\n    reason: on purpose\n  - check: table.billing-mode\n',
      'suppress[1].reason: a suppression needs a reason',
    ],
    ['a blank reason', 'suppress:\n  - check: table.billing-mode\n    reason: "  "\n', 'suppress[0].reason: a suppression needs a reason'],
    [
      'an expiry that is not a date',
      'suppress:\n  - check: table.billing-mode\n    reason: x\n    expires: 2027-02-30\n',
      'suppress[0].expires: expires must be a date YYYY-MM-DD',
    ],
    ['an unknown key', 'suppress:\n  - check: table.billing-mode\n    reason: x\n    until: 2027-01-01\n', 'suppress[0].until: unknown key "until"'],
  ])('%s is exit 3 naming the file and entry', (_what, body, expected) => {
    const config = configFile(body);
    const run = runCli(['check', '--snapshot', provisionedSnapshot(), '--config', config]);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`cart-doctor: ${config}: ${expected}`)).toBe(true);
    expect(run.stderr.split('\n')).toHaveLength(2); // one line
  });
});

describe('suppressions from annotations', () => {
  it.each([
    ['Deployment', 'annotation on Deployment retail-store-prod/cart-deployment'],
    ['ServiceAccount', 'annotation on ServiceAccount retail-store-prod/cart-sa'],
  ] as const)('cart-doctor.io/ignore on the %s suppresses the listed checks', (kind, source) => {
    const snapshot = provisionedSnapshot({
      kind,
      annotations: { 'cart-doctor.io/ignore': 'region.match, table.billing-mode', 'cart-doctor.io/ignore-reason': BILLING_REASON },
    });
    const { status, report } = json(['--snapshot', snapshot, '--fail-on', 'warn']);
    expect(status).toBe(0);
    expect(billing(report).suppressed).toEqual({ reason: BILLING_REASON, source });
    // region.match passes: there is nothing to accept, so it is not marked.
    expect(report.checks.find((r) => r.id === 'region.match')!.suppressed).toBeUndefined();
  });

  it('without cart-doctor.io/ignore-reason is exit 3 naming the object and annotation', () => {
    const snapshot = provisionedSnapshot({ kind: 'Deployment', annotations: { 'cart-doctor.io/ignore': 'table.billing-mode' } });
    const run = runCli(['check', '--snapshot', snapshot]);
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(
      'cart-doctor: Deployment retail-store-prod/cart-deployment: annotation cart-doctor.io/ignore-reason: a suppression needs a reason: say why this result is accepted\n',
    );
  });

  it('with an unknown id is exit 3 with a did-you-mean', () => {
    const snapshot = provisionedSnapshot({
      kind: 'ServiceAccount',
      annotations: { 'cart-doctor.io/ignore': 'table.billingmode', 'cart-doctor.io/ignore-reason': 'x' },
    });
    const run = runCli(['check', '--snapshot', snapshot]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(
      'ServiceAccount retail-store-prod/cart-sa: annotation cart-doctor.io/ignore: unknown check id "table.billingmode"; did you mean table.billing-mode?',
    );
  });
});

describe('suppressed results in each format', () => {
  const hostileReason = HOSTILE.replace(/[\r\n]/g, ' ');
  const setup = () => {
    const config = configFile(`suppress:\n  - check: table.billing-mode\n    reason: ${JSON.stringify(hostileReason)}\n`);
    return ['check', '--snapshot', provisionedSnapshot(), '--config', config];
  };

  it('table: one compact line, out of the check table, and counted in the totals', () => {
    const run = runCli(setup());
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^~ warn \(suppressed\) table\.billing-mode — boom 100% done/m);
    expect(run.stdout).not.toMatch(/! warn .*table\.billing-mode/);
    expect(run.stdout).toMatch(/18 pass, 0 warn, 0 fail, 0 error, 11 skip, 1 suppressed — exit 0\n$/);
  });

  it('junit: <skipped message="suppressed: reason">', async () => {
    const { XMLParser, XMLValidator } = await import('fast-xml-parser');
    const run = runCli([...setup(), '-o', 'junit']);
    expect(XMLValidator.validate(run.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, parseTagValue: false }).parse(run.stdout);
    const cases = doc.testsuites.testsuite.testcase as { name: string; skipped?: { message: string } }[];
    const skipped = cases.find((c) => c.name === 'table.billing-mode')!.skipped!;
    expect(skipped.message).toBe(`suppressed: ${hostileReason.replace('\u0001\u001b\uFFFE', '\\u0001\\u001b\\ufffe')}`);
    // 3 skipped + 1 suppressed + the 4 K3s checks + table.resource-policy (not in the old snapshot) + network.vpc-endpoint (no vpcId) + policy.simulated and org.guardrails
    expect(doc.testsuites.testsuite.skipped).toBe('12');
  });

  it('github: no annotation for it, counted in the summary', () => {
    const run = runCli([...setup(), '-o', 'github']);
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(/^::notice title=cart-doctor::.* 0 warn, .* 1 suppressed — exit 0$/)]);
  });
});

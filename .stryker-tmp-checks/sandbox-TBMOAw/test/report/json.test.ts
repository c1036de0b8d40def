// @ts-nocheck
import { describe, it, expect, beforeAll } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { CHECKS } from '../../src/checks/registry.js';
import { CHECK_IDS, type Status } from '../../src/checks/lib/types.js';
import { buildReport, exitCodeFor, type FailOn, type Report } from '../../src/report/model.js';
import { renderJson } from '../../src/report/json.js';
import { runChecks } from '../../src/runner.js';
import { contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { HEALTHY_SNAPSHOT, writeTinySnapshot } from '../helpers/tiny-snapshot.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/report-v1.schema.json', import.meta.url), 'utf8')) as object;
// ajv is CommonJS: under ESM its default import is module.exports, whose `default` is the class.
const ajv = new Ajv.default({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

function errorsOf(doc: unknown): string {
  return validate(doc) ? '' : ajv.errorsText(validate.errors);
}

async function reportFor(change: (v: FactValues) => void, failOn: FailOn = 'fail'): Promise<Report> {
  const ctx = contextWith(change);
  const results = await runChecks(CHECKS, ctx);
  return buildReport({
    version: '0.1.0',
    target: { ...ctx.target, region: ctx.target.region ?? null, cluster: ctx.target.cluster ?? null, roleArn: null },
    results,
    failOn,
    warnings: [],
  });
}

const healthy = () => {};
const broken = (v: FactValues) => {
  const role = v.role as Exclude<FactValues['role'], Error>;
  const trust = role.trust!;
  const statement = trust.statements[0]!;
  statement.condition = {
    StringEquals: {
      ...statement.condition!.StringEquals,
      [Object.keys(statement.condition!.StringEquals!).find((k) => k.endsWith(':sub'))!]: ['system:serviceaccount:default:cart-sa'],
    },
  };
  for (const region of Object.keys(v.tables)) {
    v.tables[region] = { name: 'Items', region, found: false, keySchema: [], attributeTypes: {}, billingModeReported: false, gsis: [] };
  }
};
const allUnavailable = (v: FactValues) => {
  const u = unavailable();
  Object.assign(v, {
    region: u,
    cluster: u,
    roleRef: u,
    role: u,
    policies: u,
    oidcProvider: u,
    tableArn: u,
    serviceAccount: u,
    deployment: u,
    appRegion: u,
    pods: u,
    podIdentity: u,
    logs: u,
    tables: {},
  });
};

describe('JSON report (schema v1)', () => {
  const reports: Record<string, Report> = {};
  beforeAll(async () => {
    reports.healthy = await reportFor(healthy);
    reports.broken = await reportFor(broken);
    reports.unavailable = await reportFor(allUnavailable);
  });

  it.each(['healthy', 'broken', 'unavailable'])('the %s world renders one document that validates against the schema', (world) => {
    const text = renderJson(reports[world]!);
    expect(text.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(text) as Report;
    expect(errorsOf(doc)).toBe('');
    expect(doc.checks.map((c) => c.id).sort()).toEqual([...CHECK_IDS].sort());
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('healthy world: nothing fails or errors, exit 0', () => {
    const r = reports.healthy!;
    expect(r.summary).toMatchObject({ fail: 0, error: 0 });
    expect(r.exitCode).toBe(0);
    expect(r.predictedErrors).toEqual([]);
  });

  it('broken world: exit 1 and the predicted rows name the failing checks', () => {
    const r = reports.broken!;
    expect(r.exitCode).toBe(1);
    const status = Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
    expect(status['trust.subject']).toBe('fail');
    expect(status['table.exists']).toBe('fail');
    expect(r.predictedErrors).toEqual(
      expect.arrayContaining([
        { error: 'AccessDeniedException', meaning: 'IAM policy / trust issue', checks: expect.arrayContaining(['trust.subject']) },
        { error: 'ResourceNotFoundException', meaning: "Table doesn't exist", checks: expect.arrayContaining(['table.exists']) },
      ]),
    );
  });

  it('all-unavailable world: never a pass or a fail, exit 2 (inconclusive)', () => {
    const r = reports.unavailable!;
    expect(r.summary.pass).toBe(0);
    expect(r.summary.fail).toBe(0);
    expect(r.summary.error).toBeGreaterThan(0);
    expect(r.exitCode).toBe(2);
    for (const c of r.checks.filter((x) => x.status === 'error')) expect(c.symptom).toBeNull();
  });

  it('--fail-on warn turns a warning into exit 1', async () => {
    const noAudience = (v: FactValues) => {
      const statement = (v.role as Exclude<FactValues['role'], Error>).trust!.statements[0]!;
      const conditions = statement.condition!.StringEquals!;
      delete conditions[Object.keys(conditions).find((k) => k.endsWith(':aud'))!];
    };
    const lenient = await reportFor(noAudience, 'fail');
    const strict = await reportFor(noAudience, 'warn');
    expect(lenient.checks.find((c) => c.id === 'trust.audience')?.status).toBe('warn');
    expect(lenient.summary.fail).toBe(0);
    expect(lenient.exitCode).toBe(0);
    expect(strict.exitCode).toBe(1);
  });
});

describe('exitCodeFor (SPEC §4.3)', () => {
  const counts = (c: Partial<Record<Status, number>>) => ({ pass: 0, warn: 0, fail: 0, error: 0, skip: 0, ...c });
  it.each<[string, Partial<Record<Status, number>>, FailOn, 0 | 1 | 2]>([
    ['all pass', { pass: 18 }, 'fail', 0],
    ['skips only', { skip: 3 }, 'fail', 0],
    ['warnings allowed by default', { pass: 17, warn: 1 }, 'fail', 0],
    ['warnings fail with --fail-on warn', { pass: 17, warn: 1 }, 'warn', 1],
    ['a failure', { pass: 17, fail: 1 }, 'fail', 1],
    ['a failure wins over an error', { fail: 1, error: 5 }, 'fail', 1],
    ['an error alone is inconclusive', { pass: 17, error: 1 }, 'fail', 2],
    ['an error with a warning, default', { warn: 1, error: 1 }, 'fail', 2],
    ['an error with a warning, --fail-on warn', { warn: 1, error: 1 }, 'warn', 1],
  ])('%s → %i', (_name, summary, failOn, expected) => {
    expect(exitCodeFor(counts(summary), failOn)).toBe(expected);
  });
});

describe('the schema catches drift', () => {
  const base = (): Report =>
    JSON.parse(
      renderJson(
        buildReport({
          version: '0.1.0',
          target: { namespace: 'n', serviceAccount: 's', deployment: 'd', table: 't', region: null, cluster: null, roleArn: null },
          results: [
            {
              id: 'sa.exists',
              title: 'T',
              status: 'fail',
              message: 'm',
              symptom: { error: 'Pods not created', meaning: 'ServiceAccount missing' },
              evidence: {},
              remediation: 'r.',
              durationMs: 0.5,
            },
            {
              id: 'sa.annotation',
              title: 'T',
              status: 'skip',
              message: 'm',
              symptom: null,
              evidence: { prerequisite: 'sa.exists' },
              remediation: 'r.',
              durationMs: 0,
            },
          ],
          failOn: 'fail',
          warnings: ['w'],
        }),
      ),
    ) as Report;

  it('accepts the base document', () => {
    expect(errorsOf(base())).toBe('');
  });

  it.each<[string, (d: Record<string, any>) => void, RegExp]>([
    ['an unknown top-level field', (d) => (d.extra = 1), /additional properties/],
    ['an unknown field in a check', (d) => (d.checks[0].severity = 'high'), /additional properties/],
    ['a missing required field', (d) => delete d.predictedErrors, /predictedErrors/],
    ['an unknown status', (d) => (d.checks[0].status = 'ok'), /allowed values/],
    ['exit code 3 (bad input prints no report)', (d) => (d.exitCode = 3), /exitCode/],
    ['another schema version', (d) => (d.schemaVersion = 2), /schemaVersion/],
    ['a fail without a symptom', (d) => (d.checks[0].symptom = null), /symptom/],
    ['a skip with a symptom', (d) => (d.checks[1].symptom = { error: 'X', meaning: 'Y' }), /symptom/],
    ['a symptom with extra fields', (d) => (d.checks[0].symptom.hint = 'h'), /additional properties/],
    ['evidence that is not an object', (d) => (d.checks[0].evidence = 'text'), /evidence/],
    ['a predicted row without checks', (d) => (d.predictedErrors[0].checks = []), /checks/],
    ['a warning that is not a string', (d) => (d.warnings = [1]), /warnings/],
    ['a null target namespace', (d) => (d.target.namespace = null), /namespace/],
  ])('rejects %s', (_name, mutate, message) => {
    const doc = base() as unknown as Record<string, any>;
    mutate(doc);
    expect(errorsOf(doc)).toMatch(message);
  });
});

describe('the built CLI', () => {
  const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
  it('prints a JSON report that validates against the schema (offline snapshot)', () => {
    const snapshot = writeTinySnapshot();
    const run = spawnSync(process.execPath, [cli, 'check', '--snapshot', snapshot, '-o', 'json'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const doc = JSON.parse(run.stdout) as Report;
    expect(errorsOf(doc)).toBe('');
    expect(run.status).toBe(doc.exitCode);
    expect(doc.target).toMatchObject({ namespace: 'retail-store-prod', cluster: HEALTHY_SNAPSHOT.target.cluster });
  });

  it('exits 2 with a valid report when the snapshot lacks every call', () => {
    const snapshot = writeTinySnapshot({ ...HEALTHY_SNAPSHOT, aws: [] });
    const run = spawnSync(process.execPath, [cli, 'check', '--snapshot', snapshot, '-o', 'json'], { encoding: 'utf8' });
    const doc = JSON.parse(run.stdout) as Report;
    expect(errorsOf(doc)).toBe('');
    expect(doc.summary.error).toBeGreaterThan(0);
    expect(doc.summary.fail).toBe(0);
    expect(run.status).toBe(2);
  });
});

/**
 * The built CLI's behaviour around the verdicts: the terminal report, --fail-on, flags that
 * override the snapshot's target, bad input, secrets never printed, and the bundled fixtures
 * staying in sync with their generator and the demo script.
 */
import { describe, it, expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { isSensitiveName } from '../../src/facts/env.js';
import { REPO_ROOT, fixture, readRepoFile, runCheckJson, runCli } from '../helpers/cli.js';

const status = (report: { checks: { id: string; status: string }[] }, id: string) => report.checks.find((r) => r.id === id)?.status;

describe('terminal report', () => {
  it.each([
    { name: 'healthy-guide', exit: 0, rows: [], summary: /25 pass, 0 warn, 0 fail, 0 error, 5 skip\b.*exit 0/ }, // logs.symptoms (no log given) and the 4 K3s checks
    { name: 'trust-wrong-namespace', exit: 1, rows: ['AccessDeniedException', 'IAM policy / trust issue', 'trust.subject'], summary: /\b1 fail\b.*exit 1/ },
    { name: 'table-missing', exit: 1, rows: ['ResourceNotFoundException', "Table doesn't exist", 'table.exists'], summary: /\b1 fail\b.*exit 1/ },
    // The row follows the outcome: a missing role is an STS AccessDenied, not "Unable to locate credentials".
    {
      name: 'annotation-role-missing',
      exit: 1,
      rows: ['✗ sa.annotation — AccessDeniedException (IAM policy / trust issue)', 'STS refuses it'],
      absent: ['Unable to locate credentials'],
      summary: /\b1 fail\b.*exit 1/,
    },
    {
      name: 'pods-not-restarted',
      exit: 1,
      rows: ['Unable to locate credentials', 'IRSA broken', 'pods.identity', 'rollout restart deployment/cart-deployment'],
      summary: /\b1 fail\b.*exit 1/,
    },
    { name: 'pods-stale-role', exit: 1, rows: ['AccessDeniedException', 'pods.identity', 'cart-role-old'], summary: /\b1 fail\b.*exit 1/ },
    { name: 'pods-default-region-only', exit: 1, rows: ['Unable to load region', 'pods.identity'], summary: /\b1 warn\b.*exit 1/ },
    { name: 'pod-identity-shadows-irsa', exit: 0, rows: ['identity.pod-identity', 'delete-pod-identity-association'], summary: /\b2 warn, 0 fail\b.*exit 0/ },
    {
      name: 'pod-identity-role-untrusted',
      exit: 1,
      rows: ['Unable to locate credentials', 'identity.pod-identity', 'pods.eks.amazonaws.com'],
      summary: /\b1 fail\b.*exit 1/,
    },
  ])('$name → exit $exit, with the symptom rows it predicts', ({ name, exit, rows, summary, ...more }) => {
    const run = runCli(['check', '--snapshot', fixture(name)]);
    expect(run.status).toBe(exit);
    expect(run.stdout).toMatch(summary);
    for (const row of rows) expect(run.stdout).toContain(row);
    for (const row of ('absent' in more && more.absent) || []) expect(run.stdout).not.toContain(row);
    expect(run.stdout.trimStart().startsWith('{')).toBe(false);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('terminal report with --logs-file', () => {
  it('names the log hit, its row and the checks to read, in the table and the closing rows', () => {
    const run = runCli(['check', '--snapshot', fixture('healthy-guide'), '--logs-file', 'fixtures/logs/carts-node-role.log']);
    expect(run.status).toBe(1);
    for (const text of ['logs.symptoms', 'i-0a1b2c3d4e5f60718', 'AccessDeniedException', 'pods.identity, sa.annotation']) expect(run.stdout).toContain(text);
    expect(run.stdout).toMatch(/\b1 fail\b.*exit 1/);
  });
  it('an unreadable log file, a bad --logs-since, or --logs without a live cluster is bad input: exit 3, one line', () => {
    for (const args of [['--logs-file', 'fixtures/logs/nope.log'], ['--logs', '--logs-since', 'soon'], ['--logs']]) {
      const run = runCli(['check', '--snapshot', fixture('healthy-guide'), ...args]);
      expect(run.status).toBe(3);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('colour', () => {
  it('--color colours the table off a TTY, but never with NO_COLOR set', () => {
    const env = (extra: Record<string, string>) => {
      const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && k !== 'NO_COLOR'));
      return { ...base, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra };
    };
    const colour = (extra: Record<string, string>) =>
      spawnSync(process.execPath, ['dist/cli.js', 'check', '--snapshot', fixture('table-missing'), '--color'], {
        cwd: REPO_ROOT,
        env: env(extra),
        encoding: 'utf8',
      }).stdout;
    expect(colour({})).toMatch(/\u001b\[/);
    expect(colour({ NO_COLOR: '1' })).not.toMatch(/\u001b\[/);
  });
});

describe('--fail-on', () => {
  it.each([
    { failOn: 'fail', exit: 0 },
    { failOn: 'warn', exit: 1 },
  ])('a warning-only run (table-provisioned) with --fail-on $failOn exits $exit', ({ failOn, exit }) => {
    const { status: code, report } = runCheckJson(['--snapshot', fixture('table-provisioned'), '--fail-on', failOn]);
    expect(report.summary).toMatchObject({ warn: 1, fail: 0, error: 0 });
    expect(code).toBe(exit);
    expect(report.exitCode).toBe(exit);
  });
});

describe('flags override the snapshot target', () => {
  it('-n other: the ServiceAccount is looked up (and missing) in namespace other', () => {
    const { status: code, report } = runCheckJson(['--snapshot', fixture('healthy-guide'), '-n', 'other']);
    expect(report.target.namespace).toBe('other');
    expect(status(report, 'sa.exists')).toBe('fail');
    expect(report.checks.find((r) => r.id === 'sa.exists')!.remediation).toContain('other');
    expect(code).toBe(1);
  });

  it('--table Orders: a DescribeTable the snapshot never recorded is an error naming the call, never a pass', () => {
    const { report } = runCheckJson(['--snapshot', fixture('healthy-guide'), '--table', 'Orders']);
    expect(report.target.table).toBe('Orders');
    const exists = report.checks.find((r) => r.id === 'table.exists')!;
    expect(exists.status).toBe('error');
    expect(exists.message).toContain('DescribeTable');
    expect(status(report, 'env.table-name')).toBe('fail');
  });

  it('--region eu-west-1 wins over the snapshot target; nothing was recorded there, so the table is unknown, not passed', () => {
    const { report } = runCheckJson(['--snapshot', fixture('healthy-guide'), '--region', 'eu-west-1']);
    expect(report.target.region).toBe('eu-west-1');
    const exists = report.checks.find((r) => r.id === 'table.exists')!;
    expect(exists.status).toBe('error');
    expect(exists.message).toContain('eu-west-1');
    expect(report.exitCode).not.toBe(0);
  });
});

describe('bad input', () => {
  it('a snapshot that does not exist: exit 3, one line on stderr naming the file, nothing on stdout', () => {
    const run = runCli(['check', '--snapshot', 'fixtures/scenarios/no-such-scenario.yaml', '-o', 'json']);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('no-such-scenario.yaml');
  });
});

/**
 * Every value a fixture holds in a Secret (data, stringData, kubectl's last-applied copy) or
 * in a credential-named variable: none may appear in any output.
 */
function secretValues(text: string): string[] {
  const snapshot = parse(text) as { kubernetes?: Record<string, any>[] };
  const values: string[] = [];
  for (const obj of snapshot.kubernetes ?? []) {
    if (obj.kind === 'Secret') {
      for (const v of Object.values<string>(obj.data ?? {})) values.push(v, Buffer.from(v, 'base64').toString('utf8'));
      values.push(...Object.values<string>(obj.stringData ?? {}));
      const lastApplied = obj.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
      if (lastApplied) values.push(...secretValues(JSON.stringify({ kubernetes: [JSON.parse(lastApplied)] })));
    } else if (obj.kind === 'ConfigMap') {
      values.push(
        ...Object.entries<string>(obj.data ?? {})
          .filter(([k]) => isSensitiveName(k))
          .map(([, v]) => v),
      );
    } else if (obj.kind === 'Deployment') {
      for (const c of obj.spec?.template?.spec?.containers ?? []) {
        values.push(
          ...(c.env ?? []).filter((e: { name: string; value?: string }) => isSensitiveName(e.name) && e.value).map((e: { value: string }) => e.value),
        );
      }
    }
  }
  return values.filter((v) => v.length >= 8);
}

const FIXTURES = [
  { name: 'healthy-guide', args: [] as string[] },
  { name: 'healthy-retail-store', args: ['--preset', 'retail-store'] },
  ...readdirSync(new URL('../../fixtures/scenarios/', import.meta.url)).map((f) => {
    const name = f.replace(/\.yaml$/, '');
    return { name, args: name.startsWith('retail-') ? ['--preset', 'retail-store'] : [] };
  }),
];
const WITH_SECRETS = FIXTURES.map((f) => ({ ...f, secrets: secretValues(readRepoFile(fixture(f.name))!) })).filter((f) => f.secrets.length > 0);

describe('no secret leaves', () => {
  it('the fixtures that carry fake credentials are the ones expected', () => {
    expect(WITH_SECRETS.map((f) => f.name).sort()).toEqual(['retail-local-dev-on-eks', 'static-keys-secret-envfrom']);
  });

  it.each(WITH_SECRETS.flatMap((f) => ['json', 'table'].map((output) => ({ ...f, output }))))(
    '$name (-o $output): no credential or Secret value in stdout or stderr',
    ({ name, args, secrets, output }) => {
      const run = runCli(['check', '--snapshot', fixture(name), ...args, '-o', output]);
      expect(run.status).toBe(1);
      for (const value of secrets) {
        expect(run.stdout).not.toContain(value);
        expect(run.stderr).not.toContain(value);
      }
    },
  );
});

describe('bundled fixtures', () => {
  it('are what scripts/gen-fixtures.mjs writes (edit the generator, then rerun it)', () => {
    const run = spawnSync(process.execPath, ['scripts/gen-fixtures.mjs', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('include the two the demo runs', () => {
    const demo = (JSON.parse(readRepoFile('package.json')!) as { scripts: Record<string, string> }).scripts.demo!;
    const files = [...demo.matchAll(/--snapshot ([^\s;&|]+)/g)].map((m) => m[1]!);
    expect(files).toEqual(['fixtures/scenarios/trust-wrong-namespace.yaml', 'fixtures/healthy-guide.yaml']);
    for (const file of files) expect(readRepoFile(file)).toBeDefined();
  });
});

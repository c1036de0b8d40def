import { describe, it, expect } from '@jest/globals';
import { buildReport, type Report } from '../../src/report/model.js';
import { orderForDisplay, renderTerminal, wrap } from '../../src/report/terminal.js';
import type { CheckResult } from '../../src/runner.js';
import { symptom } from '../../src/checks/symptoms.js';

const PROVIDER = 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.ap-south-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PATCH = [
  'kubectl -n retail-store-prod patch deployment cart-deployment --type merge -p \\',
  `  '{"spec":{"template":{"spec":{"serviceAccountName":"cart-sa","automountServiceAccountToken":true,"someVeryLongFieldSoTheLineExceedsTheTableWidth":"x"}}}}'`,
].join('\n');

function result(id: CheckResult['id'], status: CheckResult['status'], message: string, extra: Partial<CheckResult> = {}): CheckResult {
  const failing = status === 'fail' || status === 'warn';
  return {
    id,
    title: `Title of ${id}`,
    status,
    message,
    symptom: failing ? symptom('AccessDeniedException') : null,
    evidence: {},
    remediation: `Generic fix for ${id}.`,
    durationMs: 1,
    ...extra,
  };
}

/** Registry order, with one result of every status. */
const RESULTS: CheckResult[] = [
  result('deployment.service-account', 'pass', 'Deployment retail-store-prod/cart-deployment runs as ServiceAccount cart-sa.'),
  result('sa.exists', 'fail', 'ServiceAccount retail-store-prod/cart-sa does not exist.', {
    symptom: symptom('Pods not created'),
    remediation: PATCH,
  }),
  result('env.local-endpoint', 'skip', 'Deployment not found (see deployment.service-account)'),
  result('oidc.provider', 'pass', `IAM OIDC provider ${PROVIDER} exists and lists sts.amazonaws.com.`),
  result('trust.subject', 'fail', 'The trust policy of cart-dynamodb-role admits system:serviceaccount:default:cart-sa, not system:serviceaccount:retail-store-prod:cart-sa.'),
  result('trust.audience', 'warn', 'The trust policy has no aud condition.'),
  result('policy.actions', 'error', 'could not evaluate: the doctor itself was denied iam:GetRole (AccessDenied)', {
    remediation: 'Grant the doctor the permission named in the message, then run it again.',
  }),
];

function report(results: CheckResult[] = RESULTS): Report {
  return buildReport({
    version: '0.1.0',
    target: {
      namespace: 'retail-store-prod',
      serviceAccount: 'cart-sa',
      deployment: 'cart-deployment',
      table: 'Items',
      region: 'ap-south-1',
      cluster: 'cart-cluster',
      roleArn: 'arn:aws:iam::111122223333:role/cart-dynamodb-role',
    },
    results,
    failOn: 'fail',
    warnings: [],
  });
}

const ANSI = /\u001b\[[0-9;]*m/;
const plain = renderTerminal(report(), { color: false });
const lines = plain.split('\n');
const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));

describe('renderTerminal', () => {
  it('renders a fixed report (colour off)', () => {
    expect(plain).toMatchSnapshot();
  });

  it('is pure: the same report renders the same text', () => {
    expect(renderTerminal(report(), { color: false })).toBe(plain);
  });

  it('writes no ANSI codes when colour is off, and colours each status when it is on', () => {
    expect(plain).not.toMatch(ANSI);
    const coloured = renderTerminal(report(), { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain('\u001b[31m✗ fail\u001b[39m');
    expect(coloured).toContain('\u001b[33m! warn\u001b[39m');
    expect(coloured).toContain('\u001b[35m? error\u001b[39m');
    expect(coloured).toContain('\u001b[90m- skip\u001b[39m');
    expect(coloured).toContain('\u001b[32m✓ pass\u001b[39m');
    // Stripped of colour it is the plain report: colour adds nothing else.
    expect(coloured.replace(new RegExp(ANSI.source, 'g'), '')).toBe(plain);
  });

  it('opens with the tool, version and the whole chain of the target', () => {
    expect(lines[0]).toBe(
      'cart-doctor 0.1.0  retail-store-prod/cart-deployment → SA cart-sa → arn:aws:iam::111122223333:role/cart-dynamodb-role → table Items @ ap-south-1 (cluster cart-cluster)',
    );
  });

  it('says so in the header when region, cluster or role are unknown', () => {
    const r = report();
    r.target = { ...r.target, region: null, cluster: null, roleArn: null };
    expect(renderTerminal(r, { color: false }).split('\n')[0]).toContain('→ role unknown → table Items @ region unknown (cluster unknown)');
  });

  it('lists failures first, then error, warn, skip, pass, keeping registry order within a status', () => {
    expect(orderForDisplay(RESULTS).map((r) => r.id)).toEqual([
      'sa.exists',
      'trust.subject',
      'policy.actions',
      'trust.audience',
      'env.local-endpoint',
      'deployment.service-account',
      'oidc.provider',
    ]);
    expect(lineOf('│ trust.subject')).toBeGreaterThan(lineOf('│ sa.exists'));
    expect(lineOf('│ deployment.service-account')).toBeGreaterThan(lineOf('│ trust.subject'));
  });

  it('keeps every table line within the width and never truncates a long ARN', () => {
    for (const width of [120, 100]) {
      const text = renderTerminal(report(), { color: false, width });
      const tableLines = text.split('\n').filter((l) => /^[┌│├└]/.test(l));
      expect(tableLines.length).toBeGreaterThan(10);
      for (const l of tableLines) expect(l.length).toBeLessThanOrEqual(width);
      expect(text).not.toContain('…');
      // The provider ARN is split across cell lines, but every character is there.
      const cellText = tableLines.map((l) => l.split('│')[3]?.trim() ?? '').join('');
      expect(cellText).toContain(PROVIDER);
    }
  });

  it('gives each fail, warn and error a block with message, symptom and fix', () => {
    const block = plain.slice(plain.indexOf('✗ trust.subject — Title of trust.subject'));
    expect(block.split('\n').slice(0, 5)).toEqual([
      '✗ trust.subject — Title of trust.subject',
      expect.stringContaining('  The trust policy of cart-dynamodb-role admits system:serviceaccount:default:cart-sa'),
      expect.stringMatching(/^ {2}\S/),
      '  Symptom: AccessDeniedException — IAM policy / trust issue',
      '  Fix:',
    ]);
    expect(plain).toContain('! trust.audience — Title of trust.audience');
    expect(plain).toContain('? policy.actions — Title of policy.actions');
    // An error has no symptom: the app's behaviour is unknown, not predicted.
    const errorBlock = plain.slice(plain.indexOf('? policy.actions —'), plain.indexOf('! trust.audience —'));
    expect(errorBlock).not.toContain('Symptom:');
    expect(errorBlock).toContain('    Grant the doctor the permission named in the message');
    // No block for pass or skip.
    expect(plain).not.toContain('oidc.provider — ');
    expect(plain).not.toContain('env.local-endpoint — ');
  });

  it('prints a multi-line fix unwrapped, indented, so it pastes as written', () => {
    const indented = PATCH.split('\n').map((l) => `    ${l}`).join('\n');
    expect(plain).toContain(`  Fix:\n${indented}\n`);
    expect(indented.split('\n')[1]!.length).toBeGreaterThan(120);
  });

  it('closes with the Common-failures rows this run predicts and the checks behind them', () => {
    const closing = plain.slice(plain.indexOf('Common failures this run predicts'));
    const row = (error: string) => closing.split('\n').find((l) => l.startsWith(`│ ${error}`));
    expect(row('AccessDeniedException')).toMatch(/│ IAM policy \/ trust issue\s+│ trust\.subject\s+│$/);
    expect(row('Pods not created')).toMatch(/│ ServiceAccount missing\s+│ sa\.exists\s+│$/);
    // The warn is a risk, not a predicted failure.
    expect(closing).not.toContain('trust.audience');
    expect(closing.indexOf('AccessDeniedException')).toBeLessThan(closing.indexOf('Pods not created'));
  });

  it.each([120, 80])('never breaks an error name or a check id in the Common-failures table (width %i)', (width) => {
    const throttled = result('table.billing-mode', 'fail', 'Table Items is PROVISIONED.', {
      symptom: symptom('ProvisionedThroughputExceededException'),
    });
    const selfLimited = result('deployment.service-account', 'fail', 'Deployment runs as default.');
    const text = renderTerminal(report([...RESULTS, throttled, selfLimited]), { color: false, width });
    const closing = text.slice(text.indexOf('Common failures this run predicts'));
    expect(closing).toMatch(/│ ProvisionedThroughputExceededException │ Provisioned\b/);
    expect(closing).toMatch(/│ table\.billing-mode\s+│\n/);
    expect(closing).toMatch(/│ deployment\.service-account,? *│/);
    if (width === 120) for (const l of closing.split('\n').filter((x) => x.startsWith('│'))) expect(l.length).toBeLessThanOrEqual(120);
  });

  it('says no failure is predicted when nothing failed, and owns up to checks it could not evaluate', () => {
    const healthy = RESULTS.filter((r) => r.status === 'pass');
    expect(renderTerminal(report(healthy), { color: false })).toContain('No failure is predicted: no check failed.');
    const inconclusive = RESULTS.filter((r) => r.status === 'pass' || r.status === 'error');
    expect(renderTerminal(report(inconclusive), { color: false })).toContain(
      'No failure is predicted: no check failed (but 1 check could not be evaluated).',
    );
  });

  it('ends with the totals and the exit code', () => {
    expect(lines.at(-2)).toBe('2 pass, 1 warn, 2 fail, 1 error, 1 skip — exit 1');
    const healthy = RESULTS.filter((r) => r.status === 'pass');
    expect(renderTerminal(report(healthy), { color: false }).trimEnd().split('\n').at(-1)).toBe(
      '2 pass, 0 warn, 0 fail, 0 error, 0 skip — exit 0',
    );
  });
});

describe('wrap', () => {
  it.each([
    ['short text stays', 'a b c', 10, 'a b c'],
    ['breaks at spaces', 'alpha beta gamma', 10, 'alpha beta\ngamma'],
    ['hard-breaks a long token', 'abcdefghijkl', 5, 'abcde\nfghij\nkl'],
    ['keeps explicit newlines', 'one\ntwo', 10, 'one\ntwo'],
  ])('%s', (_name, text, max, expected) => {
    expect(wrap(text, max)).toBe(expected);
  });
});

describe('renderTerminal escapes control characters before colouring (issue 8 D12)', () => {
  const hostile = '\u001b]0;PWNED\u0007\u001b[2J\r\u009b\u202e';
  const text = renderTerminal(
    report([result('trust.subject', 'fail', `admits assumed-role/cart-role/${hostile}`, { remediation: `fix ${hostile}` })]),
    { color: true },
  );

  it('leaves only its own SGR colour codes as escape sequences', () => {
    expect(text.replace(/\u001b\[\d+m/g, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text).toContain('\u001b[31m✗ fail\u001b[39m');
  });

  it('shows each removed character as a visible escape', () => {
    expect(text).toContain('\\x1b]0;PWNED\\x07\\x1b[2J\\x0d\\x9b\\u202e');
  });
});

// @ts-nocheck
import { describe, it, expect } from '@jest/globals';
import { buildReport, type Report } from '../../src/report/model.js';
import { spawnSync } from 'node:child_process';
import { orderForDisplay, renderTerminal, wrap } from '../../src/report/terminal.js';
import { wrapShell } from '../../src/report/shell-wrap.js';
import type { CheckResult } from '../../src/report/model.js';
import { symptom } from '../../src/checks/lib/symptoms.js';

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
  result(
    'trust.subject',
    'fail',
    'The trust policy of cart-dynamodb-role admits system:serviceaccount:default:cart-sa, not system:serviceaccount:retail-store-prod:cart-sa.',
  ),
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

const charLength = (line: string) => [...line.replace(new RegExp(ANSI.source, 'g'), '')].length;

describe('renderTerminal', () => {
  it('renders a fixed report (colour off)', () => {
    expect(plain).toMatchSnapshot();
  });

  it('renders the verbose form of the same report', () => {
    expect(renderTerminal(report(), { color: false, verbose: true })).toMatchSnapshot();
  });

  it('is pure: the same report renders the same text', () => {
    expect(renderTerminal(report(), { color: false })).toBe(plain);
  });

  it('writes no ANSI codes when colour is off, and colours each status when it is on', () => {
    expect(plain).not.toMatch(ANSI);
    const coloured = renderTerminal(report(), { color: true });
    expect(coloured).toMatch(ANSI);
    for (const [code, cell] of [
      [31, '✗ fail'],
      [33, '! warn'],
      [35, '? error'],
      [90, '- skip'],
      [32, '✓ pass'],
    ] as const) {
      expect(coloured).toContain(`\u001b[${code}m${cell}`);
    }
    expect(coloured.replace(new RegExp(ANSI.source, 'g'), '')).toBe(plain);
  });

  it('opens with the tool, version and the whole chain of the target', () => {
    expect(lines[0]).toMatch(/^cart-doctor 0\.1\.0 {2}retail-store-prod\/cart-deployment → SA cart-sa → role cart-dynamodb-role/);
    expect(plain.slice(0, plain.indexOf('\n\n')).replace(/\s+/g, ' ')).toMatch(/table Items @ ap-south-1 · cluster cart-cluster/);
  });

  it('says so in the header when region, cluster or role are unknown', () => {
    const r = report();
    r.target = { ...r.target, region: null, cluster: null, roleArn: null };
    const header = renderTerminal(r, { color: false, width: 200 }).split('\n')[0];
    expect(header).toContain('→ role unknown → table Items @ region unknown · cluster unknown');
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
    expect(lineOf('✗ fail  trust.subject')).toBeGreaterThan(lineOf('✗ fail  sa.exists'));
    expect(lineOf('? error')).toBeGreaterThan(lineOf('✗ fail  trust.subject'));
  });

  it('compact: one line per check that is not passing, one line for all that pass', () => {
    const list = plain.split('\n\n')[1]!.split('\n');
    expect(list.filter((l) => /^[✗?!-] /.test(l))).toHaveLength(5);
    expect(list.at(-1)).toMatch(/^✓ pass {2}2 checks: deployment\.service-account, oidc\.provider$/);
    // The pass messages are not shown; -v shows them.
    expect(plain).not.toContain('exists and lists sts.amazonaws.com');
    expect(renderTerminal(report(), { color: false, verbose: true }).replace(/\s+/g, ' ')).toContain('exists and lists sts.amazonaws.com');
  });

  it.each([40, 80, 120, 200])('no line is wider than %i columns, except a shell word that cannot be broken', (width) => {
    const text = renderTerminal(report(), { color: true, width, verbose: width === 200 });
    for (const line of text.split('\n')) {
      if (charLength(line) <= width) continue;
      // Only a fix line whose single word (an ARN, a JSON string) is longer than the line may stay whole.
      expect({
        line,
        unbreakable:
          line
            .trim()
            .split(/\s+/)
            .some((w) => w.length > width - 8) || !/ /.test(line.trim()),
      }).toEqual({ line, unbreakable: true });
    }
  });

  it('gives each fail, warn and error a block with message, symptom and fix', () => {
    const block = plain.slice(plain.indexOf('✗ trust.subject'));
    expect(block.split('\n').slice(0, 3)).toEqual([
      '✗ trust.subject — AccessDeniedException (IAM policy / trust issue)',
      expect.stringContaining('  The trust policy of cart-dynamodb-role admits'),
      expect.stringMatching(/^ {2}\S/),
    ]);
    expect(plain).toContain('! trust.audience — AccessDeniedException');
    expect(plain).toContain('? policy.actions\n');
    const errorBlock = plain.slice(plain.indexOf('? policy.actions\n'));
    expect(errorBlock.split('\n\n')[0]).not.toContain('AccessDeniedException');
    expect(errorBlock).toContain('    Grant the doctor the permission named in the message');
    expect(plain).not.toContain('oidc.provider —');
    expect(plain).not.toContain('env.local-endpoint —');
  });

  it('prints a fix so it pastes as written: long commands continue with \\ outside quotes', () => {
    const block = plain.slice(plain.indexOf('✗ sa.exists'), plain.indexOf('✗ trust.subject'));
    expect(block).toContain('    kubectl -n retail-store-prod patch deployment cart-deployment --type merge -p \\\n');
    // The JSON argument is one quoted word: never split.
    expect(block).toContain(
      `'{"spec":{"template":{"spec":{"serviceAccountName":"cart-sa","automountServiceAccountToken":true,"someVeryLongFieldSoTheLineExceedsTheTableWidth":"x"}}}}'`,
    );
  });

  it('says identical problems once: twelve errors with one cause are one line and one block', () => {
    const denied = (id: CheckResult['id']) =>
      result(id, 'error', 'could not evaluate: no AWS credentials found for the doctor', { remediation: 'Give the doctor credentials.' });
    const ids = ['oidc.provider', 'trust.principal', 'trust.subject', 'policy.actions', 'table.exists'] as const;
    const text = renderTerminal(report(ids.map(denied)), { color: false, width: 80 });
    expect(text.match(/no AWS credentials/g)).toHaveLength(2);
    expect(text).toContain('? error 5 checks  could not evaluate: no AWS credentials');
    expect(text).toContain('? 5 checks could not be evaluated, for one reason:');
    expect(text.match(/Give the doctor credentials/g)).toHaveLength(1);
    expect(text.split('\n').length).toBeLessThan(20);
  });

  it('closes with the Common-failures rows this run predicts and the checks behind them', () => {
    const closing = plain.slice(plain.indexOf('Common failures this run predicts'));
    expect(closing).toContain('  AccessDeniedException — IAM policy / trust issue: trust.subject\n');
    expect(closing).toContain('  Pods not created — ServiceAccount missing: sa.exists\n');
    expect(closing).not.toContain('trust.audience');
    expect(closing.indexOf('AccessDeniedException')).toBeLessThan(closing.indexOf('Pods not created'));
  });

  it('says no failure is predicted when nothing failed, and owns up to checks it could not evaluate', () => {
    const healthy = RESULTS.filter((r) => r.status === 'pass');
    expect(renderTerminal(report(healthy), { color: false })).toContain('No failure is predicted: no check failed.');
    const inconclusive = RESULTS.filter((r) => r.status === 'pass' || r.status === 'error');
    expect(renderTerminal(report(inconclusive), { color: false })).toContain('No failure is predicted: no check failed (but 1 check could not be evaluated).');
  });

  it('ends with the totals and the exit code', () => {
    expect(lines.at(-2)).toBe('2 pass, 1 warn, 2 fail, 1 error, 1 skip — exit 1');
    const healthy = RESULTS.filter((r) => r.status === 'pass');
    expect(renderTerminal(report(healthy), { color: false }).trimEnd().split('\n').at(-1)).toBe('2 pass, 0 warn, 0 fail, 0 error, 0 skip — exit 0');
  });
});

describe('wrapShell', () => {
  it.each([
    ['a short line stays', 'aws iam get-role --role-name r', 40, 'aws iam get-role --role-name r'],
    [
      'breaks outside quotes with a continuation',
      "aws iam put-role-policy --role-name r --policy-name p --policy-document 'a b c'",
      40,
      "aws iam put-role-policy --role-name r \\\n  --policy-name p --policy-document \\\n  'a b c'",
    ],
    ['never inside a quoted word', "echo 'one two three four five six'", 12, "echo \\\n  'one two three four five six'"],
    ['comments wrap as comments', '# one two three four', 12, '# one two\n# three four'],
    ['here-document bodies are data', 'cat > f <<\'JSON\'\n{ "a": "b c d e f g h" }\nJSON', 10, 'cat > f \\\n  <<\'JSON\'\n{ "a": "b c d e f g h" }\nJSON'],
  ])('%s', (_name, text, width, expected) => {
    expect(wrapShell(text, width)).toBe(expected);
  });

  it('keeps the snippet valid shell (bash -n)', () => {
    const snippet =
      'aws iam update-assume-role-policy --role-name cart-dynamodb-role --policy-document file://trust.json # the fix\nkubectl -n retail-store-prod rollout restart deployment/cart-deployment';
    const run = spawnSync('bash', ['-n'], { input: wrapShell(snippet, 30), encoding: 'utf8' });
    expect(run.status).toBe(0);
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
  const text = renderTerminal(report([result('trust.subject', 'fail', `admits assumed-role/cart-role/${hostile}`, { remediation: `fix ${hostile}` })]), {
    color: true,
  });

  it('leaves only its own SGR colour codes as escape sequences', () => {
    expect(text.replace(/\u001b\[\d+m/g, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text).toContain('\u001b[31m✗ fail\u001b[39m');
  });

  it('shows each removed character as a visible escape', () => {
    expect(text).toContain('\\x1b]0;PWNED\\x07\\x1b[2J\\x0d\\x9b\\u202e');
  });
});

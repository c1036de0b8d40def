/**
 * Every fix the doctor prints is a runnable shell snippet with the real names: every bundled
 * scenario through the built CLI, every non-pass result's remediation held to the rules of
 * src/checks/fix.ts.
 */
// @ts-nocheck

import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArn } from '../src/facts/arn.js';
import { REPO_ROOT, fixture, runCheckJson } from './helpers/cli.js';

const scenarios = readdirSync(join(REPO_ROOT, 'fixtures/scenarios')).map((f) => f.replace(/\.yaml$/, ''));
const FIXTURES = ['healthy-guide', 'healthy-retail-store', ...scenarios];

const codeLines = (snippet: string): string[] => snippet.split('\n').filter((l) => !/^\s*#/.test(l));
const commentLines = (snippet: string): string[] => snippet.split('\n').filter((l) => /^\s*#/.test(l));

/** What is wrong with one remediation; empty when it follows every rule. */
export function remediationProblems(snippet: string, knownAccount: string | undefined): string[] {
  const problems: string[] = [];
  const syntax = spawnSync('bash', ['-n'], { input: snippet, encoding: 'utf8' });
  if (syntax.status !== 0) problems.push(`bash -n rejects it: ${syntax.stderr.trim()}`);
  if (knownAccount && snippet.includes('<ACCOUNT_ID>')) problems.push(`<ACCOUNT_ID> although the run knows account ${knownAccount}`);
  const code = codeLines(snippet).join('\n');
  for (const placeholder of new Set(code.match(/<[A-Z_]+>/g) ?? [])) {
    if (!commentLines(snippet).some((l) => l.includes(placeholder) || /placeholder/i.test(l)))
      problems.push(`placeholder ${placeholder} with no comment saying why`);
  }
  for (const m of snippet.matchAll(/file:\/\/([^\s'"]+)/g)) {
    const before = snippet.slice(0, m.index);
    if (!before.includes(`cat > ${m[1]} <<`)) problems.push(`file://${m[1]} is read but never written before`);
  }
  const lines = codeLines(snippet);
  lines.forEach((line, i) => {
    if (!/\bkubectl\b.*\b(patch|set env|apply|annotate)\b/.test(line)) return;
    if (!lines.slice(i + 1).some((l) => /\bkubectl -n \S+ rollout restart deployment\/\S+/.test(l))) problems.push(`no rollout restart after: ${line.trim()}`);
  });
  return problems;
}

/** The account a run knows: the role ARN's, else the cluster ARN's recorded in the snapshot. */
function accountKnown(roleArn: string | null, snapshot: string): string | undefined {
  return (roleArn && parseArn(roleArn)?.account) || /arn:aws[a-z-]*:eks:[^:]*:(\d{12}):cluster\//.exec(snapshot)?.[1];
}

describe('remediation rules (the checker itself)', () => {
  it('catches prose, unwritten files, missing restarts and unexplained placeholders', () => {
    expect(remediationProblems('then restart: kubectl rollout restart deployment/x', undefined)).toEqual([expect.stringContaining('bash -n')]);
    expect(remediationProblems('aws iam put-role-policy --policy-document file://p.json', undefined)).toEqual([
      'file://p.json is read but never written before',
    ]);
    expect(remediationProblems("cat > p.json <<'J'\n{}\nJ\naws iam put-role-policy --policy-document file://p.json", undefined)).toEqual([]);
    expect(remediationProblems('kubectl -n a patch configmap c -p x', undefined)).toEqual(['no rollout restart after: kubectl -n a patch configmap c -p x']);
    expect(
      remediationProblems('kubectl -n a annotate sa s x=arn:aws:iam::<ACCOUNT_ID>:role/r\nkubectl -n a rollout restart deployment/d', '111122223333'),
    ).toEqual(['<ACCOUNT_ID> although the run knows account 111122223333', 'placeholder <ACCOUNT_ID> with no comment saying why']);
  });
});

describe('every printed fix is a runnable snippet with the real names (built CLI)', () => {
  it.each(FIXTURES)('%s', (name) => {
    const file = fixture(name);
    const args = ['--snapshot', file, ...(name.includes('retail') ? ['--preset', 'retail-store'] : [])];
    const { report } = runCheckJson(args);
    const account = accountKnown(report.target.roleArn, readFileSync(join(REPO_ROOT, file), 'utf8'));
    const problems = report.checks
      .filter((c) => c.status !== 'pass')
      .flatMap((c) => remediationProblems(c.remediation, account).map((p) => `${c.id} (${c.status}): ${p}\n${c.remediation}`));
    expect(problems).toEqual([]);
  });
});

/** `check --fix-script FILE` through the built CLI: one reviewed script of the run's fixes. */
// @ts-nocheck

import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, runCheckJson, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cd-fix-script-'));

function script(name: string, extra: string[] = []): { text: string; file: string; status: number | null; exitCode: number } {
  const file = join(dir, `${name}.sh`);
  const { report, status } = runCheckJson(['--snapshot', fixture(name), '--fix-script', file, ...extra]);
  return { text: readFileSync(file, 'utf8'), file, status, exitCode: report.exitCode };
}

const headers = (text: string) => [...text.matchAll(/^# ([a-z]+\.[a-z-]+) \((fail|warn)\):/gm)].map((m) => m[1]);

describe('check --fix-script', () => {
  it('writes an executable bash script with set -euo pipefail that bash -n accepts; the report and exit code are unchanged', () => {
    const { text, file, status, exitCode } = script('trust-https-in-key');
    expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(text).toMatch(/^set -euo pipefail$/m);
    expect(statSync(file).mode & 0o777).toBe(0o755);
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    expect([status, exitCode]).toEqual([1, 1]);
    expect(text).toContain('which ran none of it');
  });

  it('heads each block with its check and says a duplicate fix once', () => {
    const { text } = script('trust-https-in-key');
    expect(headers(text)).toEqual(['trust.subject', 'trust.audience']);
    expect(text.match(/update-assume-role-policy/g)).toHaveLength(1);
    expect(text).toMatch(/# trust\.audience \(fail\):.*\n# Same fix as trust\.subject above\./);
  });

  it('orders blocks by dependency and restarts once, at the end, after every change', () => {
    const { text } = script('retail-local-dev-on-eks', ['--preset', 'retail-store']);
    const ids = headers(text);
    expect(ids).toEqual(
      [...ids].sort((a, b) => ['env.', 'region.', 'pods.'].findIndex((p) => a.startsWith(p)) - ['env.', 'region.', 'pods.'].findIndex((p) => b.startsWith(p))),
    );
    const restarts = text.split('\n').filter((l) => /^kubectl -n \S+ rollout restart/.test(l));
    expect(restarts).toEqual(['kubectl -n carts rollout restart deployment/carts']);
    const lastChange = Math.max(...text.split('\n').map((l, i) => (/^kubectl .*(patch|set env|apply|annotate)/.test(l) ? i : -1)));
    expect(text.split('\n').indexOf(restarts[0]!)).toBeGreaterThan(lastChange);
  });

  it('puts the OIDC provider before the trust policy and the role before the annotation', () => {
    const { text } = script('oidc-provider-missing');
    const ids = headers(text);
    expect(ids[0]).toBe('oidc.provider');
    expect(text).toMatch(/get-open-id-connect-provider .*>\/dev\/null 2>&1 \|\|\n\s+aws iam create-open-id-connect-provider/);
  });

  it('a healthy run writes a script that does nothing and says so', () => {
    const { text, status } = script('healthy-guide');
    expect(status).toBe(0);
    expect(headers(text)).toEqual([]);
    expect(text).toContain('In it: nothing');
  });

  it('an unwritable FILE is bad input: one line naming it, exit 3', () => {
    const run = runCli(['check', '--snapshot', fixture('healthy-guide'), '--fix-script', join(dir, 'no-such-dir', 'fix.sh')]);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/no-such-dir\/fix\.sh.*ENOENT/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});

/**
 * Issue 8 D7, D8, D9, D12 through the built CLI: bounded time and memory on local inputs, and
 * no control character from an input reaching the terminal raw. No timing is asserted: each
 * case either finishes (the old code ran for minutes, so runCli's own timeout failed it) or
 * shows the limit it hit.
 */
// @ts-nocheck

import { describe, expect, it } from '@jest/globals';
import { spawnSync, execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, ftruncateSync, writeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCheckJson, runCli } from '../helpers/cli.js';
import { HEALTHY_SNAPSHOT, writeTinySnapshot } from '../helpers/tiny-snapshot.js';

const ESC = '\u001b';
const BEL = '\u0007';
const HOSTILE = `${ESC}]0;PWNED${BEL}${ESC}[2J`;
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cart-doctor-bounds-'));
}

/** A file of `size` bytes that is mostly a hole (no disk, no write time), then `tail`. */
function sparseFile(path: string, size: number, tail = ''): string {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, size);
  if (tail) writeSync(fd, tail, size);
  closeSync(fd);
  return path;
}

function withTrust(trust: object): object {
  const snapshot = structuredClone(HEALTHY_SNAPSHOT) as { aws: { operation: string; output: { Role?: { AssumeRolePolicyDocument: string } } }[] };
  const getRole = snapshot.aws.find((e) => e.operation === 'GetRole')!;
  getRole.output.Role!.AssumeRolePolicyDocument = encodeURIComponent(JSON.stringify(trust));
  return snapshot;
}

describe('D7: the table renderer is linear in the text', () => {
  it('renders a 5,000-character unbroken --table value: prose wrapped to the width, the name shown whole', () => {
    const table = 'T'.repeat(5000);
    const run = runCli(['check', '--snapshot', writeTinySnapshot(), '--table', table], { env: { COLUMNS: '120' } });
    expect(run.status).toBe(1);
    const lines = run.stdout.split('\n');
    // Prose is hard-broken to the width; only a fix's shell word may stay whole (it must paste as one).
    const wide = lines.filter(
      (l) =>
        [...l].length > 120 &&
        !l
          .trim()
          .split(/\s+/)
          .some((w) => w.length > 108),
    );
    expect(wide).toEqual([]);
    expect(lines.filter((l) => /^T{100,}$/.test(l.trim())).length).toBeGreaterThan(30);
    // Every character of the name is shown somewhere in a message: broken into lines, not lost.
    expect(run.stdout.replace(/\s+/g, '')).toContain(table);
  }, 60_000);
});

describe('D8: glob conditions match in linear time', () => {
  it('a StringLike sub of "*?"×50 + "X" is evaluated (no match), not backtracked forever', () => {
    const issuer = 'oidc.eks.ap-south-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${issuer}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringLike: { [`${issuer}:sub`]: `${'*?'.repeat(50)}X` }, StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com' } },
        },
      ],
    };
    const { report } = runCheckJson(['--snapshot', writeTinySnapshot(withTrust(trust))]);
    expect(report.checks.find((c) => c.id === 'trust.subject')?.status).toBe('fail');
  }, 60_000);
});

describe('D9: input size limits and non-regular files', () => {
  it('refuses a snapshot over --max-input-mb before reading it: exit 3 naming the file and the limit', () => {
    const file = sparseFile(join(tempDir(), 'big.yaml'), 2 * 1024 * 1024);
    const run = runCli(['check', '--snapshot', file, '--max-input-mb', '1']);
    expect(run.status).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain('1 MiB');
  });

  it('the default limit (16 MiB) applies without the flag, to --config too', () => {
    const file = sparseFile(join(tempDir(), 'config.yaml'), 17 * 1024 * 1024);
    const run = runCli(['check', '--snapshot', writeTinySnapshot(), '--config', file]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain('16 MiB');
  });

  it('stdin (-f -) is read only up to the limit', () => {
    const run = spawnSync(process.execPath, [CLI, 'check', '-f', '-', '--snapshot', writeTinySnapshot(), '--max-input-mb', '1'], {
      input: `# ${'x'.repeat(3 * 1024 * 1024)}\n`,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 30_000,
    });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('<stdin>');
    expect(run.stderr).toContain('1 MiB');
  });

  it('refuses a FIFO named *.yaml inside a -f folder instead of waiting on it', () => {
    const dir = join(tempDir(), 'manifests');
    mkdirSync(dir);
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    const run = runCli(['check', '--snapshot', writeTinySnapshot(), '-f', dir]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(join(dir, 'pipe.yaml'));
    expect(run.stderr).toContain('not a regular file');
  });

  it('refuses a device (-f /dev/zero) instead of reading it forever', () => {
    const run = runCli(['check', '--snapshot', writeTinySnapshot(), '-f', '/dev/zero']);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('/dev/zero');
    expect(run.stderr).toContain('not a regular file');
  });

  it.each([['0'], ['abc'], ['-2']])('--max-input-mb %s is bad input', (value) => {
    const run = runCli(['check', '--snapshot', writeTinySnapshot(), '--max-input-mb', value]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('--max-input-mb');
  });

  it('--help names the limit', () => {
    expect(runCli(['check', '--help']).stdout).toContain('--max-input-mb');
    expect(runCli(['snapshot', '--help']).stdout).toContain('--max-input-mb');
  });

  it('scans a --logs-file larger than any string (600 MB, one huge line) streaming, and finds the hit after it', () => {
    const line =
      'User: arn:aws:sts::111122223333:assumed-role/cart-role/app is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:ap-south-1:111122223333:table/Items because no identity-based policy allows the dynamodb:GetItem action';
    const file = sparseFile(join(tempDir(), 'app.log'), 600 * 1024 * 1024, `\nstarting\n${line}\n`);
    const { report, stderr } = runCheckJson(['--snapshot', writeTinySnapshot(), '--logs-file', file]);
    expect(stderr).toBe('');
    const logs = report.checks.find((c) => c.id === 'logs.symptoms')!;
    expect(logs.status).toBe('fail');
    const evidence = logs.evidence as { linesScanned: number; hits: { line: number; shape: string }[] };
    expect(evidence.hits).toEqual([expect.objectContaining({ line: 3, shape: 'access-denied' })]);
    expect(evidence.linesScanned).toBe(3);
  }, 120_000);
});

describe('D12: control characters never reach the terminal raw', () => {
  const clean = (text: string) => {
    expect(text).not.toContain(ESC);
    expect(text).not.toContain(BEL);
  };

  it('a log principal with OSC/CSI sequences is shown escaped in the table', () => {
    const dir = tempDir();
    const line = `User: arn:aws:sts::111122223333:assumed-role/cart-role/${HOSTILE} is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:ap-south-1:111122223333:table/Items`;
    writeFileSync(join(dir, 'app.log'), `${line}\n`);
    const run = runCli(['check', '--snapshot', writeTinySnapshot(), '--logs-file', join(dir, 'app.log')]);
    expect(run.status).toBe(1);
    clean(run.stdout);
    expect(run.stdout).toContain('\\x1b]0;PWNED\\x07');
  });

  it('a manifest value and a warning are escaped on stdout and stderr', () => {
    const dir = tempDir();
    const sa = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: cart-sa\n  namespace: retail-store-prod\n  annotations:\n    eks.amazonaws.com/role-arn: "arn:aws:iam::111122223333:role/x\\e]0;PWNED\\a"\n---\nkind: "Thing\\e]0;PWNED\\a"\n`;
    writeFileSync(join(dir, 'sa.yaml'), sa);
    const run = runCli(['check', '--snapshot', writeTinySnapshot(), '-f', join(dir, 'sa.yaml')]);
    clean(run.stdout);
    clean(run.stderr);
    expect(`${run.stdout}${run.stderr}`).toContain('\\x1b]0;PWNED\\x07');
  });

  it('an input error naming a hostile config key is one escaped line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.yaml'), `target:\n  "name${HOSTILE}": x\n`);
    const run = runCli(['check', '--snapshot', writeTinySnapshot(), '--config', join(dir, 'config.yaml')]);
    expect(run.status).toBe(3);
    clean(run.stderr);
    expect(run.stderr).toContain('\\x1b[2J');
  });

  it('explain echoes escaped text; its JSON stays JSON', () => {
    const text = runCli(['explain', `weird ${HOSTILE} text`]);
    expect(text.status).toBe(1);
    clean(text.stdout);
    expect(text.stdout).toContain('\\x1b]0;PWNED\\x07');
    const json = runCli(['explain', '-o', 'json', `weird ${HOSTILE} text`]);
    clean(json.stdout);
    expect((JSON.parse(json.stdout) as { tried: string }).tried).toContain(HOSTILE);
  });
});

/**
 * Every offline command the README shows runs as printed: a `cart-doctor …` line of a bash
 * block that needs no AWS and no cluster (a bundled snapshot, explain, permissions,
 * completion) is run through the built CLI and must not be a usage error or a crash.
 * Lines that need live AWS, a cluster, a pipe or a file the reader has are listed as such.
 */
// @ts-nocheck

import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from './helpers/cli.js';

/** Splits a shell line into words, honouring single and double quotes. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The README and the pages it links in docs/ (the check pages are generated, with no commands). */
function readmeCommands(): string[] {
  const pages = [
    'README.md',
    ...readdirSync(join(REPO_ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const readme = pages.map((page) => readFileSync(join(REPO_ROOT, page), 'utf8')).join('\n');
  const blocks = [...readme.matchAll(/```(?:bash|sh|shell)\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((l) => l.replace(/\s+#\s.*$/, '').trim())
    .filter((l) => l.startsWith('cart-doctor '));
}

/** Needs nothing but the repository: bundled fixtures, or no input at all. */
function isOffline(args: string[]): boolean {
  if (['explain', 'permissions', 'completion'].includes(args[0]!)) return !args.includes('-') && !args.some((a) => a.includes('…') && args[0] !== 'explain');
  const snapshot = args[args.indexOf('--snapshot') + 1];
  return args.includes('--snapshot') && !!snapshot?.startsWith('fixtures/') && !args.includes('-f') && !args.includes('--logs');
}

describe('README examples', () => {
  const commands = readmeCommands();
  const offline = commands.filter((c) => isOffline(words(c).slice(1)));

  it('the README has offline examples to run', () => {
    expect(offline.length).toBeGreaterThanOrEqual(5);
  });

  it.each(offline.map((c) => [c]))('%s', (command) => {
    const run = runCli(words(command).slice(1));
    expect({ command, status: run.status, stderr: run.stderr }).toEqual({
      command,
      status: expect.any(Number),
      stderr: expect.not.stringMatching(/^\s+at |TypeError|usage/m),
    });
    // 0 healthy, 1 a broken example or an explain that matched nothing; never 3 (a typo in the README) or 2.
    expect([0, 1]).toContain(run.status);
    if (words(command)[1] === 'explain') expect(run.status).toBe(0);
  });
});

/**
 * The terminal report as people read it: the built CLI at 80 and 200 columns on every
 * bundled scenario. No line is wider than the terminal (except a shell word that cannot be
 * broken without breaking the fix), and the demo's failing scenario fits one screen.
 */
// @ts-nocheck

import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';

const scenarios = readdirSync(new URL('../../fixtures/scenarios/', import.meta.url)).map((f) => `fixtures/scenarios/${f}`);
const chars = (line: string) => [...line].length;

describe('terminal report width', () => {
  it("the demo's failing scenario, fix included, fits 60 lines at 80 columns", () => {
    const run = runCli(['check', '--snapshot', 'fixtures/scenarios/trust-wrong-namespace.yaml'], { env: { COLUMNS: '80' } });
    expect(run.status).toBe(1);
    expect(run.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(60);
    expect(run.stdout).toContain('aws iam update-assume-role-policy');
  });

  it.each([80, 200])(
    'no line wider than %i columns, in any bundled scenario',
    (width) => {
      const wide: string[] = [];
      for (const file of [...scenarios, 'fixtures/healthy-guide.yaml']) {
        const run = runCli(['check', '--snapshot', file], { env: { COLUMNS: String(width) } });
        for (const line of run.stdout.split('\n')) {
          if (chars(line) <= width) continue;
          // A word longer than the line (an ARN inside a JSON document) is left whole: the fix must paste.
          if (
            line
              .trim()
              .split(/\s+/)
              .some((w) => chars(w) > width - 12)
          )
            continue;
          wide.push(`${file}: ${line}`);
        }
      }
      expect(wide).toEqual([]);
    },
    120_000,
  );

  it("-v shows every check's message; the compact default does not", () => {
    const compact = runCli(['check', '--snapshot', 'fixtures/healthy-guide.yaml'], { env: { COLUMNS: '80' } });
    const verbose = runCli(['check', '--snapshot', 'fixtures/healthy-guide.yaml', '-v'], { env: { COLUMNS: '80' } });
    expect(compact.stdout).not.toContain('No static AWS keys');
    expect(verbose.stdout.replace(/\s+/g, ' ')).toContain('No static AWS keys');
  });
});

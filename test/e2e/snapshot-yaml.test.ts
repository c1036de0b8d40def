/**
 * The fast snapshot reader (src/sources/block-yaml.ts) is invisible to users: the same report as
 * the yaml library's parse, and what only the library words (a duplicate key's warning, an invalid
 * YAML error with its line and column) still reaches stderr through the built CLI.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const HEALTHY = readFileSync('fixtures/healthy-guide.yaml', 'utf8');

function snapshotFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cart-doctor-snapyaml-')), 'snap.yaml');
  writeFileSync(file, text);
  return file;
}

/** The JSON report without what differs between two files (their names). */
function report(file: string): { status: number | null; results: unknown } {
  const run = runCli(['check', '--snapshot', file, '-o', 'json']);
  return { status: run.status, results: JSON.parse(run.stdout).results };
}

describe('snapshot YAML through the CLI', () => {
  it('the healthy snapshot and the same snapshot the fast reader gives up on (a document marker) report alike', () => {
    const fast = report(snapshotFile(HEALTHY));
    const library = report(snapshotFile(`---\n${HEALTHY}`));
    expect(fast.status).toBe(0);
    expect(library).toEqual(fast);
  });

  it('a duplicate key is still a warning naming its line', () => {
    const file = snapshotFile(HEALTHY.replace('target:\n', 'target:\n  region: eu-west-1\n'));
    const run = runCli(['check', '--snapshot', file]);
    expect(run.stderr).toMatch(/^warning: .*snap\.yaml: line \d+: duplicate key "region"; the last value wins/m);
  });

  it('invalid YAML is one stderr line naming the file, line and column, exit 3', () => {
    const file = snapshotFile(HEALTHY.replace('target:\n', 'target:\n  cluster: "unclosed\n'));
    const run = runCli(['check', '--snapshot', file, '-o', 'json']);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/snap\.yaml.*line \d+, column \d+/);
  });
});

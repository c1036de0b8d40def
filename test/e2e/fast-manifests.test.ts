/**
 * `-f` streams are read by the fast reader document by document, and by the yaml library only
 * where the fast reader gives up (src/sources/fast-stream.ts). Through the built CLI: a stream
 * that mixes both gives the report the manifests alone give, with every location and warning
 * moved down by exactly the lines put before them, and bad input still names its line.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const MANIFEST = 'fixtures/manifests/cart-broken.yaml';
const AWS_SIDE = ['--snapshot', 'fixtures/healthy-guide.yaml'];

/** Documents the fast reader gives up on (a flow mapping, an anchor) or words itself (a repeated key). */
const PREFIX = [
  '# rendered by hand',
  '--- {apiVersion: v1, kind: ConfigMap, metadata: {name: flow, namespace: other}}',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: repeated',
  '  namespace: other',
  'data:',
  '  KEY: "one" # first',
  '  KEY: two',
  '---',
  'kind: ConfigMap',
  'metadata: &m',
  '  name: anchored',
  '  namespace: other',
  '',
].join('\n');
const PREFIX_LINES = PREFIX.split('\n').length - 1;

interface Located {
  ruleId: string;
  line: number;
  column: number;
}

function sarifLocations(stdout: string): Located[] {
  const sarif = JSON.parse(stdout) as {
    runs: { results: { ruleId: string; locations: { physicalLocation?: { region: { startLine: number; startColumn: number } } }[] }[] }[];
  };
  return sarif.runs[0]!.results.flatMap((r) => {
    const region = r.locations[0]?.physicalLocation?.region;
    return region ? [{ ruleId: r.ruleId, line: region.startLine, column: region.startColumn }] : [];
  });
}

describe('-f: fast and library-read documents in one stream', () => {
  const alone = runCli(['check', ...AWS_SIDE, '-f', MANIFEST, '-o', 'sarif']);
  const mixed = runCli(['check', ...AWS_SIDE, '-f', '-', '-o', 'sarif'], { input: PREFIX + readFileSync(join(REPO_ROOT, MANIFEST), 'utf8') });

  it('points at the same fields, moved down by the lines before them', () => {
    expect(alone.status).toBe(1);
    expect(mixed.status).toBe(1);
    const expected = sarifLocations(alone.stdout);
    expect(expected.length).toBeGreaterThan(2);
    expect(sarifLocations(mixed.stdout)).toEqual(expected.map((l) => ({ ...l, line: l.line + PREFIX_LINES })));
  });

  it('warns about the repeated key at its line, as the yaml library words it', () => {
    const run = runCli(['check', ...AWS_SIDE, '-f', '-', '-o', 'json'], { input: PREFIX });
    expect((JSON.parse(run.stdout) as { warnings: string[] }).warnings).toContain(
      '<stdin>: line 11: duplicate key "KEY"; the last value wins, as kubectl applies it',
    );
  });

  // The library's own words and place, as for the document alone (line 4 of it, column 9).
  it('names the line of a syntax error in a later document, exit 3', () => {
    const run = runCli(['check', ...AWS_SIDE, '-f', '-', '-o', 'json'], { input: `${PREFIX}---\nkind: ConfigMap\nmetadata:\n  name: x\n    bad: indent\n` });
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^cart-doctor: <stdin>: line ${PREFIX_LINES + 4}, column 9: invalid YAML: Nested mappings`)),
    ]);
  });
});

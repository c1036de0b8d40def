/**
 * The fast snapshot reader (src/sources/block-yaml.ts) must give exactly what the yaml library
 * gives, or give up (undefined) so the library parses and words errors and warnings.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { parseBlockYaml, type RepeatedKey } from '../../src/sources/block-yaml.js';

/** What the yaml library makes of the text, as parseYaml calls it; undefined when it has errors, warnings or several documents. */
function library(text: string): unknown {
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length || docs[0]!.warnings.length) return undefined;
  return docs[0]!.toJS({ maxAliasCount: 1000 });
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('parseBlockYaml', () => {
  it('reads the shipped healthy snapshots itself (the fast path is taken)', () => {
    for (const file of ['fixtures/healthy-guide.yaml', 'fixtures/healthy-retail-store.yaml']) {
      const text = readFileSync(file, 'utf8');
      const fast = parseBlockYaml(text);
      expect(fast).toBeDefined();
      expect(fast).toStrictEqual(library(text));
    }
  });

  it('gives what the yaml library gives for every fixture it reads', () => {
    let read = 0;
    for (const file of yamlFiles('fixtures')) {
      const text = readFileSync(file, 'utf8');
      const fast = parseBlockYaml(text);
      if (fast === undefined) continue;
      read++;
      expect({ file, value: fast }).toStrictEqual({ file, value: library(text) });
    }
    expect(read).toBeGreaterThan(20);
  });

  it.each([
    [
      'core-schema scalars',
      'a: ~\nb: null\nc: True\nd: FALSE\ne: 0o17\nf: -12\ng: 0x1F\nh: -.inf\ni: .NaN\nj: 1.5e3\nk: .5\nl: 1.\nm: 512Mi\nn: -XX:Max=75.0\no: yes\np:\n',
    ],
    ['quoted scalars and keys', `"a b": "x\\"y\\\\z\\u00e9\\x41\\N"\n'c''d': 'it''s' # comment\n"1": '2'\n`],
    ['lists under keys, aligned and indented', 'a:\n- 1\n- x: 2\n  y: [] \nb:\n  -\n    c: {}\n  - d\n'],
    ['comments and blank lines', '# head\na: 1\n\n  # indented comment\nb:\n  # inside\n  c: x#y\n'],
    ['comments after plain values and keys', 'a: 1 # one\nb: x#y # z\nc: # below\n  d: [] # none\ne:\n- f # item\n'],
    ['`{}` and `[]` alone under their key (helm)', 'securityContext:\n  {}\ntolerations:\n  []\n'],
  ])('%s', (_name, text) => {
    const fast = parseBlockYaml(text);
    expect(fast).toBeDefined();
    expect(fast).toStrictEqual(library(text));
  });

  it.each([
    ['a duplicate key (the library warns)', 'a: 1\na: 2\n'],
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line quoted scalar', 'a: "one\n  two"\n'],
    ['a flow collection with content', 'a: [1, 2]\n'],
    ['a tab', 'a:\tb\n'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a document marker', '---\na: 1\n'],
    ['a key that is not a string', '1: a\n'],
    ['a __proto__ key', '__proto__: a\n'],
    ['a nested compact mapping', 'a: b: c\n'],
    ['a bad escape', 'a: "\\q"\n'],
    ['a scalar document', 'just text\n'],
    ['an empty document', '# nothing\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['an indented first line', '  a: 1\n'],
  ])('gives up on %s', (_name, text) => {
    expect(parseBlockYaml(text)).toBeUndefined();
  });

  it('words a repeated scalar key only when the caller collects it, and gives up on a repeated map', () => {
    const repeatedKeys: RepeatedKey[] = [];
    const value = parseBlockYaml('a:\n  x: 1\n  x: 2\n', { repeatedKeys });
    expect(value).toStrictEqual(library('a:\n  x: 1\n  x: 2\n'));
    expect(repeatedKeys).toEqual([{ map: (value as { a: object }).a, key: 'x', row: 2 }]);
    expect(parseBlockYaml('a:\n  x: 1\na: 2\n', { repeatedKeys: [] })).toBeUndefined();
  });

  it('never disagrees with the yaml library on what yaml.stringify writes', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const text = stringify({ root: value }, { lineWidth: 0 });
        const fast = parseBlockYaml(text);
        if (fast === undefined) return;
        read++;
        expect(fast).toStrictEqual(library(text));
      }),
      { numRuns: 300 },
    );
    expect(read).toBeGreaterThan(30);
  });

  it('never disagrees with the yaml library on hand-written looking text', () => {
    const unit = fc.constantFrom('a', 'b', ':', ' ', ' ', '-', '\n', '\n', '  ', '{}', '[]', '"', "'", '#', '1', '.', '0x', '~', '\\');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
        const fast = parseBlockYaml(text);
        if (fast !== undefined) expect(fast).toStrictEqual(library(text));
      }),
      { numRuns: 2000 },
    );
  });
});

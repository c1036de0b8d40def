/**
 * The fast `-f` reader (src/sources/fast-stream.ts) against the yaml library's stream reader
 * (forEachYamlDocument, what `-f` used before): the same documents with the same indexes,
 * lines, values, warnings and errors, and every field found at the same line and column.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { InputError } from '../../src/errors.js';
import { forEachManifestDocument } from '../../src/sources/fast-stream.js';
import { forEachYamlDocument, type YamlDocument } from '../../src/sources/yaml.js';
import type { FieldPath } from '../../src/sources/positions.js';

const REALWORLD = fileURLToPath(new URL('../../../shared/realworld/', import.meta.url));
const present = existsSync(REALWORLD);
if (!present) console.warn(`fast-stream: the realworld comparison is skipped: ${REALWORLD} is absent`);

function inputFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? inputFiles(join(dir, e.name)) : /\.(ya?ml|json)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every path to a mapping key or list item in a value, outer ones first (at most `limit`). */
function pathsIn(value: unknown, limit = 400): FieldPath[] {
  const paths: FieldPath[] = [];
  const walk = (node: unknown, path: FieldPath) => {
    if (paths.length >= limit || typeof node !== 'object' || node === null) return;
    for (const [key, child] of Object.entries(node)) {
      const next = [...path, Array.isArray(node) ? Number(key) : key];
      paths.push(next);
      walk(child, next);
    }
  };
  walk(value, []);
  // Paths that lead nowhere must stay nowhere in both.
  return [...paths, ['no-such-key'], [0], ...paths.slice(0, 5).map((p) => [...p, 'absent', 3])];
}

interface Outcome {
  documents: { index: number; line: number; value: unknown; document: number; placeLine: number; file: string; fields: unknown[] }[];
  warnings: string[];
  error?: string;
  fast: number;
}

async function outcome(text: string, read: (text: string, onDocument: (doc: YamlDocument) => void) => Promise<string[]> | string[]): Promise<Outcome> {
  const docs: YamlDocument[] = [];
  const result: Outcome = { documents: [], warnings: [], fast: 0 };
  try {
    result.warnings = await read(text, (doc) => docs.push(doc));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    result.error = err.line();
    return result;
  }
  for (const { index, line, value, place } of docs) {
    if (place.constructor.name === 'FastDocumentPlace') result.fast++;
    const fields = pathsIn(value).map((path) => [path, place.at(path)]);
    result.documents.push({ index, line, value, document: place.document, placeLine: place.line, file: place.file, fields });
  }
  return result;
}

const library = (text: string) => outcome(text, (t, on) => forEachYamlDocument(t, 'in.yaml', on));
const fast = (text: string) => outcome(text, (t, on) => forEachManifestDocument(t, 'in.yaml', on));

async function expectSame(text: string, name = 'text'): Promise<Outcome> {
  const [want, got] = await Promise.all([library(text), fast(text)]);
  const { fast: _fastRead, ...gotSeen } = got;
  const { fast: _none, ...wantSeen } = want;
  expect({ name, ...gotSeen }).toStrictEqual({ name, ...wantSeen });
  return got;
}

describe('forEachManifestDocument', () => {
  (present ? it : it.skip)('reads every realworld file as the yaml library does, and the retail-store deploy.yaml without it', async () => {
    for (const file of inputFiles(REALWORLD)) await expectSame(readFileSync(file, 'utf8'), file);
    const deploy = readFileSync(join(REALWORLD, 'retail-store', 'retail-store-sample-app@0.8.5__dist__kubernetes__deploy.yaml'), 'utf8');
    const got = await fast(deploy);
    // The ConfigMap's repeated CARTS_DYNAMODB_CREATETABLE too: a repeated scalar is worded as the library words it.
    expect(got.warnings).toEqual([expect.stringMatching(/line 249: duplicate key "CARTS_DYNAMODB_CREATETABLE"/)]);
    expect(got.fast).toBe(got.documents.length);
  });

  it('reads every fixture and test input as the yaml library does', async () => {
    // test/mutation holds Stryker's JSON reports, not inputs.
    const files = [...inputFiles('fixtures'), ...inputFiles('test').filter((f) => !f.startsWith(join('test', 'mutation')))];
    let fastRead = 0;
    for (const file of files) fastRead += (await expectSame(readFileSync(file, 'utf8'), file)).fast;
    expect(fastRead).toBeGreaterThan(50);
  });

  it.each([
    ['a first document without a marker, after comments', '# head\n\napiVersion: v1\nkind: A\n---\nkind: B\n'],
    ['empty documents, which still count', '---\n---\n# only a comment\n---\nkind: C\n---\n'],
    ['comments after the marker and after values', '--- # first\nkind: A # the kind\nmetadata: # it\n  name: "x" # quoted\n  labels: {}\nlist: [] # none\n'],
    [
      '`{}` on the line under its key, as helm renders it',
      'spec:\n  securityContext:\n    {}\n  containers:\n    - name: a\n      env:\n      - name: X\n        value: "1"\n',
    ],
    ['a duplicate key (the library warns) between fast documents', 'a: 1\n---\nb: 1\nb: 2\n---\nc: 3\n'],
    ['repeated keys, outer mappings warned first', 'a:\n  x: 1\n  x: 2\n  l:\n  - y: 1\n    y: ""\n    y: ~\nb: 1\nb: 2\n---\nc: 1\nc: 2\n'],
    ['a repeated key holding a mapping (read by the library)', 'a:\n  x: 1\n  x: 2\na:\n  y: 1\n'],
    ['a repeated key whose place is asked', 'kind: A\nmetadata:\n  name: x\n  name: y\n'],
    ['a flow mapping read by the library at its place', 'kind: A\n---\nkind: B\nmetadata: {name: b, labels: {x: y}}\n---\nkind: C\n'],
    ['an error in a later document, at its line', 'kind: A\n---\nkind: B\n  bad: indent\n'],
    ['a quoted scalar broken by a marker', 'a: "one\n---\ntwo"\n'],
    ['an unrendered Helm template', 'kind: A\n---\nname: {{ .Values.name }}\n'],
    ['a document end marker', 'a: 1\n...\n---\nb: 2\n'],
    ['a directive', '%YAML 1.1\n---\na: yes\n'],
    ['CRLF line ends', 'a: 1\r\n---\r\nb: 2\r\n'],
    ['a marker with content', '--- {a: 1}\n--- b\n---\nc: 1\n'],
    ['an indented document', '---\n  a: 1\n  b: [1, 2]\n'],
    ['a scalar document and a list document', 'just text\n---\n- a\n- b: 1\n  c: 2\n-\n  d: 3\n'],
    ['no trailing newline', '---\na: 1\n---\nb: 2'],
    ['nothing', ''],
    ['only comments', '# a\n# b\n'],
  ])('%s', async (name, text) => {
    await expectSame(text, name);
  });

  it('never disagrees with the yaml library on streams of generated block YAML', async () => {
    const key = fc.oneof(fc.constantFrom('name', 'kind', 'metadata', 'spec', 'env', 'value', 'a b', 'x:y', '#c', 'true', '1'), fc.string({ maxLength: 6 }));
    const scalar = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('a # b', '{}', '[]', 'x: y', '- z', "'q'", '"d"'),
    );
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('tree'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
    }));
    const documents = fc.array(fc.tuple(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }), fc.constantFrom('', '# note\n', '\n'), fc.boolean()), {
      minLength: 1,
      maxLength: 4,
    });
    await fc.assert(
      fc.asyncProperty(documents, fc.boolean(), async (docs, leadingMarker) => {
        const text = docs
          .map(([value, comment, compact], i) => `${i > 0 || leadingMarker ? '---\n' : ''}${comment}${stringify(value, { lineWidth: 0, indentSeq: !compact })}`)
          .join('');
        await expectSame(text);
      }),
      { numRuns: 300 },
    );
  });

  it('never disagrees with the yaml library on hand-written looking streams', async () => {
    const unit = fc.constantFrom('a', 'b', ':', ' ', ' ', '-', '\n', '\n', '---\n', '  ', '{}', '[]', '"', "'", '#', ' #', '1', '~');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit, maxLength: 60 }), async (text) => {
        await expectSame(text);
      }),
      { numRuns: 1500 },
    );
  });
});

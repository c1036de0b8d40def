/**
 * `-f` input is read document by document (issue 13: a stream of 10,000 objects took 250 MiB):
 * each document's syntax tree goes before the next is composed, and what stays per object holds
 * no tree. Proven by counting, never by measuring memory (that is `npm run bench`).
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Composer } from 'yaml';
import { loadManifests } from '../../src/sources/manifests.js';
import { positionsOf } from '../../src/sources/positions.js';
import { forEachYamlDocument, parseYaml } from '../../src/sources/yaml.js';
import { InputError } from '../../src/errors.js';
import type { KubeObject } from '../../src/sources/types.js';

const configMap = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: filler-${i}\n  namespace: other\ndata:\n  key: "value ${i}"\n`;
const stream = (count: number) => Array.from({ length: count }, (_, i) => configMap(i)).join('---\n');

afterEach(() => {
  jest.restoreAllMocks();
});

describe('forEachYamlDocument: one document at a time', () => {
  it('hands over the first document before the rest of the stream is composed', () => {
    const next = jest.spyOn(Composer.prototype, 'next');
    const seenAtFirst: number[] = [];
    forEachYamlDocument(stream(1000), 'x.yaml', () => {
      if (seenAtFirst.length === 0) seenAtFirst.push(next.mock.calls.length);
    });
    // The composer takes one token per document (and yields a document when the next begins);
    // parsed whole first, the first document would come after all 1,000.
    expect(next.mock.calls.length).toBeGreaterThanOrEqual(1000);
    expect(seenAtFirst).toEqual([2]);
  });

  it('stops at the first bad document, naming its line and column in the whole stream', () => {
    const text = `${stream(300)}---\nkind: ConfigMap\nmetadata: {name: x\n`;
    // The unclosed `{` is reported where the stream ends.
    const line = text.split('\n').length;
    let handed = 0;
    const run = () => forEachYamlDocument(text, 'x.yaml', () => handed++);
    expect(run).toThrow(InputError);
    expect(handed).toBe(300);
    expect(() => parseYaml(text, 'x.yaml')).toThrow(expect.objectContaining({ file: 'x.yaml', place: expect.stringMatching(new RegExp(`^line ${line},`)) }));
  });

  it('counts lines across the stream for document starts and duplicate keys', () => {
    const text = `${stream(200)}---\n# comment\nkind: ConfigMap\nmetadata:\n  name: twice\n  name: again\n`;
    const lines = text.split('\n');
    const { documents, warnings } = parseYaml(text, 'x.yaml');
    expect(documents).toHaveLength(201);
    // A document's line is its `---`, as before.
    expect(documents[200]!.line).toBe(lines.indexOf('# comment'));
    expect(warnings).toEqual([`x.yaml: line ${lines.indexOf('  name: again') + 1}: duplicate key "name"; the last value wins, as kubectl applies it`]);
  });
});

describe('-f positions: kept without syntax trees, found on demand', () => {
  const objects = async (text: string) => (await loadManifests(['-'], () => text)).source.all();
  /** Own fields that are objects: a kept syntax tree would be one. */
  const heldObjects = (obj: KubeObject) => Object.values(positionsOf(obj)!).filter((v) => typeof v === 'object' && v !== null);

  it('holds no tree for any of 2,000 objects until one of its fields is asked for, then for that one only', async () => {
    const all = await objects(stream(2000));
    expect(all).toHaveLength(2000);
    expect(all.filter((o) => heldObjects(o).length > 0)).toEqual([]);
    const text = stream(2000).split('\n');
    expect(positionsOf(all[1234]!)!.at(['data', 'key'])).toEqual({ line: text.indexOf('  key: "value 1234"') + 1, column: 3 });
    expect(all.filter((o) => heldObjects(o).length > 0)).toEqual([all[1234]]);
  });

  it('finds fields of a document that starts mid-line, of a List item, and under %YAML 1.1', async () => {
    const text = [
      configMap(0),
      '--- {kind: ServiceAccount, metadata: {name: flow}}',
      '--- ',
      'kind: List',
      'items:',
      '- kind: ServiceAccount',
      '  metadata: {name: in-list}',
      '...',
      '%YAML 1.1',
      '---',
      'kind: ServiceAccount',
      'metadata:',
      '  name: yaml11',
      '  annotations:',
      '    on: "x"',
      '',
    ].join('\n');
    const lines = text.split('\n');
    const byName = new Map((await objects(text)).map((o) => [o.metadata.name, o]));
    const at = (name: string, path: (string | number)[]) => positionsOf(byName.get(name)!)!.at(path);
    expect(at('flow', ['metadata', 'name'])).toEqual({ line: lines.indexOf('--- {kind: ServiceAccount, metadata: {name: flow}}') + 1, column: 39 });
    expect(at('in-list', ['metadata'])).toEqual({ line: lines.indexOf('  metadata: {name: in-list}') + 1, column: 3 });
    expect(positionsOf(byName.get('in-list')!)).toMatchObject({ document: 3 });
    // YAML 1.1 reads `on` as true: the key is found as the value says it is.
    expect(byName.get('yaml11')!.metadata.annotations).toEqual({ true: expect.any(String) });
    expect(at('yaml11', ['metadata', 'annotations', 'true'])).toEqual({ line: lines.indexOf('    on: "x"') + 1, column: 5 });
  });
});

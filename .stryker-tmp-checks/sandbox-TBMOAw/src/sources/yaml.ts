// @ts-nocheck
import { LineCounter, isCollection, isMap, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import { InputError } from '../errors.js';
import type { FieldPath, SourcePosition } from './positions.js';

export interface ParsedYaml {
  /**
   * One value per non-empty document, in order. `at` gives where a field is written (1-based
   * line and column): the key of a mapping entry, the start of a list item.
   */
  documents: { index: number; line: number; value: unknown; at: (path: FieldPath) => SourcePosition | undefined }[];
  warnings: string[];
}

/**
 * Multi-document YAML (and JSON, which YAML 1.2 parses too). Duplicate mapping keys are kept,
 * last one wins, with a warning: that is what `kubectl apply` does with helm output such as
 * the retail-store 0.8.5 ConfigMap, where strict parsers would refuse the whole file.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { uniqueKeys: false, lineCounter, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const documents: ParsedYaml['documents'] = [];
  const warnings: string[] = [];
  list.forEach((doc, index) => {
    const startLine = lineCounter.linePos(doc.range?.[0] ?? 0).line;
    const error = doc.errors[0];
    if (error) {
      const pos = lineCounter.linePos(error.pos[0]);
      const firstLine = error.message.split('\n')[0] ?? error.message;
      throw new InputError(`invalid YAML: ${firstLine.replace(/ at line \d+, column \d+.*$/, '')}`, file, `line ${pos.line}, column ${pos.col}`);
    }
    visit(doc, {
      Map(_key, map) {
        if (!isMap(map)) return;
        const seen = new Set<string>();
        for (const pair of map.items) {
          // `{{ .Values.x }}` parses as a map used as a key; toJS would warn on stderr and print "[object Object]".
          if (isCollection(pair.key)) {
            const [start = 0, end = start] = pair.key.range ?? [];
            const pos = lineCounter.linePos(start);
            // The key of `{{ x }}` is the inner `{ x }`, so the outer brace sits just before it.
            const why = text.slice(Math.max(0, start - 1), end + 1).includes('{{')
              ? 'looks like an unrendered Helm template: run helm template first'
              : 'a mapping key must be a plain value, not a map or a list';
            throw new InputError(why, file, `line ${pos.line}, column ${pos.col}`);
          }
          if (!isScalar(pair.key)) continue;
          const name = String(pair.key.value);
          if (seen.has(name)) {
            const line = lineCounter.linePos(pair.key.range?.[0] ?? 0).line;
            warnings.push(`${file}: line ${line}: duplicate key "${name}"; the last value wins, as kubectl applies it`);
          }
          seen.add(name);
        }
      },
    });
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      throw new InputError(`invalid YAML: ${(err as Error).message}`, file, `document ${index + 1}`);
    }
    if (value !== null && value !== undefined) documents.push({ index, line: startLine, value, at: (path) => positionIn(doc, path, lineCounter) });
  });
  return { documents, warnings };
}

/** Follows `path` through the node tree; a repeated key resolves to its last occurrence, the value toJS keeps. */
function positionIn(doc: Document, path: FieldPath, lineCounter: LineCounter): SourcePosition | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.filter((p) => isScalar(p.key) && String(p.key.value) === String(segment)).pop();
      if (!pair) return undefined;
      offset = (pair.key as Node).range?.[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return undefined;
      offset = item.range?.[0];
      node = item;
    } else {
      return undefined;
    }
  }
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

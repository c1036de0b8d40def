import { Composer, LineCounter, Parser, isCollection, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { InputError } from '../errors.js';
import { repeatedKeyWarning } from './block-yaml.js';
import type { DocumentPositions, FieldPath, SourcePosition } from './positions.js';

/** One non-empty document of a stream; `place` finds where its fields are written. */
export interface YamlDocument {
  index: number;
  line: number;
  value: unknown;
  place: DocumentPositions;
}

export interface ParsedYaml {
  /** One value per non-empty document, in order. */
  documents: YamlDocument[];
  warnings: string[];
}

/** Multi-document YAML, every document at once (a snapshot, a config: one document each). */
export function parseYaml(text: string, file: string): ParsedYaml {
  const documents: YamlDocument[] = [];
  const warnings = forEachYamlDocument(text, file, (doc) => documents.push(doc));
  return { documents, warnings };
}

/**
 * Multi-document YAML (and JSON, which YAML 1.2 parses too), one document at a time: each is
 * composed, checked, turned into a value and handed to `onDocument`, and its syntax tree is
 * dropped before the next is read, so a stream of 10,000 objects never holds 10,000 trees.
 * A document's `place` parses it again when asked (only for the few fields a report points at).
 * Returns the warnings. Duplicate mapping keys are kept, last one wins, with a warning: that is
 * what `kubectl apply` does with helm output such as the retail-store 0.8.5 ConfigMap, where
 * strict parsers would refuse the whole file.
 */
export function forEachYamlDocument(text: string, file: string, onDocument: (doc: YamlDocument) => void): string[] {
  const warnings: string[] = [];
  // A non-string (a library caller's, the property tests') holds no document, as the library reads it.
  if (typeof text === 'string') forEachYamlDocumentIn(text, { from: 0, to: text.length, line: 1, index: 0 }, file, onDocument, warnings);
  return warnings;
}

/** A stretch of a stream that starts a line: text[from, to), whose first line is `line` and first document `index`. */
export interface StreamPiece {
  from: number;
  to: number;
  line: number;
  index: number;
}

/**
 * The documents of one stretch of a stream (src/sources/fast-stream.ts hands over those its
 * fast reader gives up on), at their places in the whole text. Returns how many it read.
 */
export function forEachYamlDocumentIn(text: string, piece: StreamPiece, file: string, onDocument: (doc: YamlDocument) => void, warnings: string[]): number {
  const source = piece.from === 0 && piece.to === text.length ? text : text.slice(piece.from, piece.to);
  const lines = new TextLines(text, piece.from, piece.line);
  const composer = new Composer({ uniqueKeys: false });
  let index = piece.index;
  for (const doc of composer.compose(new Parser().parse(source))) {
    const value = documentValue(doc, source, file, index, lines, warnings);
    if (value !== null && value !== undefined) {
      const [start = 0, , end = source.length] = doc.range ?? [];
      const line = lines.linePos(start).line;
      const place = new DocumentPlace(file, index + 1, line, text, piece.from + start, piece.from + end, doc.directives?.yaml.version);
      onDocument({ index, line, value, place });
    }
    index++;
  }
  return index - piece.index;
}

/**
 * Line and column of offsets in a text, counted from the offset asked before, forward or back
 * (they come in order, but for a document's start after its keys), so that a stream needs no
 * table of all its line starts and no count ever restarts from the top.
 */
class TextLines {
  private offset: number;
  private lineStart: number;

  /** Offsets asked are counted from `shift`, the start of line `line` (a piece of the text). */
  constructor(
    private readonly text: string,
    private readonly shift = 0,
    private line = 1,
  ) {
    this.offset = shift;
    this.lineStart = shift;
  }

  linePos(pieceOffset: number): { line: number; col: number } {
    const offset = pieceOffset + this.shift;
    if (offset < this.offset) {
      for (let nl = this.text.lastIndexOf('\n', this.offset - 1); nl >= offset; nl = nl > 0 ? this.text.lastIndexOf('\n', nl - 1) : -1) this.line--;
      this.lineStart = offset > 0 ? this.text.lastIndexOf('\n', offset - 1) + 1 : 0;
    }
    for (let nl = this.text.indexOf('\n', this.offset); nl !== -1 && nl < offset; nl = this.text.indexOf('\n', nl + 1)) {
      this.line++;
      this.lineStart = nl + 1;
    }
    this.offset = offset;
    return { line: this.line, col: offset - this.lineStart + 1 };
  }
}

/** The document's value; its first error, or a map used as a key, is bad input naming the place. */
function documentValue(doc: Document.Parsed, text: string, file: string, index: number, lines: TextLines, warnings: string[]): unknown {
  const error = doc.errors[0];
  if (error) {
    const pos = lines.linePos(error.pos[0]);
    const firstLine = error.message.split('\n')[0] ?? error.message;
    throw new InputError(`invalid YAML: ${firstLine.replace(/ at line \d+, column \d+.*$/, '')}`, file, `line ${pos.line}, column ${pos.col}`);
  }
  checkKeys(doc.contents, text, file, lines, warnings);
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new InputError(`invalid YAML: ${(err as Error).message}`, file, `document ${index + 1}`);
  }
}

/**
 * Every mapping, outer ones first: a repeated key is a warning; a map or a list used as a key
 * is bad input. (A walk of its own rather than yaml's `visit`, which builds a path array for
 * every node: for a stream of 10,000 objects that was the most garbage after parsing itself.)
 */
function checkKeys(node: unknown, text: string, file: string, lines: TextLines, warnings: string[]): void {
  if (isSeq(node)) {
    for (const item of node.items) checkKeys(item, text, file, lines, warnings);
    return;
  }
  if (!isMap(node)) return;
  const seen = new Set<string>();
  for (const pair of node.items) {
    // `{{ .Values.x }}` parses as a map used as a key; toJS would warn on stderr and print "[object Object]".
    if (isCollection(pair.key)) {
      const [start = 0, end = start] = pair.key.range ?? [];
      const pos = lines.linePos(start);
      // The key of `{{ x }}` is the inner `{ x }`, so the outer brace sits just before it.
      const why = text.slice(Math.max(0, start - 1), end + 1).includes('{{')
        ? 'looks like an unrendered Helm template: run helm template first'
        : 'a mapping key must be a plain value, not a map or a list';
      throw new InputError(why, file, `line ${pos.line}, column ${pos.col}`);
    }
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    if (seen.has(name)) {
      const line = lines.linePos(pair.key.range?.[0] ?? 0).line;
      warnings.push(repeatedKeyWarning(file, line, name));
    }
    seen.add(name);
  }
  for (const pair of node.items) checkKeys(pair.value, text, file, lines, warnings);
}

/**
 * Where one document of a stream is written: text[start, end), from `line` on. It holds only
 * these (and the text, which the caller holds anyway), never a syntax tree, and parses its
 * document again on the first `at`. Everything before the document on its first line becomes
 * spaces, so columns stay true.
 */
export class DocumentPlace implements DocumentPositions {
  private parsed?: { doc: Document.Parsed; lineCounter: LineCounter };

  constructor(
    readonly file: string,
    /** 1-based, in the stream. */
    readonly document: number,
    /** 1-based line where the document starts. */
    readonly line: number,
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
    private readonly version?: '1.1' | '1.2' | 'next',
  ) {}

  /** Where a field is written (1-based line and column): the key of a mapping entry, the start of a list item. */
  at(path: FieldPath): SourcePosition | undefined {
    if (!this.parsed) {
      const lineStart = this.text.lastIndexOf('\n', this.start - 1) + 1;
      const source = ' '.repeat(this.start - lineStart) + this.text.slice(this.start, this.end);
      const lineCounter = new LineCounter();
      this.parsed = { doc: parseDocument(source, { uniqueKeys: false, lineCounter, ...(this.version && { version: this.version }) }), lineCounter };
    }
    const pos = positionIn(this.parsed.doc, path, this.parsed.lineCounter);
    return pos && { line: this.line + pos.line - 1, column: pos.column };
  }
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

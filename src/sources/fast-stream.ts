/**
 * `-f` input without the yaml library when it can: the stream is cut into documents at the
 * `---` lines, and each is read by the fast block reader (block-yaml.ts), which keeps nothing
 * but the values. Rendered manifests are plain block YAML, so that is nearly always all: the
 * library (a quarter of the CLI's load, and a parser that builds tokens, a syntax tree with
 * ranges, then the values) is loaded only for a document the fast reader gives up on, and reads
 * just that document, at its place in the stream, so its warnings (duplicate keys), errors and
 * their lines are the ones the library always gave.
 */
import { InputError } from '../errors.js';
import { UNUSUAL_CHARACTER, parseBlockYaml, repeatedKeyWarning, type Marks, type RepeatedKey } from './block-yaml.js';
import type { DocumentPositions, FieldPath, SourcePosition } from './positions.js';
import type { StreamPiece, YamlDocument } from './yaml.js';

type YamlModule = typeof import('./yaml.js');

/**
 * Lines that end a document (`...`) or set the next one's rules (`%YAML`, `%TAG`), anywhere:
 * the library reads such a stream whole, as before. So do tabs, CR and BOM (block-yaml.ts).
 */
const WHOLE_STREAM_SYNTAX = /^(?:\.\.\.|%)/m;
/** A `---` line the fast reader accepts: nothing after the marker but a comment. */
const PLAIN_MARKER = /^---(?: +(?:#.*)?)?$/;

/** Like forEachYamlDocument (yaml.ts), with the same documents, values, lines, warnings and errors. */
export async function forEachManifestDocument(text: string, file: string, onDocument: (doc: YamlDocument) => void): Promise<string[]> {
  if (typeof text !== 'string' || WHOLE_STREAM_SYNTAX.test(text) || UNUSUAL_CHARACTER.test(text))
    return (await import('./yaml.js')).forEachYamlDocument(text, file, onDocument);
  const warnings: string[] = [];
  let index = 0;
  for (const piece of pieces(text)) {
    const fast = readFast(text, piece, file, warnings);
    if (fast === 'no document') continue;
    if (fast === 'empty document') {
      index++;
      continue;
    }
    if (fast) {
      const { body } = fast;
      onDocument({ index, line: fast.line, value: fast.value, place: new FastDocumentPlace(file, index + 1, fast.line, text, body.from, body.to, body.line) });
      index++;
      continue;
    }
    const yaml = await import('./yaml.js');
    index += libraryRead(yaml, text, { ...piece, index }, file, onDocument, warnings);
  }
  return warnings;
}

/**
 * A piece that is bad input is read whole, so that the error is the one the library gives for
 * the stream (a quoted scalar broken by a `---` line is one error there, not two documents).
 */
function libraryRead(yaml: YamlModule, text: string, piece: StreamPiece, file: string, onDocument: (doc: YamlDocument) => void, warnings: string[]): number {
  try {
    return yaml.forEachYamlDocumentIn(text, piece, file, onDocument, warnings);
  } catch (err) {
    if (err instanceof InputError) yaml.forEachYamlDocument(text, file, () => undefined);
    throw err;
  }
}

interface Piece {
  from: number;
  to: number;
  /** 1-based line of `from`. */
  line: number;
}

/** A `---` at column 0 followed by a space or the line's end: where the library starts a document. */
const isMarker = (text: string, at: number) => text.startsWith('---', at) && (at + 3 === text.length || text[at + 3] === ' ' || text[at + 3] === '\n');

/** The stretches between `---` lines; each but maybe the first starts with its marker. */
function* pieces(text: string): Generator<Piece> {
  let from = 0;
  let fromLine = 1;
  let line = 1;
  for (let start = 0; start < text.length; line++) {
    if (start > 0 && isMarker(text, start)) {
      yield { from, to: start, line: fromLine };
      from = start;
      fromLine = line;
    }
    const nl = text.indexOf('\n', start);
    start = nl < 0 ? text.length : nl + 1;
  }
  yield { from, to: text.length, line: fromLine };
}

/** The body of a document: text[from, to), from the start of line `line`. */
interface Body {
  from: number;
  to: number;
  line: number;
}

/**
 * A piece read without the library: its value, or that it holds no document (comments before
 * the first `---`) or an empty one; undefined when the fast reader gives up.
 */
function readFast(
  text: string,
  piece: Piece,
  file: string,
  warnings: string[],
): { value: unknown; line: number; body: Body } | 'no document' | 'empty document' | undefined {
  let body: Body = { from: piece.from, to: piece.to, line: piece.line };
  const marked = isMarker(text, piece.from);
  if (marked) {
    const nl = text.indexOf('\n', piece.from);
    const headerEnd = nl < 0 || nl > piece.to ? piece.to : nl;
    if (!PLAIN_MARKER.test(text.slice(piece.from, headerEnd))) return undefined;
    body = { from: Math.min(headerEnd + 1, piece.to), to: piece.to, line: piece.line + 1 };
  }
  const bodyText = text.slice(body.from, body.to);
  const firstContent = firstContentRow(bodyText);
  if (firstContent === undefined) return marked ? 'empty document' : 'no document';
  const repeatedKeys: RepeatedKey[] = [];
  const value = parseBlockYaml(bodyText, { repeatedKeys });
  if (value === undefined) return undefined;
  if (repeatedKeys.length) warnings.push(...repeatedKeyWarnings(value, repeatedKeys, file, body.line));
  // A document without a marker starts where its content does (as the library counts it).
  return { value, line: marked ? piece.line : body.line + firstContent, body };
}

/**
 * The warnings in the library's order (yaml.ts checkKeys): a mapping's own repeats, then those
 * inside its values, outer mappings first. Only scalars were replaced, so the values left hold
 * every mapping that was read.
 */
function repeatedKeyWarnings(value: unknown, repeatedKeys: RepeatedKey[], file: string, bodyLine: number): string[] {
  const warnings: string[] = [];
  const visit = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    if (!Array.isArray(node)) {
      for (const { map, key, row } of repeatedKeys) if (map === node) warnings.push(repeatedKeyWarning(file, bodyLine + row, key));
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(value);
  return warnings;
}

/** The 0-based line of the first line that is neither blank nor a comment. */
function firstContentRow(text: string): number | undefined {
  let row = 0;
  for (let start = 0; start < text.length; row++) {
    const nl = text.indexOf('\n', start);
    const lineText = text.slice(start, nl < 0 ? text.length : nl).trimStart();
    if (lineText !== '' && !lineText.startsWith('#')) return row;
    if (nl < 0) break;
    start = nl + 1;
  }
  return undefined;
}

/**
 * Where a fast-read document is written. The first `at` reads its body again, noting where keys
 * and items start (as the library's nodes do), so no yaml library is needed to point at a field.
 */
class FastDocumentPlace implements DocumentPositions {
  private read?: { value: unknown; marks: Marks };

  constructor(
    readonly file: string,
    readonly document: number,
    readonly line: number,
    private readonly text: string,
    /** The body (after the `---` line): text[from, to), from line `bodyLine`; numbers, so no object is held per document. */
    private readonly from: number,
    private readonly to: number,
    private readonly bodyLine: number,
  ) {}

  at(path: FieldPath): SourcePosition | undefined {
    if (!this.read) {
      const marks: Marks = new WeakMap();
      this.read = { value: parseBlockYaml(this.text.slice(this.from, this.to), { marks, repeatedKeys: [] }), marks };
    }
    let node = this.read.value;
    let mark: readonly [number, number] | undefined;
    for (const segment of path) {
      const own = typeof node === 'object' && node !== null ? this.read.marks.get(node) : undefined;
      if (!own) return undefined;
      // As the library's walk: list items by number only, mapping keys by their string.
      const key = Array.isArray(node) ? (typeof segment === 'number' ? segment : undefined) : String(segment);
      mark = key === undefined ? undefined : own.get(key);
      if (!mark) return undefined;
      node = (node as Record<string | number, unknown>)[key!];
    }
    return mark && { line: this.bodyLine + mark[0], column: mark[1] + 1 };
  }
}

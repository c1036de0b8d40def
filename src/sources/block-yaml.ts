/**
 * A fast reader for the plain block YAML that `cart-doctor snapshot` writes (yaml's `stringify`),
 * that `helm template` renders (one document at a time, see fast-stream.ts) and that people
 * write by hand: nested block mappings and sequences, one-line plain and quoted scalars (a
 * comment may follow), `[]`, `{}` (also alone on the line under its key) and comment lines. On
 * one 12 KB snapshot it costs a small fraction of the yaml library's full parse (which builds a
 * token stream, a node tree with ranges, then the values), and a snapshot needs only the values.
 *
 * It gives exactly what `parseYaml` would give, or `undefined` when the text uses anything else
 * (anchors, tags, block scalars, flow collections with content, multi-line scalars, duplicate
 * keys unless the caller words them, keys that are not strings, tabs, several documents, …):
 * the caller then parses with the yaml library, which alone words errors and warnings. Scalars
 * resolve as in the YAML 1.2 core schema, the yaml library's default.
 */

interface Line {
  indent: number;
  text: string;
  /** 0-based line of the text it was read from. */
  row: number;
}

/** Where the keys of a mapping and the items of a list are written: [0-based line, 0-based column]. */
export type Marks = WeakMap<object, Map<string | number, readonly [number, number]>>;

/** A key written again in the same mapping: the object that holds it, and the 0-based line of the repeat. */
export interface RepeatedKey {
  map: object;
  key: string;
  row: number;
}

export interface BlockYamlOptions {
  /** Filled with where each mapping's keys and each list's items are written (where the yaml library's nodes start). */
  marks?: Marks;
  /**
   * Collects repeated keys whose values are both scalars (the last one wins, as with the
   * library). Without it, or when a value is a map or a list, a repeated key gives up.
   */
  repeatedKeys?: RepeatedKey[];
}

/** The library's warning for a repeated key (yaml.ts), worded once for both readers. */
export const repeatedKeyWarning = (file: string, line: number, key: string) =>
  `${file}: line ${line}: duplicate key "${key}"; the last value wins, as kubectl applies it`;

/** Thrown to give up on the text; parseBlockYaml turns it into `undefined`. */
class NotPlainBlockYaml extends Error {}

function giveUp(): never {
  throw new NotPlainBlockYaml();
}

/** Characters that change how YAML reads a line (tabs, CR, BOM, other controls, Unicode line breaks): left to the yaml library. */
export const UNUSUAL_CHARACTER = /[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]/;
/** Indicators a plain scalar cannot start with (quotes, `[]` and `{}` are handled before this test). */
const INDICATOR_START = /^[[\]{},#&*!|>'"%@`]|^[-?:](?: |$)/;

export function parseBlockYaml(text: string, options: BlockYamlOptions = {}): unknown {
  // Library callers (and the property tests) can hand over a non-string: the yaml library words that.
  if (typeof text !== 'string' || UNUSUAL_CHARACTER.test(text)) return undefined;
  const lines: Line[] = [];
  const raws = text.split('\n');
  for (let row = 0; row < raws.length; row++) {
    const raw = raws[row]!;
    const content = raw.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    // Document markers and directives: a stream of several documents is the yaml library's job.
    if (/^(?:---|\.\.\.|%)/.test(raw)) return undefined;
    lines.push({ indent: raw.length - content.length, text: content.trimEnd(), row });
  }
  if (!lines.length || lines[0]!.indent !== 0) return undefined;
  try {
    const reader = new Reader(lines, options);
    const value = reader.block(0);
    return reader.atEnd() ? value : undefined;
  } catch (err) {
    // Also a RangeError from nesting deeper than the stack: the yaml library then answers.
    if (err instanceof NotPlainBlockYaml || err instanceof RangeError) return undefined;
    throw err;
  }
}

const isCollection = (value: unknown) => typeof value === 'object' && value !== null;

const isDash = (text: string) => text === '-' || text.startsWith('- ');

class Reader {
  private pos = 0;
  constructor(
    private readonly lines: Line[],
    private readonly options: BlockYamlOptions,
  ) {}

  atEnd(): boolean {
    return this.pos === this.lines.length;
  }

  /** The node whose first line is the current one, at `indent`. */
  block(indent: number): unknown {
    const text = this.lines[this.pos]!.text;
    // `securityContext:` with `{}` on the next line, as helm charts render an empty default.
    if (text === '{}' || text === '[]') {
      this.lineDone(indent);
      return text === '{}' ? {} : [];
    }
    return isDash(text) ? this.sequence(indent) : this.mapping(indent);
  }

  /** The marks of one new mapping or list (none when no one asked). */
  private marksOf(node: object): Map<string | number, readonly [number, number]> | undefined {
    if (!this.options.marks) return undefined;
    const own = new Map<string | number, readonly [number, number]>();
    this.options.marks.set(node, own);
    return own;
  }

  /** What follows `key:` or `-` with nothing after it: a more indented node, else null. */
  private nested(indent: number, sequenceMayAlign: boolean): unknown {
    const next = this.lines[this.pos];
    if (next && next.indent > indent) return this.block(next.indent);
    // `key:` followed by `- item` at the key's own indent is the key's list.
    if (next && sequenceMayAlign && next.indent === indent && isDash(next.text)) return this.sequence(indent);
    return null;
  }

  /** After a one-line value nothing may be more indented (that would be a multi-line scalar). */
  private lineDone(indent: number): void {
    this.pos++;
    const next = this.lines[this.pos];
    if (next && next.indent > indent) giveUp();
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    const marks = this.marksOf(items);
    for (let line = this.lines[this.pos]; line && line.indent === indent && isDash(line.text); line = this.lines[this.pos]) {
      const rest = line.text.slice(1);
      const content = rest.trimStart();
      const column = indent + 1 + rest.length - content.length;
      if (content === '') {
        this.pos++;
        const next = this.lines[this.pos];
        // An empty item (null) starts where the library puts no node worth copying: left to it.
        if (!next || next.indent <= indent) giveUp();
        marks?.set(items.length, [next.row, next.indent]);
        items.push(this.nested(indent, false));
      } else if (isDash(content)) {
        giveUp();
      } else if (entryKey(content)) {
        // `- key: value`: a mapping whose keys line up with this first one.
        marks?.set(items.length, [line.row, column]);
        this.lines[this.pos] = { indent: column, text: content, row: line.row };
        items.push(this.mapping(column));
      } else {
        marks?.set(items.length, [line.row, column]);
        items.push(inlineValue(content));
        this.lineDone(indent);
      }
    }
    return items;
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    const marks = this.marksOf(map);
    for (let line = this.lines[this.pos]; line && line.indent === indent; line = this.lines[this.pos]) {
      const entry = entryKey(line.text) ?? giveUp();
      // __proto__ needs the library's care; a repeated key, its warning (unless the caller words it).
      const repeated = Object.hasOwn(map, entry.key);
      if (entry.key === '__proto__' || (repeated && !this.options.repeatedKeys)) giveUp();
      // The last occurrence, as the library finds a repeated key's place.
      marks?.set(entry.key, [line.row, line.indent]);
      let value: unknown;
      // `key: # comment` holds what follows on the next lines, like `key:`.
      if (entry.rest === '' || entry.rest.startsWith('#')) {
        this.pos++;
        value = this.nested(indent, true);
      } else {
        value = inlineValue(entry.rest);
        this.lineDone(indent);
      }
      if (repeated) {
        // A replaced map or list could hold repeats of its own, which the library warns about too.
        if (isCollection(map[entry.key]) || isCollection(value)) giveUp();
        this.options.repeatedKeys!.push({ map, key: entry.key, row: line.row });
      }
      map[entry.key] = value;
    }
    return map;
  }
}

/** `key: rest` (rest may be empty), or undefined when the line is not a mapping entry. */
function entryKey(text: string): { key: string; rest: string } | undefined {
  if (text[0] === '"' || text[0] === "'") {
    const { value, end } = quoted(text);
    if (text[end] !== ':') return undefined;
    if (end + 1 < text.length && text[end + 1] !== ' ') giveUp();
    return { key: value, rest: text.slice(end + 1).trim() };
  }
  let colon = text.indexOf(': ');
  if (colon < 0 && text.endsWith(':')) colon = text.length - 1;
  if (colon < 0) return undefined;
  const keyText = text.slice(0, colon);
  if (keyText === '' || keyText.endsWith(' ') || keyText.includes(' #') || INDICATOR_START.test(keyText)) giveUp();
  const key = plainScalar(keyText);
  // Keys that resolve to null, a boolean or a number become strings in ways not worth copying here.
  if (typeof key !== 'string') giveUp();
  return { key, rest: text.slice(colon + 1).trim() };
}

/** The value written after `key:` or `- ` on one line. */
function inlineValue(text: string): unknown {
  if (text[0] === '"' || text[0] === "'") {
    const { value, end } = quoted(text);
    const after = text.slice(end);
    if (after !== '' && !/^ +#/.test(after)) giveUp();
    return value;
  }
  // ` #` ends a plain scalar: the rest of the line is a comment.
  const comment = text.indexOf(' #');
  const plain = comment < 0 ? text : text.slice(0, comment).trimEnd();
  if (plain === '[]') return [];
  if (plain === '{}') return {};
  if (INDICATOR_START.test(plain) || plain.includes(': ') || plain.endsWith(':')) giveUp();
  return plainScalar(plain);
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A quoted scalar that closes on its line: its value and the index just past the closing quote. */
function quoted(text: string): { value: string; end: number } {
  const quote = text[0]!;
  let value = '';
  for (let i = 1; i < text.length;) {
    const c = text[i]!;
    if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    if (c === '\\' && quote === '"') {
      const e = text[i + 1] ?? giveUp();
      const digits = HEX_DIGITS[e];
      if (digits) {
        const hex = text.slice(i + 2, i + 2 + digits);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) giveUp();
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) giveUp();
        value += String.fromCodePoint(code);
        i += 2 + digits;
      } else {
        value += ESCAPES[e] ?? giveUp();
        i += 2;
      }
      continue;
    }
    value += c;
    i++;
  }
  // Not closed on this line: a multi-line quoted scalar.
  return giveUp();
}

const CORE_SCHEMA_START = /^[-+.0-9~nNtTfF]/;

/** A plain scalar as the YAML 1.2 core schema resolves it (the yaml library's tests, in its order). */
function plainScalar(text: string): unknown {
  // Only these can start a null, a boolean or a number; most keys and values are plain strings.
  if (text !== '' && !CORE_SCHEMA_START.test(text)) return text;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(text)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(text)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(text)) return false;
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^[-+]?[0-9]+$/.test(text)) return parseInt(text, 10);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(text)) {
    return text.slice(-3).toLowerCase() === 'nan' ? Number.NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(text) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text)) return parseFloat(text);
  return text;
}

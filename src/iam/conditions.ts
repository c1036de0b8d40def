/**
 * Condition evaluation with three-valued logic (docs/design/irsa.md §3.2, §4.3). The doctor sees only part
 * of the request context, so a test it cannot decide is `unknown` and is reported by name;
 * it never becomes `true`.
 */
import { POLICY_ESCAPES, POLICY_VARIABLE, type GlobToken, globMatches, globTokens, hasPolicyEscape, literalTokens, matchTokens, splitArn } from './match.js';
import type { ConditionBlock, RequestContext, StatementRef, Tri, UnknownCondition } from './types.js';

export interface ConditionResult {
  value: Tri;
  unknown: UnknownCondition[];
  /** Keys (as written in the policy) whose test came out false: the reason a condition failed. */
  falseKeys: string[];
  /**
   * Each test (operator and key, as written) that came out false. A key tested under several
   * operators can be false under one and true under another: only the false test is a reason.
   */
  falseTests: { operator: string; key: string }[];
}

export interface ConditionOptions {
  /** Version absent or 2008-10-17: `${...}` in values is plain text, not a policy variable. */
  literalVariables?: boolean;
}

export function and(a: Tri, b: Tri): Tri {
  if (a === 'false' || b === 'false') return 'false';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'true';
}

export function or(a: Tri, b: Tri): Tri {
  if (a === 'true' || b === 'true') return 'true';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'false';
}

export function not(a: Tri): Tri {
  return a === 'unknown' ? 'unknown' : a === 'true' ? 'false' : 'true';
}

const tri = (b: boolean): Tri => (b ? 'true' : 'false');

type Family = 'string' | 'arn' | 'bool' | 'numeric' | 'date' | 'ip' | 'binary';

interface BaseOperator {
  family: Family;
  negated: boolean;
  /** The pair test applied before negation. */
  test: (request: string, policy: string) => boolean;
  /** Pattern operators need `${*}`-style escapes kept apart from wildcards. */
  pattern?: 'glob' | 'arn';
}

const exact = (r: string, p: string): boolean => r === p;
const folded = (r: string, p: string): boolean => r.toLowerCase() === p.toLowerCase();
const glob = (r: string, p: string): boolean => globMatches(p, r, { ignoreCase: false });
const numeric =
  (cmp: (r: number, p: number) => boolean) =>
  (r: string, p: string): boolean => {
    const a = parseNumber(r);
    const b = parseNumber(p);
    return a !== undefined && b !== undefined && cmp(a, b);
  };
const date =
  (cmp: (r: number, p: number) => boolean) =>
  (r: string, p: string): boolean => {
    const a = parseDate(r);
    const b = parseDate(p);
    return a !== undefined && b !== undefined && cmp(a, b);
  };

const eq = (a: number, b: number): boolean => a === b;
const lt = (a: number, b: number): boolean => a < b;
const le = (a: number, b: number): boolean => a <= b;
const gt = (a: number, b: number): boolean => a > b;
const ge = (a: number, b: number): boolean => a >= b;

const op = (family: Family, negated: boolean, test: BaseOperator['test'], pattern?: BaseOperator['pattern']): BaseOperator =>
  pattern ? { family, negated, test, pattern } : { family, negated, test };

// Keyed lower-case: operator names are matched case-insensitively, which costs nothing for
// documents IAM already validated and tolerates hand-written snapshots.
const OPERATORS: Record<string, BaseOperator> = {
  stringequals: op('string', false, exact),
  stringnotequals: op('string', true, exact),
  stringequalsignorecase: op('string', false, folded),
  stringnotequalsignorecase: op('string', true, folded),
  stringlike: op('string', false, glob, 'glob'),
  stringnotlike: op('string', true, glob, 'glob'),
  // AWS documents ArnEquals and ArnLike identically: per-part, case-sensitive, with wildcards.
  arnequals: op('arn', false, arnLike, 'arn'),
  arnlike: op('arn', false, arnLike, 'arn'),
  arnnotequals: op('arn', true, arnLike, 'arn'),
  arnnotlike: op('arn', true, arnLike, 'arn'),
  bool: op('bool', false, folded),
  binaryequals: op('binary', false, exact),
  numericequals: op('numeric', false, numeric(eq)),
  numericnotequals: op('numeric', true, numeric(eq)),
  numericlessthan: op('numeric', false, numeric(lt)),
  numericlessthanequals: op('numeric', false, numeric(le)),
  numericgreaterthan: op('numeric', false, numeric(gt)),
  numericgreaterthanequals: op('numeric', false, numeric(ge)),
  dateequals: op('date', false, date(eq)),
  datenotequals: op('date', true, date(eq)),
  datelessthan: op('date', false, date(lt)),
  datelessthanequals: op('date', false, date(le)),
  dategreaterthan: op('date', false, date(gt)),
  dategreaterthanequals: op('date', false, date(ge)),
  ipaddress: op('ip', false, ipInRange),
  notipaddress: op('ip', true, ipInRange),
};

type SetQualifier = 'any' | 'all' | undefined;

interface ParsedOperator {
  set: SetQualifier;
  ifExists: boolean;
  /** Null tests presence, not values, so it has no BaseOperator. */
  base: BaseOperator | 'null' | undefined;
}

function parseOperator(name: string): ParsedOperator {
  let rest = name.toLowerCase();
  let set: SetQualifier;
  if (rest.startsWith('foranyvalue:')) [set, rest] = ['any', rest.slice('foranyvalue:'.length)];
  else if (rest.startsWith('forallvalues:')) [set, rest] = ['all', rest.slice('forallvalues:'.length)];
  if (rest === 'null') return { set, ifExists: false, base: set ? undefined : 'null' };
  const ifExists = rest.endsWith('ifexists');
  if (ifExists) rest = rest.slice(0, -'ifexists'.length);
  return { set, ifExists, base: Object.hasOwn(OPERATORS, rest) ? OPERATORS[rest] : undefined };
}

export function evaluateCondition(block: ConditionBlock | undefined, ctx: RequestContext, stmt: StatementRef, options: ConditionOptions = {}): ConditionResult {
  const result: ConditionResult = { value: 'true', unknown: [], falseKeys: [], falseTests: [] };
  if (!block) return result;
  for (const [operator, keys] of Object.entries(block)) {
    const parsed = parseOperator(operator);
    for (const [key, values] of Object.entries(keys)) {
      const value = evaluateKey(parsed, key, values, ctx, options);
      result.value = and(result.value, value);
      if (value === 'unknown') result.unknown.push({ statement: stmt, operator, key, values });
      else if (value === 'false') {
        result.falseTests.push({ operator, key });
        if (!result.falseKeys.includes(key)) result.falseKeys.push(key);
      }
    }
  }
  return result;
}

function evaluateKey(op: ParsedOperator, key: string, values: string[], ctx: RequestContext, options: ConditionOptions): Tri {
  // An operator this evaluator does not know might be true or false; guessing either is wrong.
  if (op.base === undefined) return 'unknown';
  const found = ctx(key.toLowerCase());
  if (found.kind === 'unknown') return 'unknown';
  // An empty value list carries no value to compare, which IAM treats as a missing key.
  const requestValues = found.kind === 'value' ? found.values : [];
  const present = requestValues.length > 0;

  if (op.base === 'null') {
    // `"Null": {"k": "true"}` asks for the key to be absent; several values are OR-ed.
    return values.reduce<Tri>((acc, v) => or(acc, tri((v.toLowerCase() === 'true') !== present)), 'false');
  }
  const base = op.base;
  if (!present) {
    if (op.set === 'all') return 'true';
    if (op.set === 'any') return 'false';
    return tri(op.ifExists || base.negated);
  }
  const matchesAny = (rv: string): Tri => values.reduce<Tri>((acc, pv) => or(acc, testPair(base, rv, pv, ctx, options)), 'false');
  // A negated operator is the NOT of "matches any policy value": the AND of the negations.
  const perRequestValue = (rv: string): Tri => (base.negated ? not(matchesAny(rv)) : matchesAny(rv));
  if (op.set === 'all') return requestValues.reduce<Tri>((acc, rv) => and(acc, perRequestValue(rv)), 'true');
  if (op.set === 'any') return requestValues.reduce<Tri>((acc, rv) => or(acc, perRequestValue(rv)), 'false');
  // A single-valued operator on a multi-valued key: true when any request value matches.
  const anyMatch = requestValues.reduce<Tri>((acc, rv) => or(acc, matchesAny(rv)), 'false');
  return base.negated ? not(anyMatch) : anyMatch;
}

function testPair(base: BaseOperator, request: string, policy: string, ctx: RequestContext, options: ConditionOptions): Tri {
  if (options.literalVariables || !policy.includes('${')) return tri(base.test(request, policy));
  const parts = resolveVariables(policy, ctx);
  if (parts === undefined) return 'unknown';
  if (base.pattern === 'glob') {
    const tokens = parts.flatMap((part): GlobToken[] => (part.literal ? literalTokens(part.text) : globTokens(part.text)));
    return tri(matchTokens(tokens, request, { ignoreCase: false }));
  }
  const resolved = parts.map((part) => part.text).join('');
  if (!base.pattern) return tri(base.test(request, resolved));
  return hasPolicyEscape(policy) ? 'unknown' : tri(arnLike(request, resolved));
}

/**
 * Substitutes `${key}` / `${key, 'default'}` from the context. Substituted text and `${*}`
 * escapes are `literal`, so for glob operators they never act as wildcards while the policy's
 * own `*` does. A variable the context cannot supply leaves the value undecided.
 */
function resolveVariables(policy: string, ctx: RequestContext): { literal: boolean; text: string }[] | undefined {
  const parts: { literal: boolean; text: string }[] = [];
  let last = 0;
  for (const m of policy.matchAll(POLICY_VARIABLE)) {
    const inner = m[1]!.trim();
    let text: string | undefined;
    if (POLICY_ESCAPES.has(inner)) text = inner;
    else {
      const withDefault = /^(.*?)\s*,\s*'([^']*)'$/.exec(inner);
      const name = (withDefault ? withDefault[1]! : inner).toLowerCase();
      const found = ctx(name);
      if (found.kind === 'value' && found.values.length === 1) text = found.values[0]!;
      else if (found.kind === 'absent' && withDefault) text = withDefault[2]!;
      else return undefined;
    }
    parts.push({ literal: false, text: policy.slice(last, m.index) }, { literal: true, text });
    last = m.index + m[0].length;
  }
  parts.push({ literal: false, text: policy.slice(last) });
  return parts;
}

/** Each of the six ARN parts is matched on its own, so `*` never crosses a part boundary. */
function arnLike(request: string, policy: string): boolean {
  const r = splitArn(request);
  const p = splitArn(policy);
  if (r.length !== 6 || p.length !== 6) return false;
  return p.every((part, i) => globMatches(part, r[i]!, { ignoreCase: false }));
}

function parseNumber(text: string): number | undefined {
  // Number('') is 0 and Number('0x10') is 16; IAM compares decimal numbers only.
  if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text)) return undefined;
  return Number(text);
}

function parseDate(text: string): number | undefined {
  const t = text.trim();
  if (/^[+-]?\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  // ISO-8601 only: Date.parse also accepts locale formats IAM would reject.
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(t);
  if (!m) return undefined;
  // JavaScript reads a date-time without an offset as local time; IAM's clock is UTC.
  const zone = (m[3] ?? 'Z').toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(m[2] ? `${m[1]}T${m[2]}${zone}` : m[1]!);
  return Number.isNaN(ms) ? undefined : ms;
}

function ipInRange(request: string, policy: string): boolean {
  // node:net (and the socket bindings it loads) only when a policy has an IpAddress condition.
  const { BlockList, isIP } = process.getBuiltinModule('node:net');
  const ip = request.trim();
  const family = isIP(ip);
  const [net, bits, extra] = policy.trim().split('/');
  if (family === 0 || extra !== undefined || isIP(net!) !== family) return false;
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return false;
  const list = new BlockList();
  list.addSubnet(net!, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Turns IAM policy documents, in whatever form the API or a snapshot hands them over, into the
 * normalized PolicyDocument. Every failure is an InputError naming the place in the document:
 * documents come from user-supplied snapshots as well as from IAM, so a bad one is bad input.
 */
// @ts-nocheck

import { InputError } from '../errors.js';
import type { ConditionBlock, Effect, PolicyDocument, Principal, Statement } from './types.js';

/**
 * IAM's Get* calls return documents URL-encoded; snapshots may hold the JSON text or the parsed
 * object. Anything that is not a string is passed through for parsePolicyDocument to judge.
 */
export function decodeDocument(raw: unknown, file: string, place: string): unknown {
  if (typeof raw !== 'string') return raw;
  const text = raw.trim();
  if (text.startsWith('{')) return parseJson(text, file, place);
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    throw new InputError('policy document is not valid JSON (malformed URL encoding)', file, place);
  }
  try {
    return JSON.parse(decoded) as unknown;
  } catch (first) {
    // IAM encodes spaces as %20, but a form-encoder (`+` for space) may have produced a
    // hand-made snapshot. A literal `+` would then be %2B, so retrying cannot corrupt one.
    if (text.includes('+')) {
      try {
        return JSON.parse(decodeURIComponent(text.replace(/\+/g, ' '))) as unknown;
      } catch {
        // Report the first error: it describes the document as IAM would have sent it.
      }
    }
    throw new InputError(`policy document is not valid JSON (${errorText(first)})`, file, place);
  }
}

function parseJson(text: string, file: string, place: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(`policy document is not valid JSON (${errorText(e)})`, file, place);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : 'parse error';
}

const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
// The full statement grammar: an unknown key is most likely a typo (`Conditions`) whose
// silent omission would make a statement look broader than it is.
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const PRINCIPAL_KEYS = ['AWS', 'Federated', 'Service', 'CanonicalUser'] as const;

type Fail = (message: string, where: string) => never;

export function parsePolicyDocument(raw: unknown, source: string, file = source, place = ''): PolicyDocument {
  const fail: Fail = (message, where) => {
    throw new InputError(message, file, [place, where].filter(Boolean).join('.'));
  };
  if (!isRecord(raw)) fail(`policy document must be a JSON object, got ${kindOf(raw)}`, '');
  for (const key of Object.keys(raw)) {
    if (!DOCUMENT_KEYS.has(key)) fail(`unknown policy element "${key}"`, key);
  }
  const version = raw.Version;
  if (version !== undefined && typeof version !== 'string') fail(`Version must be a string, got ${kindOf(version)}`, 'Version');
  const rawStatements = raw.Statement;
  if (rawStatements === undefined) fail('policy document has no Statement', 'Statement');
  const single = !Array.isArray(rawStatements);
  const list: unknown[] = single ? [rawStatements] : rawStatements;
  const statements = list.map((s, i) => parseStatement(s, i, single ? 'Statement' : `Statement[${i}]`, fail));
  return version === undefined ? { source, statements } : { source, version, statements };
}

function parseStatement(raw: unknown, index: number, where: string, fail: Fail): Statement {
  if (!isRecord(raw)) fail(`statement must be a JSON object, got ${kindOf(raw)}`, where);
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key)) fail(`unknown statement element "${key}"`, `${where}.${key}`);
  }
  const effect = raw.Effect;
  // IAM itself is case-sensitive here: "allow" is rejected, not read as Allow.
  if (effect !== 'Allow' && effect !== 'Deny') {
    fail(`Effect must be "Allow" or "Deny", got ${describe(effect)}`, `${where}.Effect`);
  }
  const stmt: Statement = { index, effect: effect as Effect };
  if (raw.Sid !== undefined) {
    if (typeof raw.Sid !== 'string') fail(`Sid must be a string, got ${kindOf(raw.Sid)}`, `${where}.Sid`);
    stmt.sid = raw.Sid;
  }

  exclusive(raw, 'Action', 'NotAction', where, fail, true);
  if (raw.Action !== undefined) stmt.action = stringList(raw.Action, `${where}.Action`, fail);
  if (raw.NotAction !== undefined) stmt.notAction = stringList(raw.NotAction, `${where}.NotAction`, fail);

  // Trust policies carry no Resource, so its absence is not an error here.
  exclusive(raw, 'Resource', 'NotResource', where, fail, false);
  if (raw.Resource !== undefined) stmt.resource = stringList(raw.Resource, `${where}.Resource`, fail);
  if (raw.NotResource !== undefined) stmt.notResource = stringList(raw.NotResource, `${where}.NotResource`, fail);

  exclusive(raw, 'Principal', 'NotPrincipal', where, fail, false);
  if (raw.Principal !== undefined) stmt.principal = parsePrincipal(raw.Principal, `${where}.Principal`, fail);
  if (raw.NotPrincipal !== undefined) stmt.notPrincipal = parsePrincipal(raw.NotPrincipal, `${where}.NotPrincipal`, fail);

  if (raw.Condition !== undefined) stmt.condition = parseCondition(raw.Condition, `${where}.Condition`, fail);
  return stmt;
}

function exclusive(raw: Record<string, unknown>, a: string, b: string, where: string, fail: Fail, required: boolean): void {
  const hasA = raw[a] !== undefined;
  const hasB = raw[b] !== undefined;
  if (hasA && hasB) fail(`statement has both ${a} and ${b}`, `${where}.${b}`);
  if (required && !hasA && !hasB) fail(`statement has neither ${a} nor ${b}`, `${where}.${a}`);
}

function stringList(raw: unknown, where: string, fail: Fail): string[] {
  if (typeof raw === 'string') return [raw];
  if (!Array.isArray(raw)) fail(`must be a string or an array of strings, got ${kindOf(raw)}`, where);
  // Index loop rather than map: map skips holes, which would let a sparse array through.
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const item: unknown = raw[i];
    if (typeof item !== 'string') fail(`must be a string, got ${kindOf(item)}`, `${where}[${i}]`);
    out.push(item);
  }
  return out;
}

function parsePrincipal(raw: unknown, where: string, fail: Fail): Principal {
  if (raw === '*') return { any: true };
  if (!isRecord(raw)) fail(`must be "*" or an object, got ${describe(raw)}`, where);
  const principal: Principal = {};
  for (const key of Object.keys(raw)) {
    const known = PRINCIPAL_KEYS.find((k) => k === key);
    if (!known) fail(`unknown principal type "${key}" (expected AWS, Federated, Service or CanonicalUser)`, `${where}.${key}`);
    principal[known] = stringList(raw[key], `${where}.${key}`, fail);
  }
  return principal;
}

function parseCondition(raw: unknown, where: string, fail: Fail): ConditionBlock {
  if (!isRecord(raw)) fail(`must be an object of operators, got ${kindOf(raw)}`, where);
  // fromEntries defines own properties, so an operator or key named `__proto__` stays data.
  return Object.fromEntries(
    Object.keys(raw).map((operator) => {
      const keys = raw[operator];
      const at = `${where}.${operator}`;
      if (!isRecord(keys)) fail(`must be an object of condition keys, got ${kindOf(keys)}`, at);
      return [operator, Object.fromEntries(Object.keys(keys).map((key) => [key, conditionValues(keys[key], `${at}.${key}`, fail)]))];
    }),
  );
}

/** IAM accepts JSON numbers and booleans as condition values and compares them as text. */
function conditionValues(raw: unknown, where: string, fail: Fail): string[] {
  const one = (v: unknown, at: string): string => {
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return fail(`condition value must be a string, number or boolean, got ${kindOf(v)}`, at);
  };
  if (!Array.isArray(raw)) return [one(raw, where)];
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) out.push(one(raw[i], `${where}[${i}]`));
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Type names only: String() on an arbitrary value can throw (null-prototype objects, symbols). */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : kindOf(v);
}

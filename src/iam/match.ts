/**
 * Action and resource matching as IAM does it (irsa.md §4.2), following cloud-copilot's
 * simulator where AWS leaves room: case-insensitive ARN header segments, `*`-padding of short
 * resource ARNs.
 */
import type { Statement } from './types.js';

export interface MatchOptions {
  /**
   * True when the document's Version is absent or 2008-10-17: `${...}` is then plain text.
   * Otherwise it is a policy variable, which this evaluator does not resolve in resources.
   */
  literalVariables?: boolean;
}

const cache = new Map<string, RegExp>();
// Patterns come from a handful of documents; the cap only guards against unbounded input.
const CACHE_LIMIT = 10_000;

/** `*` = any run (including `/` and `:`), `?` = one character, everything else literal. */
export function wildcardToRegExp(pattern: string, options: { ignoreCase: boolean }): RegExp {
  const key = `${options.ignoreCase ? 'i' : 's'}${pattern}`;
  let re = cache.get(key);
  if (!re) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    re = new RegExp(`^${globSource(pattern)}$`, options.ignoreCase ? 'is' : 's');
    cache.set(key, re);
  }
  return re;
}

export function globSource(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += escapeRegExp(ch);
  }
  return out;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  const p = splitOnce(pattern);
  const a = splitOnce(action);
  if (!p || !a) return false;
  return (
    wildcardToRegExp(p[0], { ignoreCase: true }).test(a[0]) && wildcardToRegExp(p[1], { ignoreCase: true }).test(a[1])
  );
}

function splitOnce(text: string): [string, string] | undefined {
  const i = text.indexOf(':');
  return i < 0 ? undefined : [text.slice(0, i), text.slice(i + 1)];
}

/** `arn:partition:service:region:account:resource`; the resource part keeps any further colons. */
export function splitArn(arn: string): string[] {
  const parts: string[] = [];
  let rest = arn;
  while (parts.length < 5) {
    const i = rest.indexOf(':');
    if (i < 0) break;
    parts.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  parts.push(rest);
  return parts;
}

/** `${*}`, `${?}` and `${$}` are IAM's escapes for a literal character; anything else is a variable. */
export const POLICY_VARIABLE = /\$\{([^}]*)\}/g;
export const POLICY_ESCAPES: ReadonlySet<string> = new Set(['*', '?', '$']);

export function hasPolicyVariable(text: string): boolean {
  for (const m of text.matchAll(POLICY_VARIABLE)) if (!POLICY_ESCAPES.has(m[1]!)) return true;
  return false;
}

export function hasPolicyEscape(text: string): boolean {
  for (const m of text.matchAll(POLICY_VARIABLE)) if (POLICY_ESCAPES.has(m[1]!)) return true;
  return false;
}

/** Regex source for a glob whose `${*}`-style escapes stand for literal characters. */
export function escapedGlobSource(pattern: string): string {
  let out = '';
  let last = 0;
  for (const m of pattern.matchAll(POLICY_VARIABLE)) {
    const literal = m[1]!;
    if (!POLICY_ESCAPES.has(literal)) continue;
    out += globSource(pattern.slice(last, m.index)) + escapeRegExp(literal);
    last = m.index + m[0].length;
  }
  return out + globSource(pattern.slice(last));
}

export function resourceMatches(pattern: string, arn: string, options: MatchOptions = {}): boolean {
  if (pattern === '*') return true;
  const variables = !options.literalVariables;
  // An unresolved variable could stand for anything, so claiming a match would be a guess.
  if (variables && hasPolicyVariable(pattern)) return false;
  const escaped = variables && hasPolicyEscape(pattern);
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (a.length !== 6) return false;
  while (p.length < 6) p.push('*');
  for (let i = 0; i < 5; i++) {
    if (!segmentMatches(p[i]!, a[i]!, true, escaped)) return false;
  }
  return segmentMatches(p[5]!, a[5]!, false, escaped);
}

function segmentMatches(pattern: string, value: string, ignoreCase: boolean, escaped: boolean): boolean {
  if (!escaped) return wildcardToRegExp(pattern, { ignoreCase }).test(value);
  return new RegExp(`^${escapedGlobSource(pattern)}$`, ignoreCase ? 'is' : 's').test(value);
}

/**
 * Whether the statement's action/resource elements cover the request. `resource` undefined
 * (trust policies) or a statement without Resource/NotResource means any resource.
 */
export function statementAppliesTo(
  stmt: Statement,
  action: string,
  resource?: string,
  options: MatchOptions = {},
): boolean {
  if (stmt.action) {
    if (!stmt.action.some((p) => actionMatches(p, action))) return false;
  } else if (stmt.notAction) {
    if (stmt.notAction.some((p) => actionMatches(p, action))) return false;
  } else {
    return false;
  }
  if (resource === undefined) return true;
  if (stmt.resource) return stmt.resource.some((p) => resourceMatches(p, resource, options));
  if (stmt.notResource) return !stmt.notResource.some((p) => resourceMatches(p, resource, options));
  return true;
}

/** Version absent or 2008-10-17: policy variables did not exist yet and are plain text. */
export function literalVariables(version: string | undefined): boolean {
  return version === undefined || version === '2008-10-17';
}

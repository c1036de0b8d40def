/**
 * Action and resource matching as IAM does it (docs/design/irsa.md §4.2), following cloud-copilot's
 * simulator where AWS leaves room: case-insensitive ARN header segments, `*`-padding of short
 * resource ARNs.
 */
// @ts-nocheck

import type { Statement } from './types.js';

export interface MatchOptions {
  /**
   * True when the document's Version is absent or 2008-10-17: `${...}` is then plain text.
   * Otherwise it is a policy variable, which this evaluator does not resolve in resources.
   */
  literalVariables?: boolean;
}

/**
 * A compiled glob: one entry per character, `STAR` for `*`, `ONE` for `?`, otherwise the literal
 * character. Built from tokens rather than regex source so that text from a policy or a request
 * never becomes a regular expression (a backtracking engine is exponential on `*?*?…X`).
 */
export const STAR = 0;
export const ONE = 1;
export type GlobToken = typeof STAR | typeof ONE | string;

/** `*` = any run (including `/` and `:`), `?` = one character, everything else literal. */
export function globTokens(pattern: string): GlobToken[] {
  return Array.from(pattern, (ch) => (ch === '*' ? STAR : ch === '?' ? ONE : ch));
}

export function literalTokens(text: string): GlobToken[] {
  return Array.from(text);
}

/** Counts the comparisons of the last matches, so a test can prove the bound without a clock. */
export const globStats = { steps: 0 };

/**
 * Greedy two-pointer wildcard match that, on a mismatch, backtracks only to the last `*`: at
 * most (value + 1) × (pattern + 1) steps, never exponential. Code points, not UTF-16 units.
 */
export function matchTokens(tokens: readonly GlobToken[], value: string, options: { ignoreCase: boolean }): boolean {
  const fold = (t: GlobToken) => (options.ignoreCase && typeof t === 'string' ? t.toLowerCase() : t);
  const pattern = options.ignoreCase ? tokens.map(fold) : tokens;
  const chars = Array.from(value, fold);
  let p = 0;
  let v = 0;
  let starAt = -1;
  let starValue = 0;
  while (v < chars.length) {
    globStats.steps++;
    const t = pattern[p];
    if (t === STAR) {
      starAt = p++;
      starValue = v;
    } else if (p < pattern.length && (t === ONE || t === chars[v])) {
      p++;
      v++;
    } else if (starAt >= 0) {
      // Let the last star swallow one more character and retry what follows it.
      p = starAt + 1;
      v = ++starValue;
    } else {
      return false;
    }
  }
  while (pattern[p] === STAR) p++;
  return p === pattern.length;
}

export function globMatches(pattern: string, value: string, options: { ignoreCase: boolean }): boolean {
  return matchTokens(globTokens(pattern), value, options);
}

export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  const p = splitOnce(pattern);
  const a = splitOnce(action);
  if (!p || !a) return false;
  return globMatches(p[0], a[0], { ignoreCase: true }) && globMatches(p[1], a[1], { ignoreCase: true });
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

/** Tokens of a glob whose `${*}`-style escapes stand for literal characters. */
export function escapedGlobTokens(pattern: string): GlobToken[] {
  const out: GlobToken[] = [];
  let last = 0;
  for (const m of pattern.matchAll(POLICY_VARIABLE)) {
    const literal = m[1]!;
    if (!POLICY_ESCAPES.has(literal)) continue;
    out.push(...globTokens(pattern.slice(last, m.index)), ...literalTokens(literal));
    last = m.index + m[0].length;
  }
  out.push(...globTokens(pattern.slice(last)));
  return out;
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
  return matchTokens(escaped ? escapedGlobTokens(pattern) : globTokens(pattern), value, { ignoreCase });
}

/**
 * Whether the statement's action/resource elements cover the request. `resource` undefined
 * (trust policies) or a statement without Resource/NotResource means any resource.
 */
export function statementAppliesTo(stmt: Statement, action: string, resource?: string, options: MatchOptions = {}): boolean {
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

/**
 * Suppressions (docs/design/SPEC.md §7): a check result the team has accepted, with the reason and where the
 * acceptance is written. A suppressed result keeps its status and gains `suppressed`; it no
 * longer counts toward the exit code. Every renderer reads the same mark (SARIF maps it to
 * `suppressions`), so nothing here knows about output formats.
 */
// @ts-nocheck

import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CHECK_IDS, type CheckId } from '../checks/lib/types.js';
import { closest } from '../cli-args.js';
import { InputError } from '../errors.js';

/** What a suppressed result carries (JSON `checks[].suppressed`). */
export interface SuppressionMark {
  reason: string;
  /** Where it is written: `.cart-doctor.yaml suppress[0]`, `annotation on Deployment carts/carts`. */
  source: string;
  /** YYYY-MM-DD; the last day it applies. */
  expires?: string;
}

export interface Suppression extends SuppressionMark {
  check: CheckId;
}

export const CONFIG_FILE_NAME = '.cart-doctor.yaml';
export const IGNORE_ANNOTATION = 'cart-doctor.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'cart-doctor.io/ignore-reason';

/**
 * The config file, found as ESLint and kube-linter find theirs: the one given, else
 * `.cart-doctor.yaml` in the current directory, else at the git root (the nearest directory
 * above holding `.git`, a directory in a clone and a file in a worktree; no git binary needed).
 */
export function findConfigFile(given: string | undefined, cwd: string = process.cwd()): string | undefined {
  if (given) return given;
  const here = join(cwd, CONFIG_FILE_NAME);
  if (isFile(here)) return here;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) {
      const atRoot = join(dir, CONFIG_FILE_NAME);
      return isFile(atRoot) ? atRoot : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `expires:` as written: YAML 1.2 keeps `2027-06-30` a string; a YAML 1.1 timestamp arrives as a Date. */
function expiryDate(value: unknown, file: string, place: string): string | undefined {
  if (value === undefined) return undefined;
  const text = value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value;
  const m = typeof text === 'string' ? DATE.exec(text) : null;
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !day || day.toISOString().slice(0, 10) !== text)
    throw new InputError(`expires must be a date YYYY-MM-DD, not ${JSON.stringify(value)}`, file, place);
  return text as string;
}

function checkId(value: unknown, file: string, place: string): CheckId {
  if (typeof value === 'string' && (CHECK_IDS as readonly string[]).includes(value)) return value as CheckId;
  if (typeof value !== 'string' || !value.trim()) throw new InputError('names no check: give a check id such as table.billing-mode', file, place);
  const guess = closest(value, CHECK_IDS);
  throw new InputError(`unknown check id "${value}"${guess ? `; did you mean ${guess}?` : ' (cart-doctor explain lists the checks)'}`, file, place);
}

function reasonOf(value: unknown, file: string, place: string): string {
  if (typeof value === 'string' && value.trim()) return value.trim();
  throw new InputError('a suppression needs a reason: say why this result is accepted', file, place);
}

/** The `suppress:` list of a config file, each entry validated (bad entry → exit 3 naming it). */
export function parseSuppressList(value: unknown, file: string, label: string = CONFIG_FILE_NAME): Suppression[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InputError('must be a list of { check, reason, expires? }', file, 'suppress');
  return value.map((entry, i) => {
    const place = `suppress[${i}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new InputError('must be a mapping { check, reason, expires? }', file, place);
    const { check, reason, expires, ...rest } = entry as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra) throw new InputError(`unknown key "${extra}" (a suppression has check, reason and expires)`, file, `${place}.${extra}`);
    const id = checkId(check, file, `${place}.check`);
    const why = reasonOf(reason, file, `${place}.reason`);
    const until = expiryDate(expires, file, `${place}.expires`);
    return { check: id, reason: why, source: `${label} ${place}`, ...(until && { expires: until }) };
  });
}

/**
 * `cart-doctor.io/ignore: "id[,id…]"` with `cart-doctor.io/ignore-reason` on a Deployment or
 * ServiceAccount. The object is the "file" of a bad-input line, the annotation its place.
 */
export function annotationSuppressions(kind: string, namespace: string, name: string, annotations: Record<string, string>): Suppression[] {
  const ids = annotations[IGNORE_ANNOTATION];
  if (ids === undefined) return [];
  const object = `${kind} ${namespace}/${name}`;
  const reason = reasonOf(annotations[IGNORE_REASON_ANNOTATION], object, `annotation ${IGNORE_REASON_ANNOTATION}`);
  const listed = ids
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!listed.length)
    throw new InputError('names no check: give check ids such as "table.billing-mode,region.match"', object, `annotation ${IGNORE_ANNOTATION}`);
  return listed.map((id) => ({ check: checkId(id, object, `annotation ${IGNORE_ANNOTATION}`), reason, source: `annotation on ${object}` }));
}

/** Statuses a suppression changes; a pass or skip has nothing to accept. */
const SUPPRESSIBLE = new Set(['fail', 'warn', 'error']);

/**
 * Marks each result the first live suppression of its check names. An expired suppression
 * (past its `expires` day, UTC) does not apply and says so in the report's warnings.
 */
export function applySuppressions<R extends { id: string; status: string; suppressed?: SuppressionMark }>(
  results: readonly R[],
  suppressions: readonly Suppression[],
  today: string = new Date().toISOString().slice(0, 10),
): { results: R[]; warnings: string[] } {
  const warnings: string[] = [];
  const live = suppressions.filter((s) => {
    const expired = s.expires !== undefined && s.expires < today;
    if (expired) warnings.push(`${s.source}: the suppression of ${s.check} expired on ${s.expires} and no longer applies`);
    return !expired;
  });
  const marked = results.map((r) => {
    const s = SUPPRESSIBLE.has(r.status) ? live.find((x) => x.check === r.id) : undefined;
    return s ? { ...r, suppressed: { reason: s.reason, source: s.source, ...(s.expires && { expires: s.expires }) } } : r;
  });
  return { results: marked, warnings };
}

/** The workload's own suppressions: annotations on its Deployment and ServiceAccount, when they could be read. */
export async function workloadSuppressions(facts: {
  deployment(): Promise<{ found: boolean; namespace: string; name: string; annotations?: Record<string, string> }>;
  serviceAccount(): Promise<{ found: boolean; namespace: string; name: string; annotations: Record<string, string> }>;
}): Promise<Suppression[]> {
  // Unreadable objects carry no suppression: their checks are `error` already, and say why.
  const [deployment, sa] = await Promise.all([facts.deployment().catch(() => undefined), facts.serviceAccount().catch(() => undefined)]);
  return [
    ...(deployment?.found ? annotationSuppressions('Deployment', deployment.namespace, deployment.name, deployment.annotations ?? {}) : []),
    ...(sa?.found ? annotationSuppressions('ServiceAccount', sa.namespace, sa.name, sa.annotations) : []),
  ];
}

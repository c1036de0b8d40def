import type { Status } from '../checks/lib/types.js';
import { SYMPTOMS, type SymptomError } from '../checks/lib/symptoms.js';
import type { CheckId, Evidence } from '../checks/lib/types.js';
import type { Symptom } from '../checks/lib/symptoms.js';
import type { SuppressionMark } from '../config/suppress.js';
import type { PlatformChoice } from '../config/platform.js';
import type { Migration } from './migration.js';

/** Where in an input file the wrong thing is written (set by the manifest locator when there is one). */
export interface ResultLocation {
  file: string;
  line: number;
  column?: number;
}

export interface CheckResult {
  id: CheckId;
  title: string;
  status: Status;
  message: string;
  /** The Common-failures row a fail (or the risk a warn) points at; null otherwise. */
  symptom: Symptom | null;
  evidence: Evidence;
  remediation: string;
  durationMs: number;
  /** Accepted by a suppression (docs/design/SPEC.md §7): the status stays, the exit code ignores it. */
  suppressed?: SuppressionMark;
  location?: ResultLocation;
}

export type FailOn = 'fail' | 'warn';

export interface ReportTarget {
  namespace: string;
  serviceAccount: string;
  deployment: string;
  table: string;
  region: string | null;
  cluster: string | null;
  roleArn: string | null;
}

export interface PredictedError {
  error: SymptomError;
  meaning: string;
  checks: string[];
}

/** JSON schema v1 (docs/design/SPEC.md §4.2); `schema/report-v1.schema.json` describes it. */
export interface Report {
  schemaVersion: 1;
  tool: { name: 'cart-doctor'; version: string };
  target: ReportTarget;
  summary: Summary;
  exitCode: 0 | 1 | 2;
  checks: CheckResult[];
  predictedErrors: PredictedError[];
  /** Non-fatal notes about the input (duplicate keys, ignored documents). */
  warnings: string[];
  /** Which half of the guide was judged, and how that was chosen (added within v1, optional). */
  platform?: PlatformChoice;
  /** On EKS, the K3s-only settings the env checks found, in setup guide step 9 order (added within v1, optional). */
  migration?: Migration;
}

/**
 * Checks per status, suppressed ones apart: each result counts once, so the counts add up to
 * the number of checks and the status counts are what the exit code reads.
 */
export type Summary = Record<Status, number> & { suppressed: number };

export function summarize(results: readonly CheckResult[]): Summary {
  const summary: Summary = { pass: 0, warn: 0, fail: 0, error: 0, skip: 0, suppressed: 0 };
  for (const r of results) {
    if (r.suppressed) summary.suppressed++;
    else summary[r.status]++;
  }
  return summary;
}

/** docs/design/SPEC.md §4.3: 1 when something failed (or warned, with --fail-on warn), else 2 when something errored. */
export function exitCodeFor(summary: Record<Status, number>, failOn: FailOn): 0 | 1 | 2 {
  if (summary.fail > 0 || (failOn === 'warn' && summary.warn > 0)) return 1;
  if (summary.error > 0) return 2;
  return 0;
}

/**
 * The Common-failures rows this run predicts, in the guide's order, with the failing checks
 * behind each (an accepted, suppressed failure predicts nothing new).
 */
export function predictErrors(results: readonly CheckResult[]): PredictedError[] {
  const rows = new Map<SymptomError, string[]>();
  for (const r of results) {
    if (r.status !== 'fail' || !r.symptom || r.suppressed) continue;
    rows.set(r.symptom.error, [...(rows.get(r.symptom.error) ?? []), r.id]);
  }
  return (Object.keys(SYMPTOMS) as SymptomError[]).filter((e) => rows.has(e)).map((error) => ({ error, meaning: SYMPTOMS[error], checks: rows.get(error)! }));
}

export function buildReport(opts: {
  version: string;
  target: ReportTarget;
  results: CheckResult[];
  failOn: FailOn;
  warnings: string[];
  platform?: PlatformChoice;
  migration?: Migration;
}): Report {
  const summary = summarize(opts.results);
  return {
    schemaVersion: 1,
    tool: { name: 'cart-doctor', version: opts.version },
    target: opts.target,
    summary,
    exitCode: exitCodeFor(summary, opts.failOn),
    checks: opts.results,
    predictedErrors: predictErrors(opts.results),
    warnings: opts.warnings,
    ...(opts.platform && { platform: opts.platform }),
    ...(opts.migration && { migration: opts.migration }),
  };
}

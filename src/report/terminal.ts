import type { Status } from '../checks/lib/types.js';
import type { CheckResult } from './model.js';
import type { Report } from './model.js';
import { escapeDeep } from './escape.js';
import { wrapShell } from './shell-wrap.js';
import { describePlatform } from '../config/platform.js';
import { MIGRATION_HEADING, describeSetting, type Migration } from './migration.js';

export interface TerminalOptions {
  color: boolean;
  /** Columns to fit; the caller measures the terminal (stdout.columns, COLUMNS, else 100). */
  width?: number;
  /** Every check's whole message and each problem's evidence, instead of the compact form. */
  verbose?: boolean;
}

export const DEFAULT_WIDTH = 100;
/** Narrower than this the id column alone fills the line; the report is laid out for 40 then. */
const MIN_WIDTH = 40;
// "✗ fail  ", then the id column: as wide as the longest id shown (`deployment.service-account`
// at most) plus two spaces, so messages get the rest of the line.
const STATUS_COLUMN = 8;
const MAX_ID_COLUMN = 28;

/** Failures first, then what blocks a verdict, then the rest (SPEC "failures first"). */
const STATUS_ORDER: readonly Status[] = ['fail', 'error', 'warn', 'skip', 'pass'];
/** The totals line reads in the SPEC's order. */
const STATUS_ORDER_FOR_TOTALS: readonly Status[] = ['pass', 'warn', 'fail', 'error', 'skip'];
const MARK: Record<Status, string> = { pass: '✓', warn: '!', fail: '✗', error: '?', skip: '-' };

const ANSI = { red: 31, green: 32, yellow: 33, magenta: 35, grey: 90, bold: 1 } as const;
type Style = keyof typeof ANSI;
const STATUS_STYLE: Record<Status, Style> = { fail: 'red', warn: 'yellow', error: 'magenta', skip: 'grey', pass: 'green' };
type Paint = (style: Style, text: string) => string;

function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) =>
    text
      .split('\n')
      .map((line) => (line ? `\u001b[${ANSI[style]}m${line}\u001b[${style === 'bold' ? 22 : 39}m` : line))
      .join('\n');
}

/** Results that share one message (no credentials, a cluster nobody answers for) are said once. */
interface Group {
  status: Status;
  results: CheckResult[];
}

/**
 * The human report, compact by default: a header, one line per check that is not passing and
 * one line for all that pass, then a block per problem (said once for identical ones) with
 * its symptom and fix, the Common-failures rows this run predicts and a totals line. Every
 * line fits `width`. Pure: the same report and options always give the same text; every text
 * of the report is escaped before colour is added, so no input reaches the terminal raw.
 */
export function renderTerminal(unsafeReport: Report, opts: TerminalOptions): string {
  const report = escapeDeep(unsafeReport);
  const paint = painter(opts.color);
  const width = Math.max(MIN_WIDTH, Math.floor(opts.width ?? DEFAULT_WIDTH));
  const ordered = orderForDisplay(report.checks.filter((r) => !r.suppressed));
  const problems = groupProblems(ordered.filter((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error'));
  const suppressed = report.checks.filter((r) => r.suppressed);

  const sections = [
    renderHeader(report, width, paint),
    renderCheckList(ordered, width, paint, !!opts.verbose),
    ...problems.map((g) => renderProblem(g, width, paint, !!opts.verbose)),
    ...(suppressed.length ? [renderSuppressed(suppressed, width, paint)] : []),
    ...(report.migration ? [renderMigration(report.migration, width, paint)] : []),
    renderCommonFailures(report, width, paint),
    ...(report.warnings.length && opts.verbose ? [renderWarnings(report.warnings, width)] : []),
    renderSummary(report, width, paint),
  ];
  return `${sections.join('\n\n')}\n`;
}

/** Stable: registry order is kept within one status. */
export function orderForDisplay(results: readonly CheckResult[]): CheckResult[] {
  const rank = (r: CheckResult) => STATUS_ORDER.indexOf(r.status);
  return results
    .map((result, index) => ({ result, index }))
    .sort((a, b) => rank(a.result) - rank(b.result) || a.index - b.index)
    .map(({ result }) => result);
}

function groupProblems(results: readonly CheckResult[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of results) {
    // Only errors repeat verbatim across checks (one missing credential, one dead endpoint).
    const key = r.status === 'error' ? `error\n${r.message}\n${r.remediation}` : `${r.id}`;
    const group = groups.get(key);
    if (group) group.results.push(r);
    else groups.set(key, { status: r.status, results: [r] });
  }
  return [...groups.values()];
}

function renderHeader(report: Report, width: number, paint: Paint): string {
  const t = report.target;
  const role = t.roleArn ? `role ${t.roleArn.replace(/^arn:[^:]+:iam::\d+:role\//, '')}` : 'role unknown';
  const where = `table ${t.table} @ ${t.region ?? 'region unknown'} · ${t.cluster ? `cluster ${t.cluster}` : 'cluster unknown'}`;
  const platform = report.platform ? ` · platform ${describePlatform(report.platform)}` : '';
  const chain =
    report.platform?.name === 'k3s'
      ? `${t.namespace}/${t.deployment} → local DynamoDB → table ${t.table}${platform}`
      : `${t.namespace}/${t.deployment} → SA ${t.serviceAccount} → ${role} → ${where}${platform}`;
  const title = `${report.tool.name} ${report.tool.version}`;
  return `${paint('bold', title)}  ${hang(wrap(chain, width - title.length - 2), title.length + 2)}`;
}

function statusCell(status: Status, paint: Paint): string {
  const cell = `${MARK[status]} ${status}`;
  return paint(STATUS_STYLE[status], cell) + ' '.repeat(STATUS_COLUMN - cell.length);
}

function renderCheckList(ordered: readonly CheckResult[], width: number, paint: Paint, verbose: boolean): string {
  const lines: string[] = [];
  const passing = ordered.filter((r) => r.status === 'pass');
  const groups = sameMessage(ordered.filter((r) => verbose || r.status !== 'pass'));
  const labels = groups.flatMap((g) => (g.length > 1 && !verbose ? [`${g.length} checks`] : g.map((r) => r.id)));
  const ID_COLUMN = Math.min(MAX_ID_COLUMN, Math.max(0, ...labels.map((l) => l.length)) + 2);
  const messageWidth = Math.max(12, width - STATUS_COLUMN - ID_COLUMN);
  for (const group of groups) {
    const [r] = group as [CheckResult, ...CheckResult[]];
    if (group.length > 1 && !verbose) {
      // Twelve rows saying "no AWS credentials" tell less than one row that names twelve checks.
      const label = `${group.length} checks`.padEnd(ID_COLUMN);
      lines.push(`${statusCell(r.status, paint)}${label}${truncate(r.message, messageWidth)}`);
      lines.push(indent(wrap(group.map((g) => g.id).join(', '), width - STATUS_COLUMN), STATUS_COLUMN));
      continue;
    }
    for (const one of group) {
      const message = verbose ? hang(wrap(one.message, messageWidth), STATUS_COLUMN + ID_COLUMN) : truncate(one.message, messageWidth);
      lines.push(`${statusCell(one.status, paint)}${one.id.padEnd(ID_COLUMN)}${message}`);
    }
  }
  if (passing.length && !verbose) {
    const label = `${passing.length} ${plural(passing.length, 'check')}: `;
    const list = wrap(passing.map((r) => r.id).join(', '), width - STATUS_COLUMN - label.length);
    lines.push(`${statusCell('pass', paint)}${label}${hang(list, STATUS_COLUMN + label.length)}`);
  }
  return lines.join('\n');
}

/** Consecutive results (already ordered by status) with one status and one message. */
function sameMessage(results: readonly CheckResult[]): CheckResult[][] {
  const groups = new Map<string, CheckResult[]>();
  for (const r of results) {
    const key = `${r.status}\n${r.message}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()];
}

function renderProblem(group: Group, width: number, paint: Paint, verbose: boolean): string {
  const [first] = group.results as [CheckResult, ...CheckResult[]];
  const lines: string[] = [];
  if (group.results.length > 1) {
    const ids = group.results.map((r) => r.id).join(', ');
    lines.push(paint(STATUS_STYLE[group.status], wrap(`${MARK[group.status]} ${group.results.length} checks could not be evaluated, for one reason:`, width)));
    lines.push(indent(wrap(ids, width - 2), 2));
  } else {
    const symptom = first.symptom && first.status !== 'error' ? ` — ${first.symptom.error} (${first.symptom.meaning})` : '';
    lines.push(paint(STATUS_STYLE[first.status], wrap(`${MARK[first.status]} ${first.id}${symptom}`, width)));
  }
  lines.push(indent(wrap(first.message, width - 2), 2));
  if (verbose && group.results.length === 1 && Object.keys(first.evidence).length) {
    lines.push('  Evidence:', indent(wrapShell(JSON.stringify(first.evidence, null, 2), width - 4), 4));
  }
  // The fix is a shell snippet: wrapped only where a `\` continuation keeps it runnable.
  lines.push('  Fix:', indent(wrapShell(first.remediation, width - 4), 4));
  return lines.join('\n');
}

/** Accepted results stay visible, one compact line each: status, id, reason, where it is written. */
function renderSuppressed(results: readonly CheckResult[], width: number, paint: Paint): string {
  const lines = results.map((r) => {
    const s = r.suppressed!;
    const until = s.expires ? `, until ${s.expires}` : '';
    const cell = `~ ${r.status} (suppressed)`;
    return `${paint('grey', cell)} ${hang(wrap(`${r.id} — ${s.reason} [${s.source}${until}]`, width - cell.length - 1), cell.length + 1)}`;
  });
  return [paint('bold', wrap('Suppressed (not counted in the exit code; --no-suppress shows them)', width)), ...lines].join('\n');
}

/** One block for the move from K3s: what must go, in the guide's order, and where each is written. */
function renderMigration(migration: Migration, width: number, paint: Paint): string {
  const rows = migration.settings.map((s, i) => `  ${hang(wrap(`${i + 1}. ${describeSetting(s)}`, width - 4), 5)}`);
  const keep = wrap(
    'Keep only AWS_REGION and the table name; the role comes through IRSA and the table must exist. --fix-script writes the deletions.',
    width - 2,
  );
  return [paint('bold', wrap(`${MIGRATION_HEADING}:`, width)), ...rows, indent(keep, 2)].join('\n');
}

function renderCommonFailures(report: Report, width: number, paint: Paint): string {
  const heading = paint('bold', 'Common failures this run predicts');
  if (report.predictedErrors.length === 0) {
    const unevaluated = report.summary.error > 0 ? ` (but ${report.summary.error} ${plural(report.summary.error, 'check')} could not be evaluated)` : '';
    return `${heading}\n${wrap(`No failure is predicted: no check failed${unevaluated}.`, width)}`;
  }
  const rows = report.predictedErrors.map((row) => `${row.error} — ${row.meaning}: ${row.checks.join(', ')}`);
  return `${heading}\n${rows.map((row) => `  ${hang(wrap(row, width - 4), 4)}`).join('\n')}`;
}

function renderWarnings(warnings: readonly string[], width: number): string {
  return ['Input warnings', ...warnings.map((w) => `  ${hang(wrap(w, width - 4), 4)}`)].join('\n');
}

function renderSummary(report: Report, width: number, paint: Paint): string {
  const texts = STATUS_ORDER_FOR_TOTALS.map((s) => `${report.summary[s]} ${s}`);
  const counts = STATUS_ORDER_FOR_TOTALS.map((s, i) => (report.summary[s] > 0 ? paint(STATUS_STYLE[s], texts[i]!) : texts[i]!));
  const suppressed = report.summary.suppressed ? `, ${report.summary.suppressed} suppressed` : '';
  const exit = `exit ${report.exitCode}`;
  return `${texts.join(', ')}${suppressed} — ${exit}`.length <= width
    ? `${counts.join(', ')}${suppressed} — ${exit}`
    : `${counts.join(', ')}${suppressed}\n— ${exit}`;
}

/**
 * Word wrap that also breaks a token longer than the line (ARNs, issuer URLs), so nothing is
 * hidden and no line passes the width. Linear in the text.
 */
export function wrap(text: string, max: number): string {
  return text
    .split('\n')
    .flatMap((paragraph) => wrapParagraph(paragraph, Math.max(1, max)))
    .join('\n');
}

function wrapParagraph(paragraph: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    let rest = word;
    if (line && line.length + 1 + rest.length <= max) {
      line += ` ${rest}`;
      continue;
    }
    if (line) lines.push(line);
    while (rest.length > max) {
      lines.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    line = rest;
  }
  lines.push(line);
  return lines;
}

/** The first line of a message, cut to fit one line with an ellipsis. */
function truncate(text: string, max: number): string {
  const line = text.split('\n')[0]!.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');
}

/** Every line after the first indented, to sit under the first line's text. */
function hang(text: string, spaces: number): string {
  const [first, ...rest] = text.split('\n');
  return [first, ...rest.map((line) => (line ? ' '.repeat(spaces) + line : line))].join('\n');
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

import Table from 'cli-table3';
import type { Status } from '../checks/types.js';
import type { CheckResult } from '../runner.js';
import type { Report } from './model.js';

export interface TerminalOptions {
  color: boolean;
  /** Total width of the tables; the caller measures the terminal, so rendering stays pure. */
  width?: number;
}

const DEFAULT_WIDTH = 120;
// Below this the message column gets too narrow to read; wider than a terminal is still readable.
const MIN_WIDTH = 80;
const STATUS_COLUMN = 9;
// Fits the longest id, `deployment.service-account`, plus cell padding.
const CHECK_COLUMN = 28;
// One id and its comma on a line.
const MIN_CHECKS_COLUMN = CHECK_COLUMN + 1;
const MIN_MEANING_COLUMN = 16;

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
  // Paint line by line so a wrapped cell never carries an open colour into a border.
  return (style, text) =>
    text
      .split('\n')
      .map((line) => (line ? `\u001b[${ANSI[style]}m${line}\u001b[${style === 'bold' ? 22 : 39}m` : line))
      .join('\n');
}

/**
 * The human report: header, every check (failures first), a block per problem with its
 * symptom and fix, the Common-failures rows this run predicts, and a totals line. Pure: the
 * same report and options always give the same text.
 */
export function renderTerminal(report: Report, opts: TerminalOptions): string {
  const paint = painter(opts.color);
  const width = Math.max(MIN_WIDTH, opts.width ?? DEFAULT_WIDTH);
  const ordered = orderForDisplay(report.checks.filter((r) => !r.suppressed));
  const problems = ordered.filter((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error');
  const suppressed = report.checks.filter((r) => r.suppressed);

  const sections = [
    renderHeader(report, paint),
    renderCheckTable(ordered, width, paint),
    ...problems.map((r) => renderProblem(r, width, paint)),
    ...(suppressed.length ? [renderSuppressed(suppressed, paint)] : []),
    renderCommonFailures(report, width, paint),
    renderSummary(report, paint),
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

function renderHeader(report: Report, paint: Paint): string {
  const t = report.target;
  const role = t.roleArn ?? 'role unknown';
  const region = t.region ?? 'region unknown';
  const cluster = t.cluster ? `cluster ${t.cluster}` : 'cluster unknown';
  const title = paint('bold', `${report.tool.name} ${report.tool.version}`);
  return `${title}  ${t.namespace}/${t.deployment} → SA ${t.serviceAccount} → ${role} → table ${t.table} @ ${region} (${cluster})`;
}

function renderCheckTable(results: readonly CheckResult[], width: number, paint: Paint): string {
  const messageColumn = width - STATUS_COLUMN - CHECK_COLUMN - 4;
  const table = newTable(['status', 'check', 'message'], [STATUS_COLUMN, CHECK_COLUMN, messageColumn], paint);
  for (const r of results) {
    table.push([
      paint(STATUS_STYLE[r.status], `${MARK[r.status]} ${r.status}`),
      wrap(r.id, CHECK_COLUMN - 2),
      wrap(r.message, messageColumn - 2),
    ]);
  }
  return table.toString();
}

function renderProblem(r: CheckResult, width: number, paint: Paint): string {
  const lines = [paint(STATUS_STYLE[r.status], `${MARK[r.status]} ${r.id} — ${r.title}`), indent(wrap(r.message, width - 2), 2)];
  if (r.symptom && r.status !== 'error') lines.push(`  Symptom: ${r.symptom.error} — ${r.symptom.meaning}`);
  // Never wrapped: a multi-line command or YAML patch must paste as written.
  lines.push('  Fix:', indent(r.remediation, 4));
  return lines.join('\n');
}

/** Accepted results stay visible, one compact line each: status, id, reason, where it is written. */
function renderSuppressed(results: readonly CheckResult[], paint: Paint): string {
  const lines = results.map((r) => {
    const s = r.suppressed!;
    const until = s.expires ? `, until ${s.expires}` : '';
    return `${paint('grey', `~ ${r.status} (suppressed)`)} ${r.id} — ${s.reason} [${s.source}${until}]`;
  });
  return [paint('bold', 'Suppressed (not counted in the exit code; --no-suppress shows them)'), ...lines].join('\n');
}

function renderCommonFailures(report: Report, width: number, paint: Paint): string {
  const heading = paint('bold', 'Common failures this run predicts');
  if (report.predictedErrors.length === 0) {
    const unevaluated = report.summary.error > 0 ? ` (but ${report.summary.error} ${plural(report.summary.error, 'check')} could not be evaluated)` : '';
    return `${heading}\nNo failure is predicted: no check failed${unevaluated}.`;
  }
  // Error names and check ids are what users grep for, so they are never broken
  // (ProvisionedThroughputExceededException is 38 characters); the meaning wraps instead, and
  // only below about 100 columns does the table grow past the width.
  const available = width - 4;
  const errorColumn = longest(report.predictedErrors.map((r) => r.error)) + 2;
  const fitMeaning = longest(report.predictedErrors.map((r) => r.meaning)) + 2;
  const meaningColumn = Math.min(fitMeaning, Math.max(MIN_MEANING_COLUMN, available - errorColumn - MIN_CHECKS_COLUMN));
  const checksColumn = Math.max(MIN_CHECKS_COLUMN, available - errorColumn - meaningColumn);
  const table = newTable(['Error', 'Meaning', 'Checks'], [errorColumn, meaningColumn, checksColumn], paint);
  for (const row of report.predictedErrors) {
    table.push([wrap(row.error, errorColumn - 2), wrap(row.meaning, meaningColumn - 2), wrap(row.checks.join(', '), checksColumn - 2)]);
  }
  return `${heading}\n${table.toString()}`;
}

function renderSummary(report: Report, paint: Paint): string {
  const counts = STATUS_ORDER_FOR_TOTALS.map((s) => {
    const text = `${report.summary[s]} ${s}`;
    return report.summary[s] > 0 ? paint(STATUS_STYLE[s], text) : text;
  });
  const suppressed = report.summary.suppressed ? `, ${report.summary.suppressed} suppressed` : '';
  return `${counts.join(', ')}${suppressed} — exit ${report.exitCode}`;
}

function newTable(head: string[], colWidths: number[], paint: Paint): Table.Table {
  // Our own wrapping (below) fits every cell, so cli-table3 never truncates; its colours stay
  // off so the output depends on `color` alone, not on the terminal it detects.
  return new Table({
    head: head.map((h) => paint('bold', h)),
    colWidths,
    wordWrap: false,
    style: { head: [], border: [] },
  });
}

/**
 * Word wrap that also breaks a token longer than the line (ARNs, issuer URLs), so a table
 * cell never hides part of a name behind cli-table3's ellipsis.
 */
export function wrap(text: string, max: number): string {
  return text
    .split('\n')
    .flatMap((paragraph) => wrapParagraph(paragraph, max))
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

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');
}

function longest(texts: readonly string[]): number {
  return Math.max(0, ...texts.map((t) => t.length));
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/**
 * `-o github`: GitHub Actions workflow commands, so results become annotations on the run
 * (and on the file line, once a result carries a location). One command per non-passing,
 * unsuppressed check, the report's warnings, then one summary notice; nothing else on stdout.
 *
 * fail → ::error, warn → ::warning, error → ::notice: a check that could not be evaluated
 * is not a finding about the workload, and GitHub has no fourth level; the exit code (2)
 * still says the run was inconclusive.
 */
// @ts-nocheck

import type { CheckResult } from './model.js';
import type { Report } from './model.js';

type Level = 'error' | 'warning' | 'notice';
const LEVEL: Partial<Record<CheckResult['status'], Level>> = { fail: 'error', warn: 'warning', error: 'notice' };

/** Other control characters: the log viewer would act on an ESC (colours, cursor moves), so they are shown as `\u001b` text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** The message part (after `::`): GitHub's escapeData, plus visible control characters. */
export function escapeData(text: string): string {
  return text
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A property value (`title=…`): escapeData plus the separators `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(level: Level, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(message)}\n`;
}

function annotation(r: CheckResult, level: Level): string {
  const where = r.location ? { file: r.location.file, line: r.location.line, col: r.location.column } : {};
  const symptom = r.symptom && r.status !== 'error' ? `\nSymptom: ${r.symptom.error} — ${r.symptom.meaning}` : '';
  return workflowCommand(level, { ...where, title: `${r.id}: ${r.title}` }, `${r.message}${symptom}\nFix:\n${r.remediation}`);
}

export function renderGithub(report: Report): string {
  const findings = report.checks.flatMap((r) => {
    const level = LEVEL[r.status];
    return level && !r.suppressed ? [annotation(r, level)] : [];
  });
  const warnings = report.warnings.map((w) => workflowCommand('warning', { title: 'cart-doctor' }, w));
  const s = report.summary;
  const totals = `${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.error} error, ${s.skip} skip, ${s.suppressed} suppressed — exit ${report.exitCode}`;
  const t = report.target;
  const summary = workflowCommand('notice', { title: 'cart-doctor' }, `${t.namespace}/${t.deployment} → table ${t.table}: ${totals}`);
  return [...findings, ...warnings, summary].join('');
}

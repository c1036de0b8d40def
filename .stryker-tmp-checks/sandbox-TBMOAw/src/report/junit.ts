/**
 * `-o junit`: one <testsuite> per run, one <testcase> per check, for CI test-report views
 * (GitLab, Jenkins, Azure DevOps, dorny/test-reporter). Pure: the same report gives the same XML.
 *
 * A warn is a passing test case whose <system-out> carries the warning: JUnit has no "passed
 * with a warning", and a failure there would contradict the exit code (warnings pass unless
 * --fail-on warn), turning a green job's test tab red. A suppressed result is <skipped>
 * with its reason, so it stays visible without failing the view.
 */
// @ts-nocheck

import type { CheckResult } from './model.js';
import { linkOf } from './link.js';
import type { Report } from './model.js';

/**
 * Characters XML 1.0 forbids anywhere, even escaped (C0 controls but tab/LF/CR, lone
 * surrogates, U+FFFE/U+FFFF): shown as `\u001b` text so the reader still sees what was there.
 */
const ILLEGAL_IN_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function legal(text: string): string {
  return text.replace(ILLEGAL_IN_XML, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** Element content. `>` too, so `]]>` can never appear in the output. */
export function xmlText(text: string): string {
  return legal(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values: quotes, and tab/newline/CR as references, which attribute normalisation would otherwise turn into spaces. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function outcome(r: CheckResult): string {
  if (r.suppressed)
    return `      <skipped${attrs({ message: `suppressed: ${r.suppressed.reason}` })}>${xmlText(`${r.status}: ${r.message}\nsuppressed by ${r.suppressed.source}`)}</skipped>\n`;
  switch (r.status) {
    case 'fail':
      return `      <failure${attrs({ message: r.message, type: r.symptom?.error ?? 'fail' })}>${xmlText(r.remediation)}</failure>\n`;
    case 'error':
      return `      <error${attrs({ message: r.message, type: String(r.evidence.cause ?? 'error') })}>${xmlText(r.remediation)}</error>\n`;
    case 'skip':
      return `      <skipped${attrs({ message: r.message })}/>\n`;
    case 'warn':
      return `      <system-out>${xmlText(`warning: ${r.message}\n${r.symptom ? `Symptom: ${r.symptom.error}\n` : ''}Fix:\n${r.remediation}`)}</system-out>\n`;
    default:
      return '';
  }
}

function testcase(r: CheckResult): string {
  const open = `    <testcase${attrs({ classname: linkOf(r.id), name: r.id, time: seconds(r.durationMs) })}`;
  const body = outcome(r);
  return body ? `${open}>\n${body}    </testcase>\n` : `${open}/>\n`;
}

export function renderJunit(report: Report): string {
  const { summary, target } = report;
  const counts = {
    tests: report.checks.length,
    failures: summary.fail,
    errors: summary.error,
    skipped: summary.skip + summary.suppressed,
    time: seconds(report.checks.reduce((total, r) => total + r.durationMs, 0)),
  };
  const name = `cart-doctor ${target.namespace}/${target.deployment}`;
  const properties = Object.entries({ ...target, exitCode: report.exitCode, toolVersion: report.tool.version })
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `      <property${attrs({ name: k, value: String(v) })}/>\n`)
    .join('');
  const systemErr = report.warnings.length ? `    <system-err>${xmlText(report.warnings.map((w) => `warning: ${w}`).join('\n'))}</system-err>\n` : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attrs({ name: 'cart-doctor', ...counts })}>\n` +
    `  <testsuite${attrs({ name, ...counts })}>\n` +
    `    <properties>\n${properties}    </properties>\n` +
    report.checks.map(testcase).join('') +
    systemErr +
    '  </testsuite>\n</testsuites>\n'
  );
}

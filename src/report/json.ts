import type { Report } from './model.js';

/** One document, nothing else on stdout (SPEC §4.2). */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

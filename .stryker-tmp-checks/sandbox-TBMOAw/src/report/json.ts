// @ts-nocheck
import type { Report } from './model.js';

/** One document, nothing else on stdout (docs/design/SPEC.md §4.2). */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * `check --fix-script FILE` (docs/design/SPEC.md §7): the run's fixes as one bash script for a person to read
 * and run. cart-doctor only writes it; it runs nothing. Pure: a function of the report.
 */
import type { CheckResult } from './model.js';
import type { Report } from './model.js';
import { migrationScript } from './migration.js';

/**
 * Dependency order: the OIDC provider before the trust policy that names it, the role (created
 * by sa.annotation's fix) and its policies before the table and the Kubernetes side, and every
 * restart last, after all that the new pods must see.
 */
const ORDER = ['oidc.', 'trust.', 'policy.', 'table.', 'sa.', 'deployment.', 'env.', 'region.', 'pods.', 'identity.', 'logs.'];
const rank = (id: string): number => {
  const i = ORDER.findIndex((prefix) => id.startsWith(prefix));
  return i < 0 ? ORDER.length : i;
};

const RESTART = /^\s*kubectl -n \S+ rollout restart deployment\/\S+\s*$/;
const isCode = (line: string): boolean => line.trim() !== '' && !line.trim().startsWith('#');
const comment = (text: string): string =>
  text
    .split('\n')
    .map((l) => (l.trim() ? `# ${l}` : '#'))
    .join('\n');

/** What goes in: every failure, and every warning whose fix has a command (not advice alone). */
export function scriptedResults(report: Report): CheckResult[] {
  return report.checks
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => r.status === 'fail' || (r.status === 'warn' && r.remediation.split('\n').some(isCode)))
    .sort((a, b) => rank(a.r.id) - rank(b.r.id) || a.index - b.index)
    .map(({ r }) => r);
}

/** `cwd`: where the doctor ran, so that the `-f` files the script edits are found from anywhere. */
export function renderFixScript(report: Report, cwd = '/'): string {
  const t = report.target;
  const results = scriptedResults(report);
  const restarts: string[] = [];
  const seen = new Map<string, string>();
  const blocks = results.map((r) => {
    const header = comment(`${r.id} (${r.status}): ${r.message}`);
    const same = seen.get(r.remediation);
    if (same) return `${header}\n# Same fix as ${same} above.`;
    seen.set(r.remediation, r.id);
    // Restarts move to the end, so pods restart once, after every change they must see.
    const body = r.remediation
      .split('\n')
      .map((line) => {
        if (!RESTART.test(line)) return line;
        if (!restarts.includes(line.trim())) restarts.push(line.trim());
        return '# (the restart is at the end of this script)';
      })
      .join('\n');
    return `${header}\n${body}`;
  });
  const unevaluated = report.checks.filter((r) => r.status === 'error').map((r) => r.id);
  const preamble = [
    '#!/usr/bin/env bash',
    comment(
      [
        `Fixes for ${t.namespace}/${t.deployment} (ServiceAccount ${t.serviceAccount}, table ${t.table}${t.region ? ` in ${t.region}` : ''}${t.cluster ? `, cluster ${t.cluster}` : ''}),`,
        `written by ${report.tool.name} ${report.tool.version}, which ran none of it. Read it, then run it with the AWS credentials and kube context to change.`,
        `In it: ${results.length ? results.map((r) => r.id).join(', ') : 'nothing: no check failed, and no warning has a fix to run'}.`,
        ...(unevaluated.length ? [`Not in it: ${unevaluated.join(', ')} could not be evaluated; fix what they name, then run cart-doctor again.`] : []),
        'Run cart-doctor check again afterwards.',
      ].join('\n'),
    ),
    'set -euo pipefail',
    comment('The policy and manifest files below are written to a scratch directory.'),
    'cd "$(mktemp -d)"',
  ].join('\n');
  // The K3s → EKS move first deletes what made K3s work (the per-check kubectl fixes follow, for a running cluster).
  if (report.migration) blocks.unshift(migrationScript(report.migration, cwd));
  const tail = restarts.length ? [`${comment('Restart once, so new pods get the role, environment and ConfigMaps fixed above:')}\n${restarts.join('\n')}`] : [];
  return `${[preamble, ...blocks, ...tail].join('\n\n')}\n`;
}

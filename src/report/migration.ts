/**
 * The move from K3s to EKS (docs/k3s.md): on EKS, the settings that made the K3s setup work
 * are what breaks it. When the env checks find them, the report says so once, as a migration
 * in the setup guide's step 9 order (static keys, the DynamoDB local endpoint, create-table),
 * and the fix script deletes the exact lines from the `-f` files.
 */
import { isAbsolute, join } from 'node:path';
import type { Target } from '../config/types.js';
import type { CheckResult } from './model.js';
import { findVariable, type ObjectLookup } from './locate.js';

export interface MigrationSetting {
  /** The variable to remove, e.g. AWS_ACCESS_KEY_ID. */
  name: string;
  /** What it is in the guide's words: "static AWS key", "DynamoDB local endpoint", "create-table flag". */
  what: string;
  /** The check that failed on it. */
  check: string;
  /** Where it comes from: ConfigMap/carts (envFrom), or the env of container carts. */
  from: string;
  /** With `-f`: the file and line that write it, and the whole lines that delete it (when the doctor is sure). */
  file?: string;
  line?: number;
  deleteLines?: number[];
}

export interface Migration {
  from: 'k3s';
  to: 'eks';
  settings: MigrationSetting[];
}

/** Setup guide step 9, in its order. */
const STEP_9: { check: string; what: string; order?: readonly string[] }[] = [
  { check: 'env.static-credentials', what: 'static AWS key', order: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] },
  { check: 'env.local-endpoint', what: 'DynamoDB local endpoint' },
  { check: 'env.create-table', what: 'create-table flag' },
];

type Actual = { name?: unknown; container?: unknown; from?: unknown; source?: unknown };

/** Undefined when no K3s-only setting failed an env check (or its failure was accepted by a suppression). */
export async function buildMigration(results: readonly CheckResult[], target: Target, lookup?: ObjectLookup): Promise<Migration | undefined> {
  const settings: MigrationSetting[] = [];
  const deployment = lookup ? await lookup('Deployment', target.deployment) : undefined;
  for (const step of STEP_9) {
    const result = results.find((r) => r.id === step.check && r.status === 'fail' && !r.suppressed);
    const actual = Array.isArray(result?.evidence.actual) ? (result.evidence.actual as Actual[]) : [];
    const named = actual.filter((a): a is Actual & { name: string } => typeof a.name === 'string');
    const ordered = step.order ? [...named].sort((a, b) => rank(step.order!, a.name) - rank(step.order!, b.name)) : named;
    for (const a of ordered) {
      const container = typeof a.container === 'string' ? a.container : undefined;
      if (settings.some((s) => s.name === a.name)) continue;
      const from = typeof a.from === 'string' ? a.from : `the env of container ${container ?? '?'}`;
      const where = lookup ? await findVariable(deployment, lookup, a.name, container) : undefined;
      settings.push({
        name: a.name,
        what: step.what,
        check: step.check,
        from,
        ...(where && { file: where.file, line: where.line }),
        ...(where?.lines && { deleteLines: where.lines }),
      });
    }
  }
  return settings.length ? { from: 'k3s', to: 'eks', settings } : undefined;
}

const rank = (order: readonly string[], name: string): number => (order.includes(name) ? order.indexOf(name) : order.length);

/** The heading the terminal report and the fix script share. */
export const MIGRATION_HEADING = 'Moving from K3s to EKS: these K3s-only settings must go (setup guide step 9)';

/** One line per setting: "AWS_ACCESS_KEY_ID (static AWS key) from ConfigMap/carts (envFrom), file.yaml line 9". */
export function describeSetting(s: MigrationSetting): string {
  return `${s.name} (${s.what}) from ${s.from}${s.file ? `, ${s.file} line ${s.line}` : ''}`;
}

/** Fix-script lines: per file, the exact lines to delete (bottom-up), or what to edit by hand. */
export function migrationScript(migration: Migration, cwd: string): string {
  const byFile = new Map<string, number[]>();
  const byHand: MigrationSetting[] = [];
  for (const s of migration.settings) {
    if (s.file && s.file !== '<stdin>' && s.deleteLines) byFile.set(s.file, [...(byFile.get(s.file) ?? []), ...s.deleteLines]);
    else byHand.push(s);
  }
  const lines = [`# ${MIGRATION_HEADING}:`, ...migration.settings.map((s, i) => `#   ${i + 1}. ${describeSetting(s)}`)];
  for (const [file, numbers] of byFile) {
    const sorted = [...new Set(numbers)].sort((a, b) => b - a);
    lines.push(`# ${file}: delete line${sorted.length > 1 ? 's' : ''} ${[...sorted].reverse().join(', ')} (a .k3s backup is kept)`);
    // The script runs elsewhere (it cds to a scratch directory): the path is made absolute.
    lines.push(`sed -i.k3s ${sorted.map((n) => `-e '${n}d'`).join(' ')} ${shellQuote(isAbsolute(file) ? file : join(cwd, file))}`);
  }
  for (const s of byHand)
    lines.push(`# Remove ${s.name} by hand from ${s.file ? `${s.file} line ${s.line}` : s.from} (the doctor cannot delete it line by line).`);
  lines.push('# Keep only AWS_REGION and the table name (setup guide step 9); then apply the files as the deploy does.');
  return lines.join('\n');
}

const shellQuote = (s: string): string => (/^[\w./@:+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

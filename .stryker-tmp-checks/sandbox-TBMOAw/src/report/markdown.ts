/**
 * A check's reference page, rendered from its metadata alone: `npm run docs` writes these to
 * docs/checks/, `cart-doctor explain <id> -o markdown` prints the same page, and a test fails
 * when the committed pages differ from what the metadata gives. One source, no hand copies.
 */
// @ts-nocheck

import { SYMPTOMS } from '../checks/lib/symptoms.js';
import type { CheckMeta } from '../checks/lib/types.js';

/** The page of one check (docs/checks/<id>.md). */
export function checkMarkdown(meta: CheckMeta): string {
  return [
    `# \`${meta.id}\``,
    '',
    `**Must be true:** ${meta.title}.`.replace(/\.\.$/, '.'),
    '',
    meta.docs,
    '',
    ...(meta.dependsOn.length
      ? [`**Skipped when** ${meta.dependsOn.map((id) => `[\`${id}\`](${id}.md)`).join(' or ')} fails: it cannot judge its link without theirs.`, '']
      : []),
    `**Symptom when it fails:** \`${meta.symptom}\` — ${SYMPTOMS[meta.symptom]}.`,
    '',
    `**Typical fix:** ${meta.remediation} The report prints the exact command or YAML with the run's real names.`,
    '',
    `Ask the tool: \`cart-doctor explain ${meta.id}\` (\`-o markdown\` prints this page).`,
    '',
  ].join('\n');
}

/** One table row per check, for docs/checks/README.md and the README's generated table. */
export function checksTable(metas: readonly CheckMeta[], linkBase: string): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| check | what must be true | symptom when it fails |',
    '|---|---|---|',
    ...metas.map((m) => `| [\`${m.id}\`](${linkBase}${m.id}.md) | ${escape(m.title)} | ${escape(m.symptom)} |`),
  ].join('\n');
}

/** docs/checks/README.md: the index of the pages. */
export function checksIndexMarkdown(metas: readonly CheckMeta[]): string {
  return [
    '# Check reference',
    '',
    "Generated from each check's metadata by `npm run docs`; edit the check, not these pages.",
    'Ids are stable: they appear in JSON, in suppressions and in `cart-doctor explain`.',
    '',
    checksTable(metas, './'),
    '',
  ].join('\n');
}

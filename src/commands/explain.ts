/**
 * `cart-doctor explain <check-id | Common-failures row | error text>`: works with no AWS or
 * cluster. A check id gives what it verifies, why and how to fix it; a row gives the checks
 * behind it; an error text (a log line, a stack trace) gives its row, what was parsed from it
 * and the checks to run next.
 */
import { SYMPTOMS, type SymptomError } from '../checks/lib/symptoms.js';
import { CHECK_IDS, type CheckId } from '../checks/lib/types.js';
import { InputError } from '../errors.js';
import { closest } from '../cli-args.js';
import { PRESETS } from '../config/presets.js';
import { escapeControl } from '../report/escape.js';
import { classifyText, knownShapes, type LogFinding } from '../logs/shapes.js';
import { redactText } from '../redact.js';
import { checkMarkdown } from '../report/markdown.js';
import { DEFAULT_MAX_INPUT_BYTES, readBoundedStdin } from '../sources/bounded-read.js';

export type Explanation =
  | { kind: 'check'; id: CheckId; title: string; docs: string; symptom: { error: SymptomError; meaning: string }; remediation: string }
  | { kind: 'row'; error: SymptomError; meaning: string; checks: CheckId[]; shapes: string[] }
  | { kind: 'text'; error: SymptomError; meaning: string; findings: (LogFinding & { meaning: string })[]; checks: CheckId[]; next: string }
  | { kind: 'none'; tried: string };

const RETAIL_STORE = PRESETS['retail-store'];
const LOOKS_LIKE_ID = /^[a-z]+\.[a-z-]+$/;

/**
 * Every check, loaded only for an answer that names checks by id or by row: an error text is
 * explained by its log shapes, and loading all the checks' code would be most of its start-up.
 */
async function allChecks() {
  return (await import('../checks/registry.js')).CHECKS;
}

export async function explain(input: string): Promise<Explanation> {
  const text = input.trim();
  if (!text) throw new InputError('nothing to explain: give a check id, a Common-failures row or an error text (or pipe it on stdin)', 'explain');
  const check = (CHECK_IDS as readonly string[]).includes(text) ? (await allChecks()).find((c) => c.meta.id === text) : undefined;
  if (check) {
    const { id, title, docs, symptom, remediation } = check.meta;
    return { kind: 'check', id, title, docs, symptom: { error: symptom, meaning: SYMPTOMS[symptom] }, remediation };
  }
  if (LOOKS_LIKE_ID.test(text)) {
    const hint = closest(text, CHECK_IDS);
    throw new InputError(`"${redactText(text)}" is not a check id; ${hint ? `did you mean "${hint}"?` : `the ids are: ${CHECK_IDS.join(', ')}`}`, 'explain');
  }
  // A row by its error or by its meaning, as the setup guide's table words it ("Table doesn't exist").
  const lower = text.toLowerCase().replace(/[.\s]+$/, '');
  const row = (Object.entries(SYMPTOMS) as [SymptomError, string][]).find(([r, meaning]) => r.toLowerCase() === lower || meaning.toLowerCase() === lower);
  if (row) return await rowOf(row[0]);
  const findings = classifyText(text);
  if (findings.length) {
    const first = findings[0]!;
    const checks = [...new Set(findings.flatMap((f) => f.checks))];
    return {
      kind: 'text',
      error: first.symptom,
      meaning: SYMPTOMS[first.symptom],
      findings: findings.map((f) => ({ ...f, meaning: SYMPTOMS[f.symptom] })),
      checks,
      next: nextCommand(findings, text),
    };
  }
  // A row named inside a text the shapes do not know ("… ResourceNotFoundException …").
  const named = (Object.keys(SYMPTOMS) as SymptomError[]).find((r) => text.toLowerCase().includes(r.toLowerCase()));
  // Echo the text redacted BEFORE it is cut: a cut secret is no longer recognizable.
  const echo = redactText(text);
  return named ? await rowOf(named) : { kind: 'none', tried: echo.length > 80 ? `${echo.slice(0, 77)}...` : echo };
}

async function rowOf(error: SymptomError): Promise<Explanation> {
  const checks = await allChecks();
  return {
    kind: 'row',
    error,
    meaning: SYMPTOMS[error],
    checks: checks.filter((c) => c.meta.symptom === error).map((c) => c.meta.id),
    shapes: knownShapes()
      .filter((s) => s.symptom === error)
      .map((s) => s.shape),
  };
}

/**
 * The upstream retail-store cart shows itself by its index (the preset's GSI), its Java package
 * or its variable names; its checks need `--preset retail-store` and its namespace.
 */
function presetFlags(findings: LogFinding[], text: string): string[] {
  const retail = RETAIL_STORE.expect.gsis.map((g) => g.name);
  const isRetail =
    findings.some((f) => f.fields.index !== undefined && retail.includes(f.fields.index)) || /com\.amazon\.sample\.carts|RETAIL_CART_/.test(text);
  return isRetail ? ['--preset retail-store', `-n ${RETAIL_STORE.target.namespace}`] : [];
}

/** `cart-doctor check` with what the text told: the preset, the table, its region, the role (not the node's). */
function nextCommand(findings: LogFinding[], text: string): string {
  const field = (k: string) => findings.map((f) => f.fields[k]).find(Boolean);
  const role = findings.some((f) => f.shape === 'node-role') ? undefined : field('role');
  const flags = [
    ...presetFlags(findings, text),
    field('table') && `--table ${field('table')}`,
    field('region') && `--region ${field('region')}`,
    role && `--role ${role}`,
  ].filter(Boolean);
  return ['cart-doctor check', ...flags].join(' ');
}

/** The text output; what it echoes from the input is escaped before it reaches a terminal. */
export function renderExplanation(e: Explanation): string {
  return escapeControl(explanationText(e));
}

function explanationText(e: Explanation): string {
  switch (e.kind) {
    case 'check':
      return [`${e.id}: ${e.title}`, '', e.docs, '', `Symptom when it fails: ${e.symptom.error} — ${e.symptom.meaning}`, `Fix: ${e.remediation}`, ''].join(
        '\n',
      );
    case 'row':
      return [
        `${e.error} — ${e.meaning}`,
        '',
        `Checks that predict it: ${e.checks.join(', ') || 'none'}`,
        `Log shapes of this row: ${e.shapes.join(', ') || 'none'}`,
        `Run: cart-doctor check   (or cart-doctor explain <check-id> for one of them)`,
        '',
      ].join('\n');
    case 'text':
      return [
        `${e.error} — ${e.meaning}`,
        ...e.findings.flatMap((f) => [
          '',
          `${f.shape}${f.sdk ? ` (${f.sdk})` : ''}: ${f.summary}.`,
          ...Object.entries(f.fields).map(([k, v]) => `  ${k}: ${v}`),
          `  checks: ${f.checks.join(', ') || "none of cart-doctor's (see above)"}`,
        ]),
        '',
        `Next: ${e.next}   (checks to read first: ${e.checks.join(', ') || 'none'})`,
        '',
      ].join('\n');
    case 'none':
      return [
        `No known error shape in "${e.tried}".`,
        `Try a check id (${CHECK_IDS.slice(0, 3).join(', ')}, …), a Common-failures row (${Object.keys(SYMPTOMS).slice(0, 4).join(', ')}, …), or the whole error line.`,
        '',
      ].join('\n');
  }
}

/**
 * `cart-doctor explain [text..]`: the words given, or stdin when there are none (or `-`).
 * Returns the exit code: 0 when something was recognised, 1 when nothing was.
 */
export async function runExplainCommand(
  words: readonly string[],
  output: 'table' | 'text' | 'json' | 'markdown',
  write: (text: string) => void,
): Promise<number> {
  const result = await explain(words.length && words.join(' ') !== '-' ? words.join(' ') : readStdinText());
  if (output === 'markdown') {
    const check = result.kind === 'check' ? (await allChecks()).find((c) => c.meta.id === result.id) : undefined;
    if (!check) throw new InputError("-o markdown prints a check's reference page: give a check id (e.g. trust.subject)", 'explain');
    write(checkMarkdown(check.meta));
    return 0;
  }
  write(output === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderExplanation(result));
  return result.kind === 'none' ? 1 : 0;
}

/** The text to explain when none is given: stdin, unless it is a terminal nobody will type into. */
function readStdinText(): string {
  if (process.stdin.isTTY) throw new InputError('give a check id, a Common-failures row or an error text, or pipe one on stdin', 'explain');
  return readBoundedStdin(DEFAULT_MAX_INPUT_BYTES, { name: 'explain <stdin>', raise: '' });
}

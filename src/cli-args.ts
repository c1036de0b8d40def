/**
 * Argument hygiene before and after yargs: the shapes people type that yargs reads differently
 * (`-f -`), the suggestions git and kubectl give for a typo, and flag values that would
 * otherwise be taken silently (an empty `--snapshot ""` would mean "run live").
 */
import { InputError } from './errors.js';

/** The flags whose value may be `-` for stdin. */
const STDIN_FLAGS = new Set(['-f', '--manifests']);

/**
 * yargs reads a bare `-` as a positional, so `helm template … | cart-doctor check -f -` fails
 * with "Unknown argument: -". `-f -` (and a `-` among several `-f` values) becomes
 * `--manifests=-`, which yargs takes as the value it is.
 */
export function normalizeStdinArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  let inManifests = false;
  for (const arg of args) {
    if (arg === '--') {
      out.push(arg);
      inManifests = false;
      continue;
    }
    if (arg === '-' && inManifests) {
      if (STDIN_FLAGS.has(out[out.length - 1] ?? '')) out.pop();
      out.push('--manifests=-');
      continue;
    }
    out.push(arg);
    if (STDIN_FLAGS.has(arg)) inManifests = true;
    else if (arg.startsWith('-')) inManifests = false;
  }
  return out;
}

/** Damerau-free Levenshtein distance, enough to tell a typo from a different word. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The closest known word, if it is close enough to be what was meant (git's threshold, roughly). */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * yargs' strict-mode message, with a did-you-mean: "Unknown argument: namspace" becomes
 * "unknown flag --namspace; did you mean --namespace?"; an unknown command is said as one.
 */
export function explainUnknown(message: string, flags: readonly string[], commands: readonly string[], given: readonly string[]): string | undefined {
  const m = /^Unknown arguments?: (.+)$/.exec(message.trim());
  if (!m) return undefined;
  return m[1]!
    .split(', ')
    .map((word) => {
      const asCommand = given[0] === word && !word.startsWith('-');
      if (asCommand) {
        const hint = closest(word, commands);
        return `unknown command "${word}"${hint ? `; did you mean "${hint}"?` : `; commands: ${commands.join(', ')}`}`;
      }
      const typed = given.find((g) => g.replace(/^-+/, '').split('=')[0] === word) ?? (word.length === 1 ? `-${word}` : `--${word}`);
      if (!typed.startsWith('-')) return `unexpected argument "${word}" (flags take one value; quote values with spaces)`;
      const hint = closest(
        word,
        flags.filter((f) => f.length > 1),
      );
      return `unknown flag ${typed.split('=')[0]}${hint ? `; did you mean --${hint}?` : ''}`;
    })
    .join('; ');
}

/** String flags that name something: an empty value is a mistake, never "use the default". */
export function rejectEmptyValues(parsed: Record<string, unknown>, names: readonly string[]): void {
  for (const name of names) {
    const value = parsed[name];
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && v.trim() === '')) {
      throw new InputError('must not be empty', `--${name}`);
    }
  }
}

export function validateAccount(account: string | undefined): void {
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    throw new InputError(`"${account}" is not an AWS account id (12 digits, e.g. 111122223333)`, '--account');
  }
}

/**
 * A profile that is in neither AWS config file would surface later as "no region / no
 * credentials"; the aws CLI says "The config profile (x) could not be found", and so do we.
 */
export async function validateProfile(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (profile === undefined) return;
  const { readFileSync } = process.getBuiltinModule('node:fs');
  const { homedir } = process.getBuiltinModule('node:os');
  const { join } = process.getBuiltinModule('node:path');
  const home = env.HOME ?? homedir();
  const files = [env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'), env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials')];
  const found = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/^\s*\[\s*(?:profile\s+)?([^\]\s]+)\s*\]/gm)) found.add(m[1]!);
  }
  if (!found.has(profile)) {
    const hint = closest(profile, [...found]);
    const known = found.size ? `profiles there: ${[...found].sort().join(', ')}` : 'no profiles are configured';
    throw new InputError(`profile "${profile}" is not in ${files.join(' or ')} (${hint ? `did you mean "${hint}"? ` : ''}${known})`, '--profile');
  }
}

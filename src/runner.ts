import type { Check, CheckContext } from './checks/lib/types.js';
import { symptom } from './checks/lib/symptoms.js';
import { FactUnavailable, InputError } from './errors.js';
import { comment } from './checks/lib/fix.js';
import { outsidePlatform } from './checks/lib/platform-scope.js';
import type { CheckResult } from './report/model.js';

/**
 * Runs every check concurrently; they share facts through the memoized store, so running
 * them together costs no extra calls. A throw becomes `error` with its cause, and never stops
 * another check. Bad input (InputError) aborts the run: the CLI reports it as exit 3.
 */
export async function runChecks(checks: readonly Check[], ctx: CheckContext): Promise<CheckResult[]> {
  return Promise.all(checks.map((check) => runOne(check, ctx)));
}

async function runOne(check: Check, ctx: CheckContext): Promise<CheckResult> {
  const { meta } = check;
  const started = now();
  const base = { id: meta.id, title: meta.title };
  try {
    const outcome = outsidePlatform(meta, ctx.platform ?? 'eks') ?? (await check.run(ctx));
    const failing = outcome.status === 'fail' || outcome.status === 'warn';
    return {
      ...base,
      status: outcome.status,
      message: outcome.message,
      symptom: failing ? symptom(outcome.symptom ?? meta.symptom) : null,
      evidence: outcome.evidence ?? {},
      // Without a run-specific fix the generic advice is shown, as comments: every remediation is a snippet.
      remediation: outcome.remediation ?? comment(meta.remediation),
      durationMs: elapsed(started),
    };
  } catch (err) {
    if (err instanceof InputError) throw err;
    const unavailable = err instanceof FactUnavailable;
    const cause = unavailable ? err.message : `internal error: ${(err as Error)?.message ?? String(err)}`;
    return {
      ...base,
      status: 'error',
      message: `could not evaluate: ${cause}`,
      symptom: null,
      evidence: { cause: unavailable ? err.kind : 'internal' },
      remediation: comment(unavailable ? fixFor(err) : 'Report this as a bug in cart-doctor, with the command that produced it.'),
      durationMs: elapsed(started),
    };
  }
}

function fixFor(err: FactUnavailable): string {
  switch (err.kind) {
    case 'denied':
      return 'Grant the doctor the permission named in the message (`cart-doctor permissions` prints its read-only policy), then run it again.';
    case 'not-recorded':
      return 'Record the missing call in the snapshot (see "Writing a snapshot by hand" in the README), or run against live AWS.';
    case 'no-source':
      return 'Give the doctor the missing input named in the message, then run it again.';
    case 'unusable':
      return 'The answer was not one AWS sends: check AWS_ENDPOINT_URL and any proxy between the doctor and AWS (or the snapshot entry named in the message), then run it again.';
    default:
      return 'Fix what the message names for the doctor, then run it again.';
  }
}

function elapsed(started: number): number {
  return Math.round((now() - started) * 100) / 100;
}

/** Monotonic milliseconds from process.hrtime, which (unlike `performance`) loads no perf_hooks modules at start-up. */
function now(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

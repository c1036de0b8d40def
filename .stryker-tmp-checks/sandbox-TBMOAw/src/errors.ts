/**
 * Errors with a meaning the CLI acts on. Anything else that escapes is a bug, and the CLI
 * still prints one line for it instead of a stack trace.
 */
// @ts-nocheck


/** Bad user input (flags, config, snapshot, manifests, policy documents): exit code 3. */
export class InputError extends Error {
  override name = 'InputError';
  /** `file` names the input, `place` where in it (a path such as `aws[3].output.Table`, or `line 4`). */
  constructor(
    message: string,
    readonly file?: string,
    readonly place?: string,
  ) {
    super(message);
  }

  /** The one line printed on stderr. */
  line(): string {
    const where = [this.file, this.place].filter(Boolean).join(': ');
    return where ? `${where}: ${this.message}` : this.message;
  }
}

/** Why a fact could not be gathered; the runner turns it into an `error` result. */
/** `unreachable`: the endpoint did not take the connection (refused, no DNS): a setup problem, said once. */
/** `unusable`: an answer came, but not one the doctor can read (an HTML page, `{}`, garbage): a failed read, never an empty fact. */
/** `no-api`: the endpoint has no such API at all (HTTP 404 without an AWS error), e.g. an emulator without Pod Identity. */
export type UnavailableKind = 'not-recorded' | 'denied' | 'no-source' | 'timeout' | 'unreachable' | 'failed' | 'unusable' | 'no-api';

/** Network errors that mean "nothing answers there", whichever client saw them. */
export const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** A fact the doctor could not obtain. Checks let it propagate; it never becomes a pass. */
export class FactUnavailable extends Error {
  override name = 'FactUnavailable';
  constructor(
    readonly kind: UnavailableKind,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The peer took the connection and then dropped it (ECONNRESET, "socket hang up"). The AWS
 * SDK names this a TimeoutError, but nothing timed out: it is neither slow nor unreachable.
 */
export function isConnectionReset(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  const said = (x: { code?: unknown; message?: unknown } | undefined) =>
    x?.code === 'ECONNRESET' || (typeof x?.message === 'string' && /socket hang up/i.test(x.message));
  return said(e) || said(e?.cause);
}

/**
 * A live run that waits on a slow endpoint must not look hung: on a terminal, one stderr line,
 * rewritten in place, says how long the run has waited and on which calls. It appears only
 * after a second (fast runs print nothing), is cleared before the report, and never shows
 * when stderr is piped or the output is JSON (the CLI decides that).
 */
// @ts-nocheck

export interface ProgressSource {
  inFlight(): string[];
}

/** The line itself, pure: "waiting 3.2 s on iam:GetRole, eks:DescribeCluster (+2 more)". */
export function progressLine(elapsedMs: number, pending: readonly string[], width: number): string {
  const head = `cart-doctor: waiting ${(elapsedMs / 1000).toFixed(1)} s on `;
  let shown = pending.slice(0, 3).join(', ');
  if (pending.length > 3) shown += ` (+${pending.length - 3} more)`;
  const line = head + shown;
  return line.length <= width - 1 ? line : `${line.slice(0, Math.max(0, width - 2))}…`;
}

export function startProgress(source: ProgressSource, write: (text: string) => void, width: number, now: () => number = Date.now): { stop(): void } {
  const started = now();
  let shown = false;
  const timer = setInterval(() => {
    const pending = source.inFlight();
    const elapsed = now() - started;
    if (elapsed < 1000 || pending.length === 0) return;
    write(`\r\u001b[K${progressLine(elapsed, pending, width)}`);
    shown = true;
  }, 200);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (shown) write('\r\u001b[K');
    },
  };
}

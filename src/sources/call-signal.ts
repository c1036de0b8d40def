/**
 * The abort signal of one live call: aborted at `timeoutMs` or when the run's deadline passes,
 * whichever comes first. Node holds the sources of AbortSignal.timeout and AbortSignal.any only
 * weakly: once collected, such a signal never fires, and a silent server holds the call until the
 * deadline, or for ever (test/live/kube-faults `hang`). This controller and its timer stay
 * referenced until `settle()` is called, when the call is over.
 */
export function callSignal(timeoutMs: number, deadline: AbortSignal | undefined): { signal: AbortSignal; settle(): void } {
  const controller = new AbortController();
  const onDeadline = () => controller.abort();
  const timer = setTimeout(onDeadline, timeoutMs);
  if (deadline?.aborted) onDeadline();
  else deadline?.addEventListener('abort', onDeadline, { once: true });
  return {
    signal: controller.signal,
    settle() {
      clearTimeout(timer);
      deadline?.removeEventListener('abort', onDeadline);
    },
  };
}

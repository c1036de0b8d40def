import type { ClientRequest } from 'node:http';

/** Node publishes every outgoing http(s) request here (the AWS SDK sends through node:http/https). */
const REQUEST_START = 'http.client.request.start';

/**
 * A latch that opens once this process's next HTTP request is on its way: its connection is up
 * (the request is written in that same turn of the event loop), or it failed, or `release()`
 * was called, or `capMs` passed since it started connecting. Loading an SDK client blocks the
 * event loop for tens of ms; started before that, the first request would wait for the load to
 * finish before it could connect. The cap keeps a request that cannot connect (a firewall
 * dropping packets) from holding anything back for its whole timeout.
 */
export function requestOnTheWire(capMs: number): { opened: Promise<void>; release: () => void } {
  // Taken here, not imported: only a live run asks, and every check run holds this module.
  const { subscribe, unsubscribe } = process.getBuiltinModule('node:diagnostics_channel');
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let cap: NodeJS.Timeout | undefined;
  let released = false;
  const onStart = (message: unknown) => {
    const request = (message as { request?: ClientRequest }).request;
    if (!request) return;
    cap ??= setTimeout(release, capMs).unref();
    request.once('socket', (socket) => socket.once('connect', () => setImmediate(release)));
    request.once('finish', release).once('error', release).once('close', release);
  };
  function release(): void {
    if (released) return;
    released = true;
    clearTimeout(cap);
    unsubscribe(REQUEST_START, onStart);
    open();
  }
  subscribe(REQUEST_START, onStart);
  return { opened, release };
}

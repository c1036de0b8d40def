/**
 * The abort signal of one live call (src/sources/call-signal.ts), used by the AWS and the cluster
 * source alike. Node holds the sources of AbortSignal.any weakly: `AbortSignal.any([AbortSignal.timeout(50), deadline])`
 * never fires once a collection has taken the timeout signal (seen on Node 20), which is why the
 * helper keeps its own controller and timer; the last case forces collections to hold it to that.
 */
import { describe, it, expect } from '@jest/globals';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { callSignal } from '../../src/sources/call-signal.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('callSignal', () => {
  it.each([
    ['no deadline', false],
    ['a deadline that has not passed', true],
  ])('aborts at the timeout with %s', async (_case, withDeadline) => {
    const deadline = withDeadline ? new AbortController() : undefined;
    const { signal, settle } = callSignal(30, deadline?.signal);
    expect(signal.aborted).toBe(false);
    await sleep(80);
    expect(signal.aborted).toBe(true);
    settle();
  });

  it('aborts when the deadline passes first', () => {
    const deadline = new AbortController();
    const { signal, settle } = callSignal(60_000, deadline.signal);
    deadline.abort();
    expect(signal.aborted).toBe(true);
    settle();
  });

  it('is aborted at once when the deadline has already passed', () => {
    const deadline = new AbortController();
    deadline.abort();
    const { signal, settle } = callSignal(60_000, deadline.signal);
    expect(signal.aborted).toBe(true);
    settle();
  });

  it('does not abort once the call has settled, and leaves no listener on the deadline', async () => {
    const deadline = new AbortController();
    const { signal, settle } = callSignal(30, deadline.signal);
    settle();
    deadline.abort();
    await sleep(80);
    expect(signal.aborted).toBe(false);
  });

  it('still fires at the timeout after garbage collections', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const deadline = new AbortController();
    let fired = false;
    // Only the listener's closure is kept, as in the SDK's and client-node's request handlers.
    (() => {
      const { signal } = callSignal(50, deadline.signal);
      signal.addEventListener('abort', () => {
        fired = true;
      });
    })();
    await sleep(10);
    gc();
    gc();
    await sleep(150);
    expect(fired).toBe(true);
  });
});

// @ts-nocheck
import { describe, expect, it, jest } from '@jest/globals';
import { progressLine, startProgress } from '../../src/report/progress.js';

describe('progress line', () => {
  it('says how long and on what, three calls at most', () => {
    expect(progressLine(3210, ['iam:GetRole'], 100)).toBe('cart-doctor: waiting 3.2 s on iam:GetRole');
    expect(progressLine(1000, ['a', 'b', 'c', 'd', 'e'], 100)).toBe('cart-doctor: waiting 1.0 s on a, b, c (+2 more)');
  });

  it('never wider than the terminal', () => {
    expect([...progressLine(1000, ['x'.repeat(200)], 40)].length).toBeLessThanOrEqual(39);
  });

  it('shows nothing in the first second, then rewrites one line, and clears it at the end', () => {
    jest.useFakeTimers();
    let now = 0;
    const writes: string[] = [];
    const progress = startProgress(
      { inFlight: () => ['eks:DescribeCluster'] },
      (t) => writes.push(t),
      80,
      () => now,
    );
    now = 800;
    jest.advanceTimersByTime(800);
    expect(writes).toEqual([]);
    now = 1600;
    jest.advanceTimersByTime(800);
    expect(writes.at(-1)).toBe('\r\u001b[Kcart-doctor: waiting 1.6 s on eks:DescribeCluster');
    progress.stop();
    expect(writes.at(-1)).toBe('\r\u001b[K');
    jest.useRealTimers();
  });

  it('a fast run writes nothing at all', () => {
    jest.useFakeTimers();
    const writes: string[] = [];
    startProgress(
      { inFlight: () => [] },
      (t) => writes.push(t),
      80,
      () => 5000,
    ).stop();
    jest.advanceTimersByTime(5000);
    expect(writes).toEqual([]);
    jest.useRealTimers();
  });
});

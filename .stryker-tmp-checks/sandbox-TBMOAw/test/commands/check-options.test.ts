// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { parseDuration } from '../../src/commands/check.js';
import { InputError } from '../../src/errors.js';

describe('--logs-since durations (kubectl --since shapes)', () => {
  it.each([
    ['30s', 30],
    ['15m', 900],
    ['2h', 7200],
    ['1h30m', 5400],
    ['1h0m5s', 3605],
  ])('%s = %d s', (text, seconds) => expect(parseDuration(text, '--logs-since')).toBe(seconds));

  it.each(['', 'soon', '0s', '5', 'm', '1d', '-5m', '1.5h'])('"%s" is bad input naming the flag', (text) => {
    expect(() => parseDuration(text, '--logs-since')).toThrow(InputError);
    expect(() => parseDuration(text, '--logs-since')).toThrow(/30s, 15m, 2h or 1h30m/);
  });
});

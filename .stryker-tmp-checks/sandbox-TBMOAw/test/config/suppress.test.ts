// @ts-nocheck
import { describe, it, expect } from '@jest/globals';
import { applySuppressions, parseSuppressList, type SuppressionMark } from '../../src/config/suppress.js';

const results: { id: string; status: string; suppressed?: SuppressionMark }[] = [
  { id: 'table.billing-mode', status: 'warn' },
  { id: 'region.match', status: 'pass' },
  { id: 'trust.subject', status: 'fail' },
];

describe('applySuppressions', () => {
  const list = parseSuppressList(
    [
      { check: 'table.billing-mode', reason: 'on purpose', expires: '2027-06-30' },
      { check: 'region.match', reason: 'x' },
    ],
    'c.yaml',
  );

  it('applies through the expiry day itself, and not the day after (warning instead)', () => {
    const onTheDay = applySuppressions(results, list, '2027-06-30');
    expect(onTheDay.results[0]!.suppressed).toEqual({ reason: 'on purpose', source: '.cart-doctor.yaml suppress[0]', expires: '2027-06-30' });
    expect(onTheDay.warnings).toEqual([]);
    const after = applySuppressions(results, list, '2027-07-01');
    expect(after.results[0]!.suppressed).toBeUndefined();
    expect(after.warnings).toEqual(['.cart-doctor.yaml suppress[0]: the suppression of table.billing-mode expired on 2027-06-30 and no longer applies']);
  });

  it('leaves passing results and unlisted checks unmarked', () => {
    const { results: marked } = applySuppressions(results, list, '2027-01-01');
    expect(marked.map((r) => !!r.suppressed)).toEqual([true, false, false]);
  });

  it('takes a YAML 1.1 timestamp (a Date) as the same day', () => {
    const [s] = parseSuppressList([{ check: 'table.billing-mode', reason: 'r', expires: new Date(Date.UTC(2027, 5, 30)) }], 'c.yaml');
    expect(s!.expires).toBe('2027-06-30');
  });
});

/**
 * The bundled healthy snapshots are what `cart-doctor snapshot` records on a healthy account
 * (issue #10): every AWS layer has its answer, so every link the doctor judges on EKS passes.
 * Only the K3s checks (not used on EKS) skip, and logs.symptoms when no log was given.
 */
import { describe, expect, it } from '@jest/globals';
import { CHECK_IDS } from '../../src/checks/lib/types.js';
import { fixture, runCheckJson } from '../helpers/cli.js';

const HEALTHY = [
  { name: 'healthy-guide', args: [] },
  { name: 'healthy-retail-store', args: ['--preset', 'retail-store'] },
] as const;

const K3S_ONLY = CHECK_IDS.filter((id) => id.startsWith('local.'));

describe.each(HEALTHY)('$name through the built CLI', ({ name, args }) => {
  it('passes every EKS link, the AWS layers included; only the K3s checks and the unasked log scan skip', () => {
    const { status, report } = runCheckJson(['--snapshot', fixture(name), ...args]);
    const notPassed = report.checks
      .filter((c) => c.status !== 'pass')
      .map((c) => ({ id: c.id, status: c.status, message: c.message }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(notPassed).toEqual(
      [
        ...K3S_ONLY.map((id) => ({ id, status: 'skip', message: 'only on K3s' })),
        { id: 'logs.symptoms', status: 'skip', message: expect.stringContaining('Logs not scanned') },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(status).toBe(0);
  });

  it('with a healthy log, skips nothing but the K3s checks', () => {
    const { status, report } = runCheckJson(['--snapshot', fixture(name), ...args, '--logs-file', 'fixtures/logs/carts-healthy.log']);
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual(K3S_ONLY);
    expect(report.summary).toEqual({ pass: CHECK_IDS.length - K3S_ONLY.length, warn: 0, fail: 0, error: 0, skip: K3S_ONLY.length, suppressed: 0 });
    expect(status).toBe(0);
  });
});

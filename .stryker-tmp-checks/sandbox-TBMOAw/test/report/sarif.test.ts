/** The SARIF renderer's rules that a CLI run does not reach: suppressions, URIs, levels, fingerprints. */
// @ts-nocheck

import { describe, expect, it } from '@jest/globals';
import { CHECKS } from '../../src/checks/registry.js';
import { buildReport } from '../../src/report/model.js';
import { artifactUri, renderSarif } from '../../src/report/sarif.js';
import { runChecks } from '../../src/runner.js';
import type { CheckResult } from '../../src/report/model.js';
import { contextWith } from '../helpers/fake-facts.js';

async function report(change: (results: CheckResult[]) => CheckResult[]) {
  const ctx = contextWith(() => {});
  const results = change(await runChecks(CHECKS, ctx));
  return buildReport({
    version: '0.1.0',
    target: { ...ctx.target, region: 'eu-west-1', cluster: null, roleArn: 'arn:aws:iam::111122223333:role/cart' },
    results,
    failOn: 'fail',
    warnings: [],
  });
}

const set = (id: string, change: Partial<CheckResult> & Record<string, unknown>) => (results: CheckResult[]) =>
  results.map((r) => (r.id === id ? { ...r, ...change } : r));

describe('renderSarif', () => {
  it('makes a result of fail, warn and error only, at the level the README gives', async () => {
    const all = await report((rs) =>
      set('table.exists', { status: 'fail' })(set('trust.subject', { status: 'warn' })(set('policy.actions', { status: 'error' })(rs))),
    );
    const sarif = JSON.parse(renderSarif(all, '/repo'));
    const levels = Object.fromEntries(sarif.runs[0].results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]));
    expect(levels).toEqual({ 'table.exists': 'error', 'trust.subject': 'warning', 'policy.actions': 'note' });
    const table = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'table.exists');
    expect(table.locations[0].logicalLocations[0]).toEqual({
      fullyQualifiedName: `arn:aws:dynamodb:eu-west-1:111122223333:table/${all.target.table}`,
      kind: 'resource',
    });
    expect(sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'trust.subject').locations[0].logicalLocations[0].fullyQualifiedName).toBe(
      'arn:aws:iam::111122223333:role/cart',
    );
    expect(sarif.runs[0].results[0].ruleIndex).toBe(CHECKS.findIndex((c) => c.meta.id === sarif.runs[0].results[0].ruleId));
  });

  it('keeps a suppressed result, marked as an external suppression with its reason', async () => {
    const suppressed = await report(
      set('table.billing-mode', { status: 'warn', suppressed: { reason: 'provisioned on purpose', source: '.cart-doctor.yaml' } }),
    );
    const result = JSON.parse(renderSarif(suppressed, '/repo')).runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'table.billing-mode');
    expect(result.suppressions).toEqual([{ kind: 'external', justification: 'provisioned on purpose' }]);
  });

  it('gives the same fingerprint to the same problem whatever its line', async () => {
    const at = (line: number) => report(set('sa.annotation', { status: 'fail', location: { file: 'k8s/sa.yaml', line, column: 3 } }));
    const print = async (line: number) => JSON.parse(renderSarif(await at(line), '/repo')).runs[0].results[0].partialFingerprints;
    expect(await print(3)).toEqual(await print(30));
  });

  it('writes artifact URIs relative to the run directory, with forward slashes and escapes', () => {
    expect(artifactUri('/repo/deploy/cart app.yaml', '/repo')).toBe('deploy/cart%20app.yaml');
    expect(artifactUri('./deploy/cart.yaml', '/repo')).toBe('deploy/cart.yaml');
    expect(artifactUri('<stdin>', '/repo')).toBe('%3Cstdin%3E');
  });
});

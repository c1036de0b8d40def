/**
 * RuleTester for checks: run one check over named cases built from the healthy fake world,
 * assert the status and that the message/remediation mention what they must.
 */
import { expect, it } from '@jest/globals';
import type { Check, CheckContext, Status } from '../../src/checks/types.js';
import type { SymptomError } from '../../src/checks/symptoms.js';
import { runChecks } from '../../src/runner.js';

export interface CheckCase {
  name: string;
  /** The world of the case; a function when building it per test matters. */
  ctx: CheckContext | (() => CheckContext);
  status: Status;
  /** Substrings the message must contain. */
  message?: string[];
  /** Same as `message` (the IAM tables' word for it). */
  says?: string[];
  /** Substrings the message must not contain. */
  notSays?: string[];
  /** Substrings the remediation must contain. */
  fix?: string[];
  /** Substrings that message, evidence or remediation must contain. */
  mentions?: string[];
  /** Strings that must appear nowhere in the result (secret values). */
  never?: string[];
  /** The Common-failures row, when it is not the check's usual one. */
  symptom?: SymptomError;
}

export function checkCases(check: Check, cases: CheckCase[]): void {
  const names = cases.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new Error(`duplicate case names for ${check.meta.id}`);
  if (!cases.some((c) => c.status === 'pass') || !cases.some((c) => c.status !== 'pass')) throw new Error(`${check.meta.id} needs a pass case and a non-pass case`);
  it.each(cases.map((c) => [c.name, c] as const))(`${check.meta.id}: %s`, async (_name, c) => {
    const [result] = await runChecks([check], typeof c.ctx === 'function' ? c.ctx() : c.ctx);
    const text = `${result!.message}\n${JSON.stringify(result!.evidence)}\n${result!.remediation}`;
    expect({ status: result!.status, message: result!.message }).toEqual({ status: c.status, message: expect.any(String) });
    for (const m of [...(c.message ?? []), ...(c.says ?? [])]) expect(result!.message).toContain(m);
    for (const m of c.notSays ?? []) expect(result!.message).not.toContain(m);
    for (const f of c.fix ?? []) expect(result!.remediation).toContain(f);
    for (const m of c.mentions ?? []) expect(text).toContain(m);
    for (const n of c.never ?? []) expect(JSON.stringify(result)).not.toContain(n);
    if (c.status === 'fail' || c.symptom) expect(result!.symptom?.error).toBe(c.symptom ?? check.meta.symptom);
    if (c.status === 'warn' && result!.symptom) expect(result!.symptom.error).toBe(c.symptom ?? check.meta.symptom);
    if (c.status === 'skip' && !result!.evidence.notApplicable) {
      expect(result!.message).toMatch(/\(see [a-z.-]+\)$/);
      // A skip names a declared dependency (meta.dependsOn), never any string.
      expect(check.meta.dependsOn).toContain(result!.evidence.prerequisite);
    }
  });
}

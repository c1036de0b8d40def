/**
 * RuleTester for checks: run one check over named cases built from the healthy fake world,
 * assert the status and that the message/remediation mention what they must.
 */
import { expect, it } from '@jest/globals';
import type { Check, CheckContext, CheckId, Status } from '../../src/checks/lib/types.js';
import type { SymptomError } from '../../src/checks/lib/symptoms.js';
import { CHECKS } from '../../src/checks/registry.js';
import { runChecks } from '../../src/runner.js';
import { ACCOUNT, REGION, contextWith, unavailable, type FactValues } from './fake-facts.js';
import { dynamoService } from './k3s-world.js';
import type { DeploymentFact, RoleFact, ServiceAccountFact, TableFact } from '../../src/facts/types.js';
import { parsePolicyDocument } from '../../src/iam/document.js';

export interface CheckCase {
  name: string;
  /** The world of the case; a function when building it per test matters. */
  ctx: CheckContext | (() => CheckContext);
  status: Status;
  /**
   * Substrings the message must contain. One name only: `says` (not `message`), because it
   * sits beside `notSays` and reads as what the check says, not as the Outcome field it checks.
   */
  says?: string[];
  /** The whole message, when every word of it matters (names, counts, the order of a list). */
  saysExactly?: string;
  /** What the evidence must hold: a deep partial match (toMatchObject), so extra keys do not break it. */
  evidence?: Record<string, unknown>;
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
  /** The status a dependency must have in this world (prerequisite cases prove their world). */
  dependency?: { id: CheckId; status: Status };
}

async function runOne(check: Check, ctx: CheckContext) {
  const [result] = await runChecks([check], ctx);
  return result!;
}

export function checkCases(check: Check, cases: CheckCase[]): void {
  const names = cases.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new Error(`duplicate case names for ${check.meta.id}`);
  if (!cases.some((c) => c.status === 'pass') || !cases.some((c) => c.status !== 'pass'))
    throw new Error(`${check.meta.id} needs a pass case and a non-pass case`);
  it.each(cases.map((c) => [c.name, c] as const))(`${check.meta.id}: %s`, async (_name, c) => {
    const ctx = typeof c.ctx === 'function' ? c.ctx() : c.ctx;
    const result = await runOne(check, ctx);
    const text = `${result.message}\n${JSON.stringify(result.evidence)}\n${result.remediation}`;
    expect({ status: result.status, message: result.message }).toEqual({ status: c.status, message: expect.any(String) });
    for (const m of c.says ?? []) expect(result.message).toContain(m);
    if (c.saysExactly !== undefined) expect(result.message).toBe(c.saysExactly);
    if (c.evidence) expect(result.evidence).toMatchObject(c.evidence);
    for (const m of c.notSays ?? []) expect(result.message).not.toContain(m);
    for (const f of c.fix ?? []) expect(result.remediation).toContain(f);
    for (const m of c.mentions ?? []) expect(text).toContain(m);
    for (const n of c.never ?? []) expect(JSON.stringify(result)).not.toContain(n);
    if (c.status === 'fail' || c.symptom) expect(result.symptom?.error).toBe(c.symptom ?? check.meta.symptom);
    if (c.status === 'warn' && result.symptom) expect(result.symptom.error).toBe(c.symptom ?? check.meta.symptom);
    if (c.status === 'skip' && !result.evidence.notApplicable) {
      expect(result.message).toMatch(/\(see [a-z.-]+\)$/);
      // A skip names a declared dependency (meta.dependsOn), never any string.
      expect(check.meta.dependsOn).toContain(result.evidence.prerequisite);
    }
    if (c.dependency) {
      const dependency = CHECKS.find((d) => d.meta.id === c.dependency!.id)!;
      const ctxAgain = typeof c.ctx === 'function' ? c.ctx() : ctx;
      expect({ [c.dependency.id]: (await runOne(dependency, ctxAgain)).status }).toEqual({ [c.dependency.id]: c.dependency.status });
    }
  });
}

const role = (v: FactValues) => v.role as RoleFact;
const sa = (v: FactValues) => v.serviceAccount as ServiceAccountFact;

interface World {
  name: string;
  change: (v: FactValues) => void;
  /** What every dependent's message says in this world. */
  says?: string[];
}

/**
 * Worlds in which a check fails for a reason that leaves its dependents nothing to judge: each
 * dependent must then `skip` naming it ("skipped when X fails" in the docs). Only checks that
 * something depends on are listed.
 */
const FAILING: Partial<Record<CheckId, World[]>> = {
  'deployment.service-account': [{ name: 'Deployment not found', change: (v) => ((v.deployment as DeploymentFact).found = false) }],
  'sa.exists': [{ name: 'ServiceAccount not found', change: (v) => (sa(v).found = false) }],
  'sa.annotation': [
    // The store names no role when the annotation is absent or not an ARN (and no --role).
    { name: 'no role-arn annotation, so no role named', change: (v) => ((sa(v).annotations = {}), (v.roleRef = undefined)) },
    {
      name: 'the role-arn annotation is not a role ARN',
      change: (v) => ((sa(v).annotations['eks.amazonaws.com/role-arn'] = '${role_arn}'), (v.roleRef = undefined)),
    },
    { name: 'the named role does not exist', change: (v) => (role(v).found = false), says: ['cart-dynamodb-role does not exist'] },
  ],
  'local.endpoint': [
    { name: 'the endpoint names a Service that does not exist', change: (v) => (v.services!['carts/carts-dynamodb'] = { ...dynamoService(), found: false }) },
  ],
  'table.exists': [{ name: 'table not found in the app region', change: (v) => (v.tables[REGION] = { ...(v.tables[REGION] as TableFact), found: false }) }],
  'trust.principal': [
    {
      name: 'no trust statement for the OIDC provider (Principal.AWS)',
      change: (v) =>
        (role(v).trust = parsePolicyDocument(
          { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] },
          'trust policy of cart-dynamodb-role',
        )),
    },
  ],
};

/** A fact each dependency needs, unreadable: the dependency and its dependents say `error`, never pass or skip. */
const UNREADABLE: Partial<Record<CheckId, World>> = {
  'deployment.service-account': {
    name: 'the Deployment cannot be read',
    change: (v) => (v.deployment = unavailable('get deployments')),
    says: ['get deployments'],
  },
  'sa.exists': {
    name: 'the ServiceAccount cannot be read',
    change: (v) => (v.serviceAccount = unavailable('get serviceaccounts')),
    says: ['get serviceaccounts'],
  },
  'sa.annotation': { name: 'iam:GetRole denied to the doctor', change: (v) => (v.role = unavailable('iam:GetRole')), says: ['iam:GetRole'] },
  'local.endpoint': {
    name: 'the Service cannot be read',
    change: (v) => (v.services!['carts/carts-dynamodb'] = unavailable('get services')),
    says: ['get services'],
  },
  'table.exists': {
    name: 'dynamodb:DescribeTable denied to the doctor',
    change: (v) => (v.tables[REGION] = unavailable('dynamodb:DescribeTable')),
    says: ['dynamodb:DescribeTable'],
  },
  'trust.principal': {
    name: 'eks:DescribeCluster denied to the doctor',
    change: (v) => (v.cluster = unavailable('eks:DescribeCluster')),
    says: ['eks:DescribeCluster'],
  },
};

/**
 * The cases every check repeats for its prerequisites, derived from `meta.dependsOn`: for each
 * dependency, each world where it fails makes this check skip naming it, and its unreadable
 * fact makes this check error. Each case also runs the dependency to prove the world is what
 * its name says. `except` names worlds this check legitimately judges anyway (say why at the call).
 */
export function prerequisiteCases(check: Check, options: { except?: string[]; world?: (change: (v: FactValues) => void) => CheckContext } = {}): CheckCase[] {
  const world = options.world ?? ((change: (v: FactValues) => void) => contextWith(change));
  const cases: CheckCase[] = [];
  for (const id of check.meta.dependsOn) {
    const failing = FAILING[id];
    const unreadable = UNREADABLE[id];
    if (!failing || !unreadable) throw new Error(`prerequisiteCases: no failing world for ${id}; add one`);
    for (const w of failing)
      cases.push({
        name: `${id} fails: ${w.name}`,
        ctx: () => world(w.change),
        status: 'skip',
        says: [`(see ${id})`, ...(w.says ?? [])],
        dependency: { id, status: 'fail' },
      });
    cases.push({
      name: `${id} errors: ${unreadable.name}`,
      ctx: () => world(unreadable.change),
      status: 'error',
      says: unreadable.says,
      dependency: { id, status: 'error' },
    });
  }
  const except = options.except ?? [];
  for (const name of except) if (!cases.some((c) => c.name === name)) throw new Error(`prerequisiteCases(${check.meta.id}): no case "${name}" to leave out`);
  return cases.filter((c) => !except.includes(c.name));
}

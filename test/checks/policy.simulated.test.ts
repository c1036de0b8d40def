import { describe, expect, it } from '@jest/globals';
import check from '../../src/checks/policy.simulated.js';
import { FactUnavailable } from '../../src/errors.js';
import type { RoleFact, SimulatedDecision, SimulationFact, SimulationRequest, TableFact } from '../../src/facts/types.js';
import { checkCases, prerequisiteCases, type CheckCase } from '../helpers/check-cases.js';
import { ROLE_ARN, contextWith, tableNotFound, type FactValues } from '../helpers/fake-facts.js';
import {
  ACCOUNT,
  BOUNDARY_ARN,
  GUIDE_ACTIONS,
  INDEX_ARN,
  ITEM_ACTIONS,
  POLICY_ARN,
  TABLE_ARN,
  documentOf,
  grant,
  managed,
  run,
  withPolicies,
} from './iam-fixtures.js';

const POLICY_ID = 'cart-dynamodb-policy (user-managed)';

/** AWS's answer: every guide call allowed, then `change` per action. */
function simulated(change: Record<string, Partial<SimulatedDecision>> = {}, resource = TABLE_ARN, actions = GUIDE_ACTIONS): SimulationFact {
  return {
    results: actions.map((action) => ({ action, resource, decision: 'allowed', matched: [POLICY_ID], missingContext: [], ...change[action] })),
  };
}
const withSimulation = (sim: FactValues['simulation'], extra: (v: FactValues) => void = () => {}) =>
  contextWith((v) => {
    v.simulation = sim;
    extra(v);
  });
const denyDelete = { effect: 'Deny' as const, sid: 'NoDeletes', action: ['dynamodb:DeleteItem'], resource: [TABLE_ARN] };

const cases: CheckCase[] = [
  {
    name: 'AWS and cart-doctor both allow every call: pass naming both',
    ctx: withSimulation(simulated()),
    status: 'pass',
    says: ['agrees with cart-doctor on all 6 calls: 6 allowed, 0 denied', `AWS matched ${POLICY_ID}`, `cart-doctor: allowed by ${POLICY_ARN}`],
  },
  {
    name: 'both deny on an explicit Deny: pass, the denial is policy.actions’ to report',
    ctx: () =>
      withPolicies(managed(grant(GUIDE_ACTIONS, [TABLE_ARN]), denyDelete), {
        change: (v) => (v.simulation = simulated({ 'dynamodb:DeleteItem': { decision: 'explicitDeny' } })),
      }),
    status: 'pass',
    says: [
      '5 allowed, 1 denied',
      "Denied by the role's IAM policies alone, on both sides (the simulator is not given the table's resource policy; policy.actions judges this call with it and reports the cause)",
      'AWS: explicitDeny',
      'explicit Deny in',
      'Sid NoDeletes',
    ],
  },
  {
    name: 'NotAction leaves Scan ungranted; AWS agrees (implicitDeny)',
    ctx: () =>
      withPolicies(managed({ effect: 'Allow', notAction: ['dynamodb:Scan'], resource: [TABLE_ARN] }), {
        change: (v) => (v.simulation = simulated({ 'dynamodb:Scan': { decision: 'implicitDeny', matched: [] } })),
      }),
    status: 'pass',
    says: ['5 allowed, 1 denied', 'dynamodb:Scan', 'AWS: implicitDeny (no statement matched)', 'no statement allows it'],
  },
  {
    name: 'NotResource excludes the table; AWS says allowed: they disagree',
    ctx: () =>
      withPolicies(managed({ effect: 'Allow', action: GUIDE_ACTIONS, notResource: [TABLE_ARN] }), {
        change: (v) => (v.simulation = simulated()),
      }),
    status: 'warn',
    says: ['disagree on 6 of the 6 calls', 'AWS: allowed', 'cart-doctor: denied, no statement allows it'],
    fix: ['aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:role/cart-dynamodb-role'],
  },
  {
    name: 'an SCP denies what the identity policies allow: warn showing both lines and pointing at org.guardrails',
    ctx: withSimulation(simulated({ 'dynamodb:DeleteItem': { decision: 'implicitDeny', allowedByOrganizations: false } })),
    status: 'warn',
    says: ['disagree on 1 of the 6 calls', 'dynamodb:DeleteItem', 'AWS: implicitDeny', 'org.guardrails', `cart-doctor: allowed by ${POLICY_ARN}`],
  },
  {
    name: 'a condition cart-doctor cannot decide: warn with AWS’s answer and its missing context values',
    ctx: () =>
      withPolicies(
        managed(
          grant(GUIDE_ACTIONS, [TABLE_ARN], { sid: 'OwnItems', condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:userid}'] } } }),
        ),
        {
          change: (v) =>
            (v.simulation = simulated(
              Object.fromEntries(GUIDE_ACTIONS.map((a) => [a, { decision: 'implicitDeny', matched: [], missingContext: ['dynamodb:LeadingKeys'] }])),
            )),
        },
      ),
    status: 'warn',
    says: ['No agreement on 6 of the 6 calls', 'missing context values dynamodb:LeadingKeys', 'cart-doctor: undecided', 'dynamodb:LeadingKeys'],
  },
  {
    name: 'the answer lacks a call: warn naming it, never a pass',
    ctx: withSimulation(simulated({}, TABLE_ARN, GUIDE_ACTIONS.slice(0, 5))),
    status: 'warn',
    says: ['dynamodb:Scan', 'AWS: no result for this call'],
  },
  {
    name: 'retail-store: the index ARN is judged on its own',
    ctx: () =>
      withPolicies(managed(grant(ITEM_ACTIONS, [TABLE_ARN]), grant(['dynamodb:Query'], [`${TABLE_ARN}/index/*`])), {
        preset: 'retail-store',
        change: (v) =>
          (v.simulation = {
            results: [
              ...simulated({}, TABLE_ARN, ITEM_ACTIONS).results,
              { action: 'dynamodb:Query', resource: INDEX_ARN, decision: 'implicitDeny', matched: [], missingContext: [] },
            ],
          }),
      }),
    status: 'warn',
    says: [`dynamodb:Query on ${INDEX_ARN}: AWS: implicitDeny`],
  },
  {
    name: 'cross-account table, both allow: pass (the simulator cannot judge the table’s own policy)',
    ctx: () => {
      const other = TABLE_ARN.replace(ACCOUNT, '444455556666');
      return withPolicies(managed(grant(GUIDE_ACTIONS, [other])), {
        change: (v) => {
          v.tableArn = other;
          v.simulation = simulated({}, other);
          // DescribeTable returned the table at that ARN.
          for (const [region, table] of Object.entries(v.tables)) v.tables[region] = { ...(table as TableFact), arn: other };
        },
      });
    },
    status: 'pass',
    says: ['all 6 calls'],
  },
  {
    name: 'the table was not found: agreeing on the ARN it would have is a warn naming table.exists, never a pass',
    ctx: withSimulation(simulated(), (v) => tableNotFound(v)),
    status: 'warn',
    says: ['agrees with cart-doctor on all 6 calls', `judged on ${TABLE_ARN}, the ARN table Items would have`, 'see table.exists'],
  },
  {
    name: 'not in this snapshot: skip asking to record again',
    ctx: withSimulation(undefined),
    status: 'skip',
    says: ['not in this snapshot', 'record it again'],
  },
  {
    name: 'the doctor may not call the simulator: warn naming iam:SimulatePrincipalPolicy',
    ctx: withSimulation(new FactUnavailable('denied', 'the doctor itself was denied iam:SimulatePrincipalPolicy (AccessDenied)')),
    status: 'warn',
    says: ['iam:SimulatePrincipalPolicy was denied'],
  },
  {
    name: 'an endpoint without the simulator (moto: HTTP 500 with an HTML page): skip saying so, never a pass',
    ctx: withSimulation(
      new FactUnavailable('unusable', 'iam:SimulatePrincipalPolicy answered HTTP 500 with a body that is not an AWS answer (Error) — the answer is unusable'),
    ),
    status: 'skip',
    says: ['no usable answer', 'HTTP 500', 'no second opinion'],
  },
  {
    name: 'a timeout stays an error',
    ctx: withSimulation(new FactUnavailable('timeout', 'iam:SimulatePrincipalPolicy did not answer within 10000 ms (--timeout)')),
    status: 'error',
    says: ['did not answer'],
  },
  {
    name: 'the role ARN is unknown: skip, the simulator needs it',
    ctx: withSimulation(simulated(), (v) => {
      v.roleRef = { name: 'cart-dynamodb-role', partition: 'aws', from: 'flag' };
      v.role = { ...(v.role as RoleFact), arn: undefined, ref: v.roleRef };
    }),
    status: 'skip',
    says: ["role's ARN is unknown"],
  },
  // Mutation testing (issue 14): whole messages with both reasoning lines, the matrix evidence, the rerun command.
  {
    name: 'both allow: the whole message, the matrix and the rerun command with the context entries',
    ctx: withSimulation(simulated({ 'dynamodb:Scan': { matched: [POLICY_ID, 'inline-extra'] } })),
    status: 'pass',
    saysExactly:
      `AWS's policy simulator agrees with cart-doctor on all 6 calls: 6 allowed, 0 denied. Allowed (${GUIDE_ACTIONS.join(', ')}): ` +
      `AWS matched ${POLICY_ID}, inline-extra; cart-doctor: allowed by ${POLICY_ARN} (statement #1).`,
    evidence: {
      matrix: expect.arrayContaining([
        {
          action: 'dynamodb:GetItem',
          resource: TABLE_ARN,
          aws: 'allowed',
          cartDoctor: 'allow',
          agreement: 'agree',
          awsReason: `AWS: allowed (matched ${POLICY_ID})`,
          cartDoctorReason: `cart-doctor: allowed by ${POLICY_ARN} (statement #1)`,
        },
      ]),
    },
  },
  {
    name: 'AWS allows with no statement matched: said so',
    ctx: withSimulation(simulated(Object.fromEntries(GUIDE_ACTIONS.map((a) => [a, { matched: [] }])))),
    status: 'pass',
    says: [': AWS matched no statement; cart-doctor: allowed by'],
  },
  {
    name: 'both deny two calls: "these calls", each with both lines',
    ctx: () =>
      withPolicies(managed(grant(ITEM_ACTIONS, [TABLE_ARN])), {
        change: (v) =>
          (v.simulation = simulated({
            'dynamodb:Query': { decision: 'implicitDeny', matched: [] },
            'dynamodb:Scan': { decision: 'implicitDeny', matched: [], missingContext: ['aws:SourceIp', 'aws:SourceVpce'] },
          })),
      }),
    status: 'pass',
    saysExactly:
      `AWS's policy simulator agrees with cart-doctor on all 6 calls: 4 allowed, 2 denied. Allowed (${ITEM_ACTIONS.join(', ')}): AWS matched ${POLICY_ID}; ` +
      `cart-doctor: allowed by ${POLICY_ARN} (statement #1). Denied by the role's IAM policies alone, on both sides (the simulator is not given the table's resource policy; ` +
      `policy.actions judges these calls with it and reports the cause): ` +
      `dynamodb:Query on ${TABLE_ARN}: AWS: implicitDeny (no statement matched) / cart-doctor: denied, no statement allows it; ` +
      `dynamodb:Scan on ${TABLE_ARN}: AWS: implicitDeny (no statement matched; missing context values aws:SourceIp, aws:SourceVpce) / cart-doctor: denied, no statement allows it.`,
  },
  {
    name: 'a boundary both sides see: AWS says the boundary does not allow it, cart-doctor names the boundary',
    ctx: () =>
      withPolicies(managed(grant(GUIDE_ACTIONS, [TABLE_ARN])), {
        boundary: documentOf(BOUNDARY_ARN, grant(ITEM_ACTIONS.concat('dynamodb:Query'), ['*'])),
        change: (v) => (v.simulation = simulated({ 'dynamodb:Scan': { decision: 'implicitDeny', allowedByBoundary: false } })),
      }),
    status: 'pass',
    says: [
      `policy.actions judges this call with it and reports the cause): dynamodb:Scan on ${TABLE_ARN}: AWS: implicitDeny (matched ${POLICY_ID}; the permissions boundary does not allow it) / ` +
        `cart-doctor: denied, the permissions boundary ${BOUNDARY_ARN} does not allow it.`,
    ],
  },
  {
    name: 'they disagree on one call: the whole message and the rerun command',
    ctx: withSimulation(simulated({ 'dynamodb:DeleteItem': { decision: 'implicitDeny', matched: [], allowedByOrganizations: false } })),
    status: 'warn',
    saysExactly:
      `AWS's policy simulator and cart-doctor disagree on 1 of the 6 calls: dynamodb:DeleteItem on ${TABLE_ARN}: ` +
      `AWS: implicitDeny (no statement matched; an organization SCP does not allow it (see org.guardrails)) / cart-doctor: allowed by ${POLICY_ARN} (statement #1).`,
    evidence: {
      matrix: expect.arrayContaining([
        expect.objectContaining({ action: 'dynamodb:DeleteItem', aws: 'implicitDeny', cartDoctor: 'allow', agreement: 'disagree' }),
      ]),
    },
    fix: [
      "# AWS's answer, to compare by hand (read-only):\n" +
        `aws iam simulate-principal-policy --policy-source-arn ${ROLE_ARN} --action-names ${GUIDE_ACTIONS.join(' ')} --resource-arns ${TABLE_ARN} --context-entries ` +
        'ContextKeyName=aws:RequestedRegion,ContextKeyValues=ap-south-1,ContextKeyType=string ContextKeyName=aws:SecureTransport,ContextKeyValues=true,ContextKeyType=boolean ' +
        `ContextKeyName=aws:PrincipalArn,ContextKeyValues=${ROLE_ARN},ContextKeyType=string ContextKeyName=aws:PrincipalAccount,ContextKeyValues=${ACCOUNT},ContextKeyType=string`,
    ],
  },
  {
    name: 'AWS denies what cart-doctor cannot decide: undecided, never a disagreement, both conditions named',
    ctx: () =>
      withPolicies(
        managed(
          grant(ITEM_ACTIONS.concat('dynamodb:Query'), [TABLE_ARN]),
          grant(['dynamodb:Scan'], [TABLE_ARN], {
            condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] }, StringEquals: { 'aws:SourceVpce': ['vpce-1'] } },
          }),
        ),
        { change: (v) => (v.simulation = simulated({ 'dynamodb:Scan': { decision: 'implicitDeny', matched: [] } })) },
      ),
    status: 'warn',
    saysExactly:
      `No agreement on 1 of the 6 calls: dynamodb:Scan on ${TABLE_ARN}: AWS: implicitDeny (no statement matched) / ` +
      `cart-doctor: undecided, allowed only if IpAddress aws:SourceIp ["10.0.0.0/8"]; StringEquals aws:SourceVpce ["vpce-1"].`,
    evidence: {
      matrix: expect.arrayContaining([
        expect.objectContaining({ action: 'dynamodb:Scan', aws: 'implicitDeny', cartDoctor: 'unknown', agreement: 'undecided' }),
      ]),
    },
  },
  {
    name: 'the answer lacks a call: the matrix says AWS gave nothing for it',
    ctx: withSimulation(simulated({}, TABLE_ARN, GUIDE_ACTIONS.slice(0, 5))),
    status: 'warn',
    saysExactly: `No agreement on 1 of the 6 calls: dynamodb:Scan on ${TABLE_ARN}: AWS: no result for this call in its answer / cart-doctor: allowed by ${POLICY_ARN} (statement #1).`,
    evidence: { matrix: expect.arrayContaining([expect.objectContaining({ action: 'dynamodb:Scan', aws: null, agreement: 'unanswered' })]) },
  },
  {
    name: 'AWS answers in another case: the same call, matched',
    ctx: withSimulation({ results: simulated().results.map((r) => ({ ...r, action: r.action.toLowerCase() })) }),
    status: 'pass',
  },
  {
    name: 'an endpoint with no simulator API: skip saying why, with the layer and detail as evidence',
    ctx: withSimulation(new FactUnavailable('no-api', 'iam:SimulatePrincipalPolicy is not offered by this endpoint (HTTP 404)')),
    status: 'skip',
    saysExactly:
      "AWS's policy simulator (iam:SimulatePrincipalPolicy on the Cart role) gave no usable answer (iam:SimulatePrincipalPolicy is not offered by this endpoint (HTTP 404)): " +
      "no second opinion in this run; policy.actions' verdict stands alone",
    evidence: {
      layer: "AWS's policy simulator (iam:SimulatePrincipalPolicy on the Cart role)",
      detail: 'iam:SimulatePrincipalPolicy is not offered by this endpoint (HTTP 404)',
    },
  },
  {
    name: 'two statements allow the calls, AWS matched two policies: both named on each side',
    ctx: () =>
      withPolicies(managed(grant(ITEM_ACTIONS, [TABLE_ARN]), grant(['dynamodb:Query', 'dynamodb:Scan'], [TABLE_ARN])), {
        change: (v) => (v.simulation = simulated({ 'dynamodb:Scan': { matched: [POLICY_ID, 'inline-extra'] } })),
      }),
    status: 'pass',
    says: [`AWS matched ${POLICY_ID}, inline-extra; cart-doctor: allowed by ${POLICY_ARN} (statement #1), ${POLICY_ARN} (statement #2).`],
    evidence: {
      matrix: expect.arrayContaining([expect.objectContaining({ action: 'dynamodb:Scan', awsReason: `AWS: allowed (matched ${POLICY_ID}, inline-extra)` })]),
    },
  },
  {
    name: 'both deny every call: "0 allowed", nothing said about allowed calls',
    ctx: () =>
      withPolicies([], {
        change: (v) => (v.simulation = simulated(Object.fromEntries(GUIDE_ACTIONS.map((a) => [a, { decision: 'implicitDeny', matched: [] }])))),
      }),
    status: 'pass',
    says: [
      "AWS's policy simulator agrees with cart-doctor on all 6 calls: 0 allowed, 6 denied. Denied by the role's IAM policies alone",
      'policy.actions judges these calls with it',
    ],
    notSays: ['Allowed ('],
  },
  {
    name: 'they disagree on two calls, one allowed by two statements: both calls named, each line whole',
    ctx: () =>
      withPolicies(managed(grant(GUIDE_ACTIONS, [TABLE_ARN]), grant(['dynamodb:DeleteItem'], [TABLE_ARN])), {
        change: (v) =>
          (v.simulation = simulated({
            'dynamodb:DeleteItem': { decision: 'implicitDeny', matched: [] },
            'dynamodb:Scan': { decision: 'explicitDeny', matched: ['scp'] },
          })),
      }),
    status: 'warn',
    saysExactly:
      `AWS's policy simulator and cart-doctor disagree on 2 of the 6 calls: ` +
      `dynamodb:DeleteItem on ${TABLE_ARN}: AWS: implicitDeny (no statement matched) / cart-doctor: allowed by ${POLICY_ARN} (statement #1), ${POLICY_ARN} (statement #2); ` +
      `dynamodb:Scan on ${TABLE_ARN}: AWS: explicitDeny (matched scp) / cart-doctor: allowed by ${POLICY_ARN} (statement #1).`,
  },
  {
    name: 'the answer lacks two calls: both named',
    ctx: withSimulation(simulated({}, TABLE_ARN, GUIDE_ACTIONS.slice(0, 4))),
    status: 'warn',
    says: [
      `No agreement on 2 of the 6 calls: dynamodb:Query on ${TABLE_ARN}: AWS: no result for this call in its answer / cart-doctor: allowed by ${POLICY_ARN} (statement #1); dynamodb:Scan on`,
    ],
  },
  {
    name: "AWS's answer for the same action on another ARN is not taken for the table's",
    ctx: withSimulation({
      results: [{ action: 'dynamodb:Scan', resource: INDEX_ARN, decision: 'implicitDeny', matched: [], missingContext: [] }, ...simulated().results],
    }),
    status: 'pass',
    says: ['all 6 calls: 6 allowed, 0 denied'],
  },
  {
    name: 'retail-store, the index call unanswered: the rerun command names both ARNs',
    ctx: () =>
      withPolicies(managed(grant(ITEM_ACTIONS, [TABLE_ARN]), grant(['dynamodb:Query'], [`${TABLE_ARN}/index/*`])), {
        preset: 'retail-store',
        change: (v) => (v.simulation = simulated({}, TABLE_ARN, ITEM_ACTIONS)),
      }),
    status: 'warn',
    fix: [`--action-names ${[...ITEM_ACTIONS, 'dynamodb:Query'].join(' ')} --resource-arns ${TABLE_ARN} ${INDEX_ARN} --context-entries`],
  },
  ...prerequisiteCases(check),
];

describe('policy.simulated', () => {
  checkCases(check, cases);

  it('gives the simulator only the context values it knows (no account without one in the role reference)', async () => {
    const requests: SimulationRequest[] = [];
    const ctx = contextWith((v) => {
      v.roleRef = { name: 'cart-dynamodb-role', arn: 'arn:aws:iam::111122223333:role/cart-dynamodb-role', partition: 'aws', from: 'flag' };
      v.simulation = simulated();
    });
    ctx.facts.simulation = async (request) => (requests.push(request), simulated());
    const result = await run(check, ctx);
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests)
      expect(r.context).toEqual([
        { key: 'aws:RequestedRegion', type: 'string', value: 'ap-south-1' },
        { key: 'aws:SecureTransport', type: 'boolean', value: 'true' },
        { key: 'aws:PrincipalArn', type: 'string', value: 'arn:aws:iam::111122223333:role/cart-dynamodb-role' },
      ]);
    expect(result.remediation).not.toContain('aws:PrincipalAccount');
  });

  it('asks AWS about exactly the calls policy.actions judges, with the context it knows', async () => {
    const requests: SimulationRequest[] = [];
    const ctx = contextWith((v) => (v.simulation = simulated()), 'retail-store');
    ctx.facts.simulation = async (request) => (requests.push(request), simulated());
    await run(check, ctx);
    // Asked early (beside the policy reads) and again by the check: the same request, one call in the memoized store.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.slice(1).every((r) => JSON.stringify(r) === JSON.stringify(requests[0]))).toBe(true);
    expect(requests.slice(0, 1)).toEqual([
      {
        roleArn: 'arn:aws:iam::111122223333:role/cart-dynamodb-role',
        actions: [...ITEM_ACTIONS, 'dynamodb:Query'],
        resources: [TABLE_ARN, INDEX_ARN],
        context: [
          { key: 'aws:RequestedRegion', type: 'string', value: 'ap-south-1' },
          { key: 'aws:SecureTransport', type: 'boolean', value: 'true' },
          { key: 'aws:PrincipalArn', type: 'string', value: 'arn:aws:iam::111122223333:role/cart-dynamodb-role' },
          { key: 'aws:PrincipalAccount', type: 'string', value: ACCOUNT },
        ],
      },
    ]);
  });
});

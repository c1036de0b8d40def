/**
 * AWS's own evaluator as a second opinion on policy.actions: iam:SimulatePrincipalPolicy on the
 * Cart role for the same calls (action × exact table/index ARN), with the request-context
 * values the doctor knows. Both verdicts are shown side by side.
 *
 * Agreeing on a denial is a pass: this check's job is the second opinion, and policy.actions
 * already fails for the cause, so failing here too would count one cause twice.
 */
import { FactUnavailable } from '../errors.js';
import type { SimulatedDecision, SimulationRequest } from '../facts/types.js';
import type { Decision, RequestContext } from '../iam/types.js';
import { comment, snippet } from './lib/fix.js';
import { readLayer } from './lib/layer.js';
import {
  denialReason,
  identityDecision,
  policySetup,
  refName,
  requestContext,
  startEarly,
  unlessTableUnseen,
  type NeededPermission,
} from './lib/policy-analysis.js';
import { defineCheck, notApplicable, pass, warn, type Outcome } from './lib/types.js';

/** Context keys the doctor knows for the pod's calls, with the simulator's type for each. */
const KNOWN_KEYS: [string, 'string' | 'boolean'][] = [
  ['aws:RequestedRegion', 'string'],
  ['aws:SecureTransport', 'boolean'],
  ['aws:PrincipalArn', 'string'],
  ['aws:PrincipalAccount', 'string'],
];

/** The same context policy.actions judges with, as the simulator's ContextEntries. */
function contextEntries(context: RequestContext): SimulationRequest['context'] {
  return KNOWN_KEYS.flatMap(([key, type]) => {
    const v = context(key);
    return v.kind === 'value' && v.values.length === 1 ? [{ key, type, value: v.values[0]! }] : [];
  });
}

function simulationRequest(roleArn: string, needed: NeededPermission[], context: RequestContext): SimulationRequest {
  return {
    roleArn,
    actions: [...new Set(needed.map((n) => n.action))],
    resources: [...new Set(needed.map((n) => n.resource))],
    context: contextEntries(context),
  };
}

const READ = { what: "AWS's policy simulator (iam:SimulatePrincipalPolicy on the Cart role)", permission: 'iam:SimulatePrincipalPolicy' };

type Agreement = 'agree' | 'disagree' | 'undecided' | 'unanswered';

interface Cell extends NeededPermission {
  ours: Decision;
  aws?: SimulatedDecision;
  agreement: Agreement;
}

function agreement(ours: Decision, aws: SimulatedDecision | undefined): Agreement {
  if (!aws) return 'unanswered';
  if (ours.result === 'unknown') return 'undecided';
  const awsAllows = aws.decision === 'allowed';
  return awsAllows === (ours.result === 'allow') ? 'agree' : 'disagree';
}

function awsLine(r: SimulatedDecision | undefined): string {
  if (!r) return 'AWS: no result for this call in its answer';
  const parts = [
    r.matched.length ? `matched ${r.matched.join(', ')}` : 'no statement matched',
    ...(r.missingContext.length ? [`missing context values ${r.missingContext.join(', ')}`] : []),
    ...(r.allowedByOrganizations === false ? ['an organization SCP does not allow it (see org.guardrails)'] : []),
    ...(r.allowedByBoundary === false ? ['the permissions boundary does not allow it'] : []),
  ];
  return `AWS: ${r.decision} (${parts.join('; ')})`;
}

function oursLine(d: Decision, boundaryName: string | undefined): string {
  if (d.result === 'allow') return `cart-doctor: allowed by ${d.allowedBy.map(refName).join(', ')}`;
  if (d.result === 'deny') return `cart-doctor: denied, ${denialReason(d, boundaryName)}`;
  return `cart-doctor: undecided, allowed only if ${d.unknownConditions.map((u) => `${u.operator} ${u.key} ${JSON.stringify(u.values)}`).join('; ')}`;
}

const describeCell = (c: Cell, boundaryName: string | undefined) => `${c.action} on ${c.resource}: ${awsLine(c.aws)} / ${oursLine(c.ours, boundaryName)}`;

/** The simulator is an optional second opinion: an endpoint without it (an emulator's 404 or HTML 500) leaves policy.actions' verdict standing. */
async function readSimulation<T>(load: () => Promise<T>): Promise<{ value: T } | { outcome: Outcome }> {
  try {
    return await readLayer(load, READ);
  } catch (err) {
    if (err instanceof FactUnavailable && (err.kind === 'no-api' || err.kind === 'unusable')) {
      return {
        outcome: notApplicable(`${READ.what} gave no usable answer (${err.message}): no second opinion in this run; policy.actions' verdict stands alone`, {
          layer: READ.what,
          detail: err.message,
        }),
      };
    }
    throw err;
  }
}

export default defineCheck({
  meta: {
    id: 'policy.simulated',
    dependsOn: ['sa.annotation'],
    title: "AWS's own policy simulator agrees with cart-doctor's verdict on the role's policies",
    symptom: 'AccessDeniedException',
    docs:
      "A second opinion on policy.actions from AWS's IAM policy simulator (iam:SimulatePrincipalPolicy on the role's ARN, for " +
      'each action the app calls on the exact table and index ARNs, with the context values the doctor knows: ' +
      'aws:RequestedRegion, aws:SecureTransport, aws:PrincipalArn, aws:PrincipalAccount). Both verdicts are shown side by ' +
      'side. Agreement passes, also on a denial (policy.actions already fails for it; this check would only repeat the ' +
      "cause). Disagreement warns with both reasoning lines: AWS's matched statements, missing context values and " +
      "organization/boundary details beside cart-doctor's Allow/Deny statements; a condition cart-doctor cannot decide " +
      'warns with what AWS said. The simulator does not evaluate resource-based policies for roles, VPC endpoint ' +
      'policies, or SCPs with global conditions, and reports missing context values instead of guessing them. Skipped ' +
      'when not recorded or when the endpoint offers no simulator (moto); warns when the doctor may not call it.',
    remediation:
      'When they disagree, read both reasoning lines: supply the missing context values to `aws iam simulate-principal-policy` ' +
      '(`--context-entries`), or check the statements each side names.',
  },
  async run(ctx) {
    startEarly(ctx, (e) => ctx.facts.simulation(simulationRequest(e.roleArn, e.needed, requestContext(e.tableArn, e.roleArn, e.account))));
    const s = await policySetup(ctx);
    if ('status' in s) return s;
    if (!s.roleArn) {
      return notApplicable(`the role's ARN is unknown in this run (no ARN annotation, no --role ARN), and the simulator needs it`);
    }
    const request = simulationRequest(s.roleArn, s.needed, s.context);
    const read = await readSimulation(() => ctx.facts.simulation(request));
    if ('outcome' in read) return read.outcome;
    const results = read.value.results;
    const boundaryName = s.policies.boundary?.name;
    const cells: Cell[] = s.needed.map((n) => {
      const ours = identityDecision(s, n);
      const aws = results.find((r) => r.action.toLowerCase() === n.action.toLowerCase() && r.resource === n.resource);
      return { ...n, ours, ...(aws && { aws }), agreement: agreement(ours, aws) };
    });
    const matrix = cells.map((c) => ({
      action: c.action,
      resource: c.resource,
      aws: c.aws?.decision ?? null,
      cartDoctor: c.ours.result,
      agreement: c.agreement,
      awsReason: awsLine(c.aws),
      cartDoctorReason: oursLine(c.ours, boundaryName),
    }));
    const evidence = { request, matrix };
    const rerun = snippet(
      comment("AWS's answer, to compare by hand (read-only):"),
      `aws iam simulate-principal-policy --policy-source-arn ${s.roleArn} --action-names ${request.actions.join(' ')} --resource-arns ${request.resources.join(' ')}` +
        (request.context.length
          ? ` --context-entries ${request.context.map((c) => `ContextKeyName=${c.key},ContextKeyValues=${c.value},ContextKeyType=${c.type}`).join(' ')}`
          : ''),
    );
    const of = (kind: Agreement) => cells.filter((c) => c.agreement === kind);

    const disagree = of('disagree');
    if (disagree.length) {
      return warn(
        `AWS's policy simulator and cart-doctor disagree on ${disagree.length} of the ${cells.length} calls: ${disagree.map((c) => describeCell(c, boundaryName)).join('; ')}.`,
        evidence,
        rerun,
      );
    }
    const open = [...of('undecided'), ...of('unanswered')];
    if (open.length) {
      return warn(
        `No agreement on ${open.length} of the ${cells.length} calls: ${open.map((c) => describeCell(c, boundaryName)).join('; ')}.`,
        evidence,
        rerun,
      );
    }
    // Agreeing on the ARN a table that was not found would have is not seen to hold (as for policy.actions).
    return unlessTableUnseen(s, agreed(cells, boundaryName, evidence));
  },
});

function agreed(cells: Cell[], boundaryName: string | undefined, evidence: Record<string, unknown>): Outcome {
  const denied = cells.filter((c) => c.ours.result === 'deny');
  const allowed = cells.filter((c) => c.ours.result === 'allow');
  const allowedWhy = allowed.length
    ? ` Allowed (${[...new Set(allowed.map((c) => c.action))].join(', ')}): AWS matched ${[...new Set(allowed.flatMap((c) => c.aws!.matched))].join(', ') || 'no statement'}; cart-doctor: allowed by ${[...new Set(allowed.flatMap((c) => c.ours.allowedBy.map(refName)))].join(', ')}.`
    : '';
  const deniedWhy = denied.length
    ? ` Denied by the role's IAM policies alone, on both sides (the simulator is not given the table's resource policy; ` +
      `policy.actions judges ${denied.length > 1 ? 'these calls' : 'this call'} with it and reports the cause): ${denied.map((c) => describeCell(c, boundaryName)).join('; ')}.`
    : '';
  return pass(
    `AWS's policy simulator agrees with cart-doctor on all ${cells.length} calls: ${allowed.length} allowed, ${denied.length} denied.${allowedWhy}${deniedWhy}`,
    evidence,
  );
}

/**
 * What policy.actions and policy.resource share: the calls the app makes (action × exact ARN),
 * the request context the doctor knows for them (docs/design/irsa.md §4.3), and the fixes they print.
 */
import { parseArn } from '../../facts/arn.js';
import type { GlobalTableFact, PoliciesFact } from '../../facts/types.js';
import type { Expectations } from '../../config/types.js';
import { contextFrom, evaluateIdentity } from '../../iam/evaluate.js';
import { splitArn, globMatches } from '../../iam/match.js';
import type { Decision, RequestContext, StatementRef } from '../../iam/types.js';
import type { CheckContext, Outcome } from './types.js';
import { skip, warn } from './types.js';
import { comment, heredoc, json, snippet } from './fix.js';
import { tableArnSeen } from './support.js';

/** One call the app makes, with the exact ARN IAM authorizes it against. */
export interface NeededPermission {
  action: string;
  resource: string;
}

export interface PolicySetup {
  roleName: string;
  roleArn?: string;
  policies: PoliciesFact;
  tableArn: string;
  /** Whether DescribeTable returned tableArn; else it is the ARN the table would have (tableArnSeen). */
  tableSeen: { observed: boolean; region: string; table: string; global?: GlobalTableFact };
  needed: NeededPermission[];
  context: RequestContext;
}

/** Each call the preset expects, on the table ARN or its index ARN. */
export function neededPermissions(expect: Expectations, tableArn: string): NeededPermission[] {
  return expect.permissions.map((p) => ({ action: p.action, resource: p.on === 'table' ? tableArn : `${tableArn}/index/${p.on.index}` }));
}

/** The setup, or the skip naming sa.annotation when there is no role to judge. */
export async function policySetup(ctx: CheckContext): Promise<PolicySetup | Outcome> {
  const ref = await ctx.facts.roleRef();
  if (!ref) return skip('sa.annotation', 'no IAM role is named (no valid role-arn annotation and no --role)');
  const role = await ctx.facts.role();
  if (!role.found) return skip('sa.annotation', `role ${ref.name} does not exist`);
  const [policies, { arn: tableArn, ...tableSeen }] = await Promise.all([ctx.facts.policies(), tableArnSeen(ctx.facts)]);
  const needed = neededPermissions(ctx.expect, tableArn);
  const roleArn = role.arn ?? ref.arn;
  const context = requestContext(tableArn, roleArn, ref.account);
  return { roleName: ref.name, ...(roleArn && { roleArn }), policies, tableArn, tableSeen, needed, context };
}

/** What the doctor knows of the pod's request; anything else (source IP, VPC endpoint, org id, FGAC keys) stays unknown. */
export function requestContext(tableArn: string, roleArn: string | undefined, account: string | undefined): RequestContext {
  const region = parseArn(tableArn)?.region;
  return contextFrom({
    ...(region && { 'aws:RequestedRegion': region }),
    'aws:SecureTransport': 'true',
    ...(roleArn && { 'aws:PrincipalArn': roleArn }),
    ...(account && { 'aws:PrincipalAccount': account }),
  });
}

/**
 * A pass judged on the ARN the table would have is not seen to hold: no real table was compared
 * (the table was not found). A warn that says so, never a pass (SPEC §6); fails stand, as the
 * app's calls go to that ARN whether or not the table exists.
 */
export function unlessTableUnseen(s: PolicySetup, outcome: Outcome): Outcome {
  if (outcome.status !== 'pass' || s.tableSeen.observed) return outcome;
  const { table, region } = s.tableSeen;
  return warn(
    `${outcome.message.replace(/\.$/, '')}, judged on ${s.tableArn}, the ARN table ${table} would have: it was not found in ${region} (see table.exists), so no real table ARN was compared.`,
    { ...outcome.evidence, tableArnObserved: false },
    comment(`Create table ${table} in ${region} (see table.exists), then run cart-doctor again to judge the policies on its real ARN.`),
  );
}

/**
 * Starts a layer's read from what is known before the role's policies arrive (the role's ARN
 * from the annotation or --role, the table ARN): its calls then run beside the policy reads
 * instead of after them. Only warms the memoized fact; the check reads it again, and any failure
 * is the check's to report then.
 */
export interface EarlyCalls {
  roleArn: string;
  account?: string;
  tableArn: string;
  needed: NeededPermission[];
}

export function startEarly(ctx: CheckContext, read: (early: EarlyCalls) => Promise<unknown>): void {
  void (async () => {
    const ref = await ctx.facts.roleRef();
    if (!ref?.arn) return;
    const tableArn = await ctx.facts.tableArn();
    await read({ roleArn: ref.arn, ...(ref.account && { account: ref.account }), tableArn, needed: neededPermissions(ctx.expect, tableArn) });
  })().catch(() => undefined);
}

export const refName = (r: StatementRef): string => `${r.source} (${r.sid ? `Sid ${r.sid}` : `statement #${r.index + 1}`})`;

/** The identity-side verdict on one call (identity policies ∩ permissions boundary): policy.actions' cell, policy.simulated's comparison. */
export function identityDecision(s: PolicySetup, n: NeededPermission): Decision {
  const boundary = s.policies.boundary;
  return evaluateIdentity(
    s.policies.identity.map((p) => p.document),
    { ...n, context: s.context },
    boundary && [boundary.document],
  );
}

/** Why the identity side denies a call, in one clause. */
export function denialReason(d: Decision, boundaryName: string | undefined): string {
  if (d.explicitDeny) return `explicit Deny in ${d.deniedBy.map(refName).join(', ')}`;
  if (d.deniedAt === 'boundary') return `the permissions boundary ${boundaryName ?? ''} does not allow it`;
  return 'no statement allows it';
}

/** Statements granting exactly `needed`, one per ARN. */
export function grantStatements(needed: NeededPermission[]): Record<string, unknown>[] {
  const byResource = new Map<string, string[]>();
  for (const n of needed) byResource.set(n.resource, [...new Set([...(byResource.get(n.resource) ?? []), n.action])]);
  return [...byResource].map(([resource, actions]) => ({
    Sid: resource.includes('/index/') ? 'CartIndexAccess' : 'CartTableAccess',
    Effect: 'Allow',
    Action: actions,
    Resource: resource,
  }));
}

/** A policy document granting exactly `needed`. */
export const grantDocument = (needed: NeededPermission[]): string => json({ Version: '2012-10-17', Statement: grantStatements(needed) });

/** The guide's step-3 fix as commands: write the document, put it on the role (put-role-policy replaces, so it can run twice). */
export function grantCommands(roleName: string, needed: NeededPermission[]): string {
  return snippet(
    heredoc('cart-dynamodb-access.json', grantDocument(needed), 'JSON'),
    `aws iam put-role-policy --role-name ${roleName} --policy-name cart-dynamodb-access --policy-document file://cart-dynamodb-access.json`,
  );
}

const PART_NAMES = ['arn', 'partition', 'service', 'region', 'account'] as const;

/** Which parts of a policy ARN rule out the real one, e.g. "region us-east-1, the table's is ap-south-1". */
export function arnDifference(pattern: string, real: string): string[] {
  if (pattern === '*') return [];
  const p = splitArn(pattern);
  const r = splitArn(real);
  if (p.length !== 6 || r.length !== 6) return [`${pattern} is not an ARN`];
  const out: string[] = [];
  for (let i = 1; i < 5; i++) {
    if (!globMatches(p[i]!, r[i]!, { ignoreCase: true })) out.push(`${PART_NAMES[i]} ${p[i] || '(empty)'}, the table's is ${r[i]}`);
  }
  if (!globMatches(p[5]!, r[5]!, { ignoreCase: false })) {
    const index = /^(.*)\/index\/([^/]+)$/.exec(r[5]!);
    if (index && globMatches(p[5]!, index[1]!, { ignoreCase: false })) out.push(`it names the table only; a table ARN does not cover its index ${index[2]}`);
    else out.push(`resource ${p[5]}, the real one is ${r[5]}`);
  }
  return out;
}

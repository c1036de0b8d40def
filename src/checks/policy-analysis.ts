import { contextFrom } from '../iam/evaluate.js';
import { parseArn } from '../facts/arn.js';
import type { PoliciesFact, RoleFact } from '../facts/types.js';
import type { RequestContext } from '../iam/types.js';
import type { CheckContext, Outcome } from './types.js';
import { skip } from './types.js';

/** One permission the app needs, with the exact ARN it is authorized against. */
export interface NeededPermission {
  action: string;
  resource: string;
}

export interface PolicySetup {
  role: RoleFact;
  policies: PoliciesFact;
  tableArn: string;
  needed: NeededPermission[];
  context: RequestContext;
}

export async function policySetup(ctx: CheckContext): Promise<PolicySetup | Outcome> {
  const ref = await ctx.facts.roleRef();
  if (!ref) return skip('sa.annotation', 'no IAM role is named (no valid role-arn annotation and no --role)');
  const role = await ctx.facts.role();
  if (!role.found) return skip('sa.annotation', `role ${ref.name} does not exist`);
  const [policies, tableArn] = await Promise.all([ctx.facts.policies(), ctx.facts.tableArn()]);
  const needed = ctx.expect.permissions.map((p) => ({ action: p.action, resource: p.on === 'table' ? tableArn : `${tableArn}/index/${p.on.index}` }));
  const roleArn = role.arn ?? ref.arn;
  // What the doctor knows of the pod's request; anything else (source IP, VPC endpoint, FGAC keys) stays unknown.
  const context = contextFrom({
    'aws:RequestedRegion': parseArn(tableArn)?.region ?? '',
    'aws:SecureTransport': 'true',
    ...(roleArn && { 'aws:PrincipalArn': roleArn }),
    ...(ref.account && { 'aws:PrincipalAccount': ref.account }),
  });
  return { role, policies, tableArn, needed, context };
}

export function isOutcome(v: PolicySetup | Outcome): v is Outcome {
  return 'status' in v;
}

export function grantStatement(needed: NeededPermission[]): string {
  const byResource = new Map<string, string[]>();
  for (const n of needed) byResource.set(n.resource, [...(byResource.get(n.resource) ?? []), n.action]);
  const statements = [...byResource].map(([resource, actions], i) => ({ Sid: `CartAccess${i}`, Effect: 'Allow', Action: actions, Resource: resource }));
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2).split('\n').join('\n  ');
}

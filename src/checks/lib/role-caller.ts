/** What the resource-side layer checks (KMS key, VPC endpoint) share about the IRSA caller. */
import { parseArn } from '../../facts/arn.js';
import type { RoleCaller } from '../../iam/resource-policy.js';
import type { UnknownCondition } from '../../iam/types.js';
import { refName, type PolicySetup } from './policy-analysis.js';

/** The role session as resource-side policies see it; undefined when the role ARN is not known. */
export function roleCallerOf(s: PolicySetup): RoleCaller | undefined {
  const arn = s.roleArn ? parseArn(s.roleArn) : undefined;
  if (!s.roleArn || !arn) return undefined;
  return { roleArn: s.roleArn, account: arn.account, partition: arn.partition, roleName: s.roleName };
}

/** `StringEquals aws:SourceIp ["10.0.0.0/8"] in POLICY (Sid X)`: a condition named, never assumed. */
export const describeUnknown = (u: UnknownCondition): string => `${u.operator} ${u.key} ${JSON.stringify(u.values)} in ${refName(u.statement)}`;

export const uniqueUnknowns = (list: UnknownCondition[]): string[] => [...new Set(list.map(describeUnknown))];

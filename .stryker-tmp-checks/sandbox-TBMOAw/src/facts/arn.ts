// @ts-nocheck
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(value: string): Arn | undefined {
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(value);
  if (!m) return undefined;
  return { partition: m[1]!, service: m[2]!, region: m[3]!, account: m[4]!, resource: m[5]! };
}

/** The webhook's own pattern for `eks.amazonaws.com/role-arn` (docs/design/irsa.md §2.1). */
export const ROLE_ARN_PATTERN = /^arn:aws[a-z0-9-]*:iam::\d{12}:role\/[\w\-/.@+=,]+$/;

/** `role/path/name` → `name`: GetRole takes the bare name. */
export function roleNameFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

export function tableArn(partition: string, region: string, account: string, table: string): string {
  return `arn:${partition}:dynamodb:${region}:${account}:table/${table}`;
}

// @ts-nocheck
import type { CheckId } from '../checks/lib/types.js';

/** The link of the chain a check judges (README "Checks"): JUnit's classname, a SARIF tag. */
export type Link = 'kubernetes' | 'iam' | 'dynamodb' | 'runtime';

const LINK_BY_PREFIX: Record<string, Link> = {
  deployment: 'kubernetes',
  sa: 'kubernetes',
  env: 'kubernetes',
  oidc: 'iam',
  trust: 'iam',
  policy: 'iam',
  table: 'dynamodb',
  region: 'dynamodb',
  pods: 'runtime',
  identity: 'runtime',
  logs: 'runtime',
};

/** Unknown prefixes (a check added without a row here) land in runtime rather than failing a report. */
export function linkOf(id: CheckId | string): Link {
  return LINK_BY_PREFIX[id.slice(0, id.indexOf('.'))] ?? 'runtime';
}

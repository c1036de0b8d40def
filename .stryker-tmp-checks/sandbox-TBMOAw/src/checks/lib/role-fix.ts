/**
 * Fixes that name a role: its ARN from what the run knows (placeholders only for what it does
 * not, said in a comment), and the commands that create it as the setup guide does (steps 3, 5, 6).
 */
// @ts-nocheck

import { parseArn, roleNameFromArn } from '../../facts/arn.js';
import { comment, heredoc, json, snippet } from './fix.js';
import { grantCommands, neededPermissions } from './policy-analysis.js';
import { tokenAudience, trustDocument } from './trust-analysis.js';
import type { CheckContext } from './types.js';

export interface RoleArnForFix {
  arn: string;
  /** `#` lines saying which part is a placeholder and why; empty when the ARN is real. */
  unknown: string;
}

/** The role ARN a fix should name: the known one, else built from the run's account and role name. */
export async function roleArnForFix(ctx: CheckContext): Promise<RoleArnForFix> {
  const { target, facts } = ctx;
  const ref = await facts.roleRef().catch(() => undefined);
  if (ref?.arn) return { arn: ref.arn, unknown: '' };
  const cluster = await facts.cluster().catch(() => undefined);
  const account = ref?.account ?? cluster?.account;
  const name = ref?.name ?? (target.role && !parseArn(target.role) ? target.role : undefined);
  const why = [
    !account && 'the account is unknown: no role ARN and no cluster ARN in this run',
    !name && 'the role name is unknown: no valid role-arn annotation and no --role in this run',
  ].filter((x): x is string => !!x);
  return {
    arn: `arn:${ref?.partition ?? cluster?.partition ?? 'aws'}:iam::${account ?? '<ACCOUNT_ID>'}:role/${name ?? '<ROLE_NAME>'}`,
    unknown: why.length ? comment(`Fill in the placeholders: ${why.join('; ')}.`) : '',
  };
}

/** Creates the role `arn` names (path included) with the step-6 trust policy and the step-3 grant. */
export async function createRoleCommands(ctx: CheckContext, arn: string): Promise<string> {
  const { target, facts, expect } = ctx;
  const parsed = parseArn(arn)!;
  const name = roleNameFromArn(arn);
  const path = parsed.resource.slice('role'.length, parsed.resource.length - name.length) || '/';
  const cluster = await facts.cluster().catch(() => undefined);
  const host = cluster?.issuer?.replace(/^https:\/\//i, '').replace(/\/+$/, '');
  const tableArn = await facts.tableArn().catch(() => undefined);
  const audience = await tokenAudience(ctx);
  const unknown = [
    !host && "the cluster's OIDC issuer is unknown (no --cluster, or the cluster was not found): put its host in place of <OIDC_HOST>",
    !tableArn && "the table's ARN is unknown (no region or account in this run): put it in place of the placeholder",
  ].filter((x): x is string => !!x);
  const oidcHost = host ?? '<OIDC_HOST>';
  const trust = trustDocument(
    `arn:${parsed.partition}:iam::${parsed.account}:oidc-provider/${oidcHost}`,
    oidcHost,
    `system:serviceaccount:${target.namespace}:${target.serviceAccount}`,
    audience,
  );
  return snippet(
    comment(`Create role ${name} as the setup guide does (trust policy of step 6, permissions of step 3), unless it exists by now:`),
    unknown.length > 0 && comment(unknown.join('\n')),
    heredoc('trust.json', json(trust), 'JSON'),
    `aws iam get-role --role-name ${name} >/dev/null 2>&1 ||`,
    `  aws iam create-role --role-name ${name}${path === '/' ? '' : ` --path ${path}`} --assume-role-policy-document file://trust.json`,
    grantCommands(name, neededPermissions(expect, tableArn ?? `arn:${parsed.partition}:dynamodb:<REGION>:${parsed.account}:table/${target.table}`)),
  );
}

/**
 * Organization guardrails: service control policies (SCPs) on the role's account and resource
 * control policies (RCPs) on the table's account, for the same calls policy.actions judges.
 *
 * Rules (AWS Organizations User Guide, "SCP evaluation" and "RCP evaluation"; IAM User Guide,
 * "Policy evaluation logic"): at every level of the path from the root through each OU to the
 * account, some policy attached there must Allow the call (no Allow at one level is an implicit
 * deny, whatever the others allow), and a Deny at any level denies. SCPs are judged like identity
 * policies (no Principal); RCPs like resource policies for the role session (they have a
 * Principal; RCPFullAWSAccess allows everything and is attached everywhere). Neither applies to
 * the management account.
 */
import { parseArn } from '../facts/arn.js';
import type { OrgGuardrailsFact, OrgLevel, OrgPath } from '../facts/types.js';
import { evaluateIdentity } from '../iam/evaluate.js';
import { evaluateResourcePolicy, type RoleCaller } from '../iam/resource-policy.js';
import type { RequestContext, StatementRef, UnknownCondition } from '../iam/types.js';
import { comment, snippet } from './lib/fix.js';
import { readLayer } from './lib/layer.js';
import { policySetup, refName, startEarly, unlessTableUnseen, type NeededPermission } from './lib/policy-analysis.js';
import { defineCheck, fail, notApplicable, pass, warn, type Outcome } from './lib/types.js';

const PERMISSION = 'organizations:DescribeOrganization, organizations:ListParents, organizations:ListPoliciesForTarget and organizations:DescribePolicy';
const READ = { what: "the organization's SCPs and RCPs", permission: PERMISSION };

type Kind = 'SCP' | 'RCP';

interface LevelVerdict {
  result: 'allow' | 'deny' | 'unknown';
  explicit: boolean;
  deniedBy: StatementRef[];
  unknown: UnknownCondition[];
}

const levelName = (l: OrgLevel) => `${l.type === 'ROOT' ? 'root' : l.type === 'ACCOUNT' ? 'account' : 'OU'} ${l.target}`;

function judgeLevel(kind: Kind, level: OrgLevel, n: NeededPermission, context: RequestContext, caller: RoleCaller): LevelVerdict {
  const docs = level.policies.map((p) => p.document);
  if (kind === 'SCP') {
    const d = evaluateIdentity(docs, { ...n, context });
    return { result: d.result, explicit: d.explicitDeny, deniedBy: d.deniedBy, unknown: d.unknownConditions };
  }
  const v = evaluateResourcePolicy(docs, { ...n, caller, context });
  const base = { deniedBy: v.deniedBy, unknown: v.unknownConditions };
  if (v.denies === 'true') return { ...base, result: 'deny', explicit: true };
  if (v.grants === 'false' && v.delegates === 'false') return { ...base, result: 'deny', explicit: false };
  if (v.denies === 'unknown' || (v.grants !== 'true' && v.delegates !== 'true')) return { ...base, result: 'unknown', explicit: false };
  return { ...base, result: 'allow', explicit: false };
}

interface CallVerdict extends NeededPermission {
  kind: Kind;
  result: 'allow' | 'deny' | 'unknown';
  why: string;
  /** Where a fix goes: the policy and level that deny, or the level with no Allow. */
  policyIds: string[];
  target?: string;
}

/** Every level must allow; the first explicit Deny, else the first level without an Allow, decides. */
function judgePath(kind: Kind, levels: OrgLevel[], n: NeededPermission, context: RequestContext, caller: RoleCaller): CallVerdict {
  const verdicts = levels.map((l) => ({ level: l, v: judgeLevel(kind, l, n, context, caller) }));
  const explicit = verdicts.find((x) => x.v.explicit);
  if (explicit) {
    const ids = [...new Set(explicit.v.deniedBy.map((r) => /\((p-[\w-]+)\)$/.exec(r.source)?.[1] ?? r.source))];
    return {
      ...n,
      kind,
      result: 'deny',
      why: `explicit Deny in ${[...new Set(explicit.v.deniedBy.map(refName))].join(', ')}, an ${kind} attached to ${levelName(explicit.level)}`,
      policyIds: ids,
      target: explicit.level.target,
    };
  }
  const implicit = verdicts.find((x) => x.v.result === 'deny');
  if (implicit) {
    const attached = implicit.level.policies.map((p) => p.name ?? p.id).join(', ') || 'none';
    return {
      ...n,
      kind,
      result: 'deny',
      why: `no ${kind} attached to ${levelName(implicit.level)} allows it (attached there: ${attached}); every level from the root to the account must allow`,
      policyIds: [],
      target: implicit.level.target,
    };
  }
  const unknown = verdicts
    .filter((x) => x.v.result === 'unknown')
    .flatMap((x) => x.v.unknown.map((u) => `${u.operator} ${u.key} ${JSON.stringify(u.values)} in ${refName(u.statement)}`));
  if (unknown.length) return { ...n, kind, result: 'unknown', why: `depends on ${[...new Set(unknown)].join('; ')}`, policyIds: [] };
  return { ...n, kind, result: 'allow', why: `allowed at ${levels.map(levelName).join(', ')}`, policyIds: [] };
}

/** Context the doctor knows, plus what the organization read tells: the role is in it, and it is not an AWS service. */
function orgContext(base: RequestContext, org: OrgGuardrailsFact, roleInOrg: boolean): RequestContext {
  return (key) => {
    const k = key.toLowerCase();
    if (k === 'aws:principalorgid' && roleInOrg && org.organizationId) return { kind: 'value', values: [org.organizationId] };
    if (k === 'aws:principalisawsservice') return { kind: 'value', values: ['false'] };
    return base(key);
  };
}

const howToRead = (account: string) =>
  snippet(
    comment('SCPs and RCPs can be read only from the management account or a delegated administrator for AWS Organizations; there, run:'),
    `aws organizations list-parents --child-id ${account}`,
    `aws organizations list-policies-for-target --target-id ${account} --filter SERVICE_CONTROL_POLICY`,
    `aws organizations list-policies-for-target --target-id ${account} --filter RESOURCE_CONTROL_POLICY`,
    comment('…and the same for each parent OU and the root, then `aws organizations describe-policy --policy-id ID` for each policy,'),
    comment(`or run cart-doctor itself there with ${PERMISSION}.`),
  );

/** The usual case outside the management account: say exactly why and how to read them. */
function unread(outcome: Outcome, account: string): Outcome {
  if (outcome.status !== 'warn') return { ...outcome, remediation: howToRead(account) };
  return {
    ...outcome,
    message: `cart-doctor may not read the organization's SCPs and RCPs (${outcome.evidence?.detail ?? 'denied'}): the usual case outside the management account. AWS still applies them; this layer is not judged.`,
    remediation: howToRead(account),
  };
}

function pathNote(kind: Kind, path: OrgPath | undefined, account: string, org: OrgGuardrailsFact): string {
  const what = kind === 'SCP' ? `SCPs (role's account ${account})` : `RCPs (table's account ${account})`;
  if (!path) return `${what}: none apply, ${account} is the management account`;
  if (path.disabled) return `${what}: the policy type is not enabled in the root, so none apply`;
  if (path.outside) return `${what}: not judged, ${account} is not in organization ${org.organizationId ?? ''} as read (${path.outside})`;
  return `${what} at ${path.levels!.map(levelName).join(', ')}`;
}

function fixFor(denied: CallVerdict[]): string {
  const lines = denied.flatMap((c) =>
    c.policyIds.length
      ? c.policyIds.map(
          (p) =>
            `aws organizations describe-policy --policy-id ${p}   # ${c.kind} denying ${c.action}: exempt the role (a Condition on aws:PrincipalArn) or narrow it`,
        )
      : [
          `aws organizations list-policies-for-target --target-id ${c.target} --filter ${c.kind === 'SCP' ? 'SERVICE_CONTROL_POLICY' : 'RESOURCE_CONTROL_POLICY'}   # attach one that allows ${c.action} there`,
        ],
  );
  return snippet(comment('From the management account (or a delegated administrator); the doctor changes nothing:'), ...new Set(lines));
}

export default defineCheck({
  meta: {
    id: 'org.guardrails',
    dependsOn: ['sa.annotation'],
    title: "No service control policy (SCP) or resource control policy (RCP) of the organization denies the app's calls",
    symptom: 'AccessDeniedException',
    docs:
      "Reads the organization's guardrails when the doctor may (DescribeOrganization, ListParents up to the root, " +
      "ListPoliciesForTarget for the account and each parent, DescribePolicy): SCPs on the role's account, RCPs on the " +
      "table's account, for each action the app calls on the exact table and index ARNs. At every level from the root " +
      'through each OU to the account some attached policy must Allow the call, and any Deny denies (AWS Organizations ' +
      'User Guide, "SCP evaluation"; RCPs follow the same rule). SCPs and RCPs do not apply to the management account. ' +
      'No organization passes ("no SCPs or RCPs apply"). When the doctor may not read them (the usual case outside the ' +
      'management account) it warns saying so and how to read them; it never passes. Conditions it cannot decide ' +
      "(aws:SourceVpce, aws:SourceIp, …) are named, never assumed true; aws:PrincipalOrgID is known when the role's " +
      'account is in the organization read.',
    remediation:
      'From the management account: exempt the role from the denying SCP/RCP or narrow it, or attach an SCP that allows the actions at the level that lacks one.',
  },
  async run(ctx) {
    startEarly(ctx, async (e) => {
      const table = parseArn(e.tableArn)?.account;
      if (e.account && table) await ctx.facts.orgGuardrails({ role: e.account, table });
    });
    const s = await policySetup(ctx);
    if ('status' in s) return s;
    const ref = await ctx.facts.roleRef();
    const roleAccount = ref?.account ?? (s.roleArn ? parseArn(s.roleArn)?.account : undefined);
    const tableAccount = parseArn(s.tableArn)?.account;
    if (!roleAccount || !tableAccount || !s.roleArn)
      return notApplicable("the role's or the table's AWS account is unknown in this run, so the organization's guardrails cannot be looked up");
    const read = await readLayer(() => ctx.facts.orgGuardrails({ role: roleAccount, table: tableAccount }), READ);
    if ('outcome' in read) return unread(read.outcome, roleAccount);
    const org = read.value;
    // The RCP side is the table's account: a table that was not found leaves it the ARN's guess (a warn, not a pass).
    if (!org.inOrganization)
      return unlessTableUnseen(
        s,
        pass(`Account ${roleAccount} is not in an AWS Organization (AWSOrganizationsNotInUseException): no SCPs or RCPs apply.`, { organization: null }),
      );
    if (org.featureSet === 'CONSOLIDATED_BILLING')
      return unlessTableUnseen(
        s,
        pass(`Organization ${org.organizationId} has only consolidated billing (no "all features"): no SCPs or RCPs apply.`, {
          organization: org.organizationId,
        }),
      );

    const roleInOrg = roleAccount === org.managementAccount || !!org.scp?.levels;
    const context = orgContext(s.context, org, roleInOrg);
    const caller: RoleCaller = { roleArn: s.roleArn, account: roleAccount, partition: ref?.partition ?? 'aws', roleName: s.roleName };
    const judged = (kind: Kind, path: OrgPath | undefined) => (path?.levels ? s.needed.map((n) => judgePath(kind, path.levels!, n, context, caller)) : []);
    const calls = [...judged('SCP', org.scp), ...judged('RCP', org.rcp)];
    const notes = [pathNote('SCP', org.scp, roleAccount, org), pathNote('RCP', org.rcp, tableAccount, org)];
    const evidence = {
      organization: org.organizationId,
      managementAccount: org.managementAccount,
      paths: notes,
      matrix: calls.map((c) => ({ kind: c.kind, action: c.action, resource: c.resource, decision: c.result, why: c.why })),
    };

    const denied = calls.filter((c) => c.result === 'deny');
    if (denied.length) {
      return fail(
        `The organization's guardrails deny ${denied.length} of the app's calls: ${denied.map((c) => `${c.action} on ${c.resource} (${c.kind}): ${c.why}`).join('; ')}.`,
        evidence,
        fixFor(denied),
      );
    }
    const unknown = calls.filter((c) => c.result === 'unknown');
    if (unknown.length) {
      return warn(
        `The organization's guardrails allow ${[...new Set(unknown.map((c) => c.action))].join(', ')} only if conditions the doctor cannot evaluate hold: ${[...new Set(unknown.map((c) => `${c.kind} ${c.why}`))].join('; ')}.`,
        evidence,
      );
    }
    const outside = [org.scp, org.rcp].find((p) => p?.outside);
    if (outside) {
      return warn(`Not every guardrail could be judged: ${notes.join('; ')}.`, evidence, howToRead(outside.account));
    }
    const judgedCount = new Set(calls.map((c) => `${c.action} ${c.resource}`)).size;
    return unlessTableUnseen(
      s,
      pass(
        `${judgedCount ? `The organization's guardrails allow all ${judgedCount} calls` : 'No organization guardrail applies'} (organization ${org.organizationId}): ${notes.join('; ')}.`,
        evidence,
      ),
    );
  },
});

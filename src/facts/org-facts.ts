/**
 * Organization guardrails (AWS Organizations API Reference): DescribeOrganization (whether there is
 * an organization, its management account and feature set), ListParents from the account up to
 * the root, ListPoliciesForTarget for the account and each parent (Filter SERVICE_CONTROL_POLICY
 * for the role's account, RESOURCE_CONTROL_POLICY for the table's), DescribePolicy for each
 * policy's Content. Each object is fetched once per run, whatever path asks for it.
 */
import { FactUnavailable } from '../errors.js';
import { decodeDocument, parsePolicyDocument } from '../iam/document.js';
import { AwsApiError, type AwsCall, type AwsSource } from '../sources/types.js';
import type { DocumentOrigin } from './aws-facts.js';
import { NEXT_TOKEN_PAGING, callRequired, paged } from './calls.js';
import type { OrgGuardrailsFact, OrgLevel, OrgPath, OrgPolicy } from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Organizations errors that are answers about the organization, not failed reads. */
const ANSWERS = /^(AWSOrganizationsNotInUseException|PolicyTypeNotEnabledException|AccountNotFoundException|ChildNotFoundException)$/;

/** Carried through the facts layer's classification untouched (it converts only AwsApiError). */
class OrgAnswer extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const answering = (aws: AwsSource): AwsSource => ({
  description: aws.description,
  call: (call: AwsCall) =>
    aws.call(call).catch((err: unknown) => {
      if (err instanceof AwsApiError && ANSWERS.test(err.name)) throw new OrgAnswer(err.name);
      throw err;
    }),
});

const ORG = 'organizations' as const;
type PolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

export class OrgReader {
  private readonly aws: AwsSource;
  private readonly memo = new Map<string, Promise<unknown>>();
  constructor(
    aws: AwsSource,
    private readonly origin: DocumentOrigin,
  ) {
    this.aws = answering(aws);
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, load());
    return this.memo.get(key) as Promise<T>;
  }

  /** The chain of parents of a child, nearest first, up to the root. */
  private async parents(child: string): Promise<{ id: string; type: OrgLevel['type'] }[]> {
    const chain: { id: string; type: OrgLevel['type'] }[] = [];
    let id = child;
    for (let depth = 0; depth < 10; depth++) {
      const current = id;
      const list = await this.once(`parents:${current}`, () =>
        paged(this.aws, { service: ORG, operation: 'ListParents', input: { ChildId: current } }, 'Parents', NEXT_TOKEN_PAGING),
      );
      const parent = obj(list[0]);
      const pid = str(parent.Id);
      if (!pid) return chain;
      const type = str(parent.Type) === 'ROOT' ? 'ROOT' : 'ORGANIZATIONAL_UNIT';
      chain.push({ id: pid, type });
      if (type === 'ROOT') return chain;
      id = pid;
    }
    return chain;
  }

  private policy(id: string, name: string | undefined): Promise<OrgPolicy> {
    return this.once(`policy:${id}`, async () => {
      const out = await callRequired(this.aws, { service: ORG, operation: 'DescribePolicy', input: { PolicyId: id } });
      const policy = obj(out.Policy);
      const summary = obj(policy.PolicySummary);
      const label = str(summary.Name) ?? name ?? id;
      const place = `organizations:DescribePolicy ${id} Policy.Content`;
      const document = parsePolicyDocument(decodeDocument(policy.Content, this.origin.file, place), `${label} (${id})`, this.origin.file, place);
      return { id, ...(label !== id && { name: label }), document };
    });
  }

  private attached(target: string, filter: PolicyType): Promise<OrgPolicy[]> {
    return this.once(`attached:${target}:${filter}`, async () => {
      const list = await paged(
        this.aws,
        { service: ORG, operation: 'ListPoliciesForTarget', input: { TargetId: target, Filter: filter } },
        'Policies',
        NEXT_TOKEN_PAGING,
      );
      const ids = list.map((p) => ({ id: str(obj(p).Id), name: str(obj(p).Name) })).filter((p): p is { id: string; name: string | undefined } => !!p.id);
      return Promise.all(ids.map((p) => this.policy(p.id, p.name)));
    });
  }

  async path(account: string, filter: PolicyType): Promise<OrgPath> {
    let chain: { id: string; type: OrgLevel['type'] }[];
    try {
      chain = await this.parents(account);
    } catch (err) {
      if (err instanceof OrgAnswer && /^(AccountNotFound|ChildNotFound)Exception$/.test(err.code)) return { account, outside: err.code };
      throw err;
    }
    const targets = [...chain.reverse(), { id: account, type: 'ACCOUNT' as const }];
    try {
      const levels = await Promise.all(targets.map(async (t) => ({ target: t.id, type: t.type, policies: await this.attached(t.id, filter) })));
      return { account, levels };
    } catch (err) {
      if (err instanceof OrgAnswer && err.code === 'PolicyTypeNotEnabledException') return { account, disabled: true };
      throw err;
    }
  }

  /** DescribeOrganization; undefined when the account is in no organization. */
  organization(): Promise<Obj | undefined> {
    return this.once('organization', async () => {
      try {
        return obj((await callRequired(this.aws, { service: ORG, operation: 'DescribeOrganization', input: {} })).Organization);
      } catch (err) {
        if (err instanceof OrgAnswer && err.code === 'AWSOrganizationsNotInUseException') return undefined;
        throw err;
      }
    });
  }
}

/**
 * SCPs apply to the role's account and RCPs to the table's, except in the management account
 * (AWS Organizations User Guide, "Service control policies" and "Resource control policies":
 * neither affects the management account).
 */
export async function loadOrgGuardrails(aws: AwsSource, origin: DocumentOrigin, accounts: { role: string; table: string }): Promise<OrgGuardrailsFact> {
  try {
    return await readGuardrails(aws, origin, accounts);
  } catch (err) {
    // An answer about the organization where none was expected (a policy vanished mid-run): a failed read.
    if (err instanceof OrgAnswer) throw new FactUnavailable('failed', `AWS Organizations answered ${err.code} while reading the guardrails`);
    throw err;
  }
}

async function readGuardrails(aws: AwsSource, origin: DocumentOrigin, accounts: { role: string; table: string }): Promise<OrgGuardrailsFact> {
  const reader = new OrgReader(aws, origin);
  const org = await reader.organization();
  if (!org) return { inOrganization: false };
  const managementAccount = str(org.MasterAccountId);
  const featureSet = str(org.FeatureSet);
  const base = { inOrganization: true, organizationId: str(org.Id), managementAccount, featureSet };
  // Consolidated billing only: no policy types at all.
  if (featureSet === 'CONSOLIDATED_BILLING') return base;
  const [scp, rcp] = await Promise.all([
    accounts.role === managementAccount ? undefined : reader.path(accounts.role, 'SERVICE_CONTROL_POLICY'),
    accounts.table === managementAccount ? undefined : reader.path(accounts.table, 'RESOURCE_CONTROL_POLICY'),
  ]);
  return { ...base, ...(scp && { scp }), ...(rcp && { rcp }) };
}

/**
 * Builders for the IAM check tests: trust and identity documents in normalized form, raw JSON
 * through the real parser, and a runner that turns a thrown FactUnavailable into `error` the
 * way the CLI does.
 */
// @ts-nocheck

import type { PresetName, Target } from '../../src/config/types.js';
import type { Check, CheckContext } from '../../src/checks/lib/types.js';
import type { FactValues } from '../helpers/fake-facts.js';
import { ACCOUNT, ISSUER_HOST, PROVIDER_ARN, TABLE_ARN, contextWith } from '../helpers/fake-facts.js';
import type { RoleFact } from '../../src/facts/types.js';
import { decodeDocument, parsePolicyDocument } from '../../src/iam/document.js';
import type { ConditionBlock, PolicyDocument, Statement } from '../../src/iam/types.js';
import { runChecks } from '../../src/runner.js';
import type { CheckResult } from '../../src/report/model.js';

export { ACCOUNT, ISSUER_HOST as HOST, PROVIDER_ARN, TABLE_ARN };
export const SUB = 'system:serviceaccount:retail-store-prod:cart-sa';
export const SUB_KEY = `${ISSUER_HOST}:sub`;
export const AUD_KEY = `${ISSUER_HOST}:aud`;
export const OLD_ID = '5A1B2C3D4E5F60718293A4B5C6D7E8F9';
export const OLD_HOST = ISSUER_HOST.replace(/[^/]+$/, OLD_ID);
export const INDEX_ARN = `${TABLE_ARN}/index/idx_global_customerId`;
export const POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/cart-dynamodb-policy`;
export const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/retail-store-boundary`;
export const ITEM_ACTIONS = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'].map((a) => `dynamodb:${a}`);
export const GUIDE_ACTIONS = [...ITEM_ACTIONS, 'dynamodb:Query', 'dynamodb:Scan'];

type Draft = Omit<Partial<Statement>, 'index'>;

/** A document of `drafts`, numbered in order. */
export function documentOf(source: string, ...drafts: Draft[]): PolicyDocument {
  return { source, version: '2012-10-17', statements: drafts.map((d, index) => ({ effect: 'Allow', ...d, index }) as Statement) };
}

/** The guide's trust statement, with `condition` replacing its Condition. */
export function webIdentity(condition?: ConditionBlock, extra: Draft = {}): Draft {
  return { principal: { Federated: [PROVIDER_ARN] }, action: ['sts:AssumeRoleWithWebIdentity'], ...(condition && { condition }), ...extra };
}

/** The guide's condition: the :sub test under `subOp`, the :aud test under StringEquals. */
export function subAud(sub: string | string[] = SUB, subOp = 'StringEquals', aud = 'sts.amazonaws.com'): ConditionBlock {
  const subTest = { [SUB_KEY]: [sub].flat() };
  if (subOp === 'StringEquals') return { StringEquals: { ...subTest, [AUD_KEY]: [aud] } };
  return { [subOp]: subTest, StringEquals: { [AUD_KEY]: [aud] } };
}

export const trustOf = (...drafts: Draft[]): PolicyDocument => documentOf('trust policy of cart-dynamodb-role', ...drafts);

/** The healthy world with the role's trust policy replaced. */
export function withTrust(trust: PolicyDocument, change: (v: FactValues) => void = () => {}, preset: PresetName = 'guide'): CheckContext {
  return contextWith((v) => {
    (v.role as RoleFact).trust = trust;
    change(v);
  }, preset);
}

/** Identity statement granting `actions` on `resources`. */
export const grant = (actions: string[], resources: string[], extra: Draft = {}): Draft => ({
  effect: 'Allow',
  action: actions,
  resource: resources,
  ...extra,
});

/** The healthy world with the role's identity policies (and boundary) replaced. */
export function withPolicies(
  identity: { name: string; document: PolicyDocument }[],
  options: { boundary?: PolicyDocument; preset?: PresetName; change?: (v: FactValues) => void; target?: Partial<Target> } = {},
): CheckContext {
  return contextWith(
    (v) => {
      v.policies = { identity, ...(options.boundary && { boundary: { name: options.boundary.source, document: options.boundary } }) };
      if (options.boundary) (v.role as RoleFact).boundaryArn = options.boundary.source;
      options.change?.(v);
    },
    options.preset ?? 'guide',
    options.target,
  );
}

/** One managed policy named POLICY_ARN holding `drafts`. */
export const managed = (...drafts: Draft[]) => [{ name: POLICY_ARN, document: documentOf(POLICY_ARN, ...drafts) }];

/** Raw JSON (object, JSON text or URL-encoded text) through the evaluator's real parser. */
export function parsed(raw: unknown, source: string): PolicyDocument {
  return parsePolicyDocument(decodeDocument(raw, source, ''), source);
}

/** Verbatim from the EKS workshop (shared/realworld/retail-store, add_irsa.md L60-77 and L38-51). */
const WORKSHOP_TRUST = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "",
      "Effect": "Allow",
      "Principal": {
        "Federated": "arn:aws:iam::1234567890:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/22E1209C76AE64F8F612F8E703E5BBD7"
      },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "oidc.eks.us-west-2.amazonaws.com/id/22E1209C76AE64F8F612F8E703E5BBD7:sub": "system:serviceaccount:carts:carts"
        }
      }
    }
  ]
}`;
const WORKSHOP_PERMISSIONS = `{
  "Statement": [
    {
      "Action": "dynamodb:*",
      "Effect": "Allow",
      "Resource": [
        "arn:aws:dynamodb:us-west-2:1234567890:table/eks-workshop-carts",
        "arn:aws:dynamodb:us-west-2:1234567890:table/eks-workshop-carts/index/*"
      ],
      "Sid": "AllAPIActionsOnCart"
    }
  ],
  "Version": "2012-10-17"
}`;

/** The EKS workshop's documents as JSON text, optionally moved onto this test world's cluster, account, region and table. */
export function workshop(kind: 'trust' | 'permission', moveToTestWorld: boolean): string {
  const text = kind === 'trust' ? WORKSHOP_TRUST : WORKSHOP_PERMISSIONS;
  if (!moveToTestWorld) return text;
  return text
    .replaceAll('oidc.eks.us-west-2.amazonaws.com/id/22E1209C76AE64F8F612F8E703E5BBD7', ISSUER_HOST)
    .replaceAll('us-west-2', 'ap-south-1')
    .replaceAll('1234567890', ACCOUNT)
    .replaceAll('eks-workshop-carts', 'Items');
}

export async function run(check: Check, ctx: CheckContext): Promise<CheckResult> {
  const [result] = await runChecks([check], ctx);
  return result!;
}

/** Everything a user reads, for "mentions" assertions. */
export const text = (r: CheckResult): string => `${r.message}\n${JSON.stringify(r.evidence)}\n${r.remediation}`;

/** A trust policy of one raw statement, URL-encoded as GetRole returns it, through the real parser. */
export const rawTrust = (statement: object): PolicyDocument =>
  parsed(encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [statement] })), 'trust policy of cart-dynamodb-role');

/** An identity policy of raw statement(s) through the real parser. */
export const rawPolicy = (statement: object | object[]): PolicyDocument => parsed({ Version: '2012-10-17', Statement: statement }, POLICY_ARN);

/** The retail-store world whose only policy is the EKS workshop's, parsed from its JSON. */
export const workshopPolicy = (moveToTestWorld: boolean): CheckContext =>
  withPolicies([{ name: 'inline:cart-dynamodb', document: parsed(workshop('permission', moveToTestWorld), 'inline:cart-dynamodb') }], {
    preset: 'retail-store',
  });

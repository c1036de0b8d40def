/**
 * The shape each AWS answer must have before the facts layer reads it. An answer that parses to
 * nothing (an HTML page with HTTP 200, `{}`, `Table: null` in a snapshot) would otherwise read as
 * "the role exists" or "the table exists": here it becomes a failed read (`unusable`).
 * Only what the loaders rely on is required (every real answer has it; so must a hand-written
 * snapshot); everything else an answer carries passes through unread.
 */
import '../zod-setup.js';
import * as z from 'zod/mini';
import { FactUnavailable } from '../errors.js';
import type { AwsCall } from '../sources/types.js';

/**
 * Each answer's shape, built on its first use: a run asks a handful of these, and building a zod
 * schema is a real share of a short run's start-up.
 */
const text = () => z.string();
// A policy document: URL-encoded JSON from AWS, or a JSON string or object in a hand-written snapshot.
const document = () => z.union([z.string(), z.record(z.string(), z.unknown())]);
const list = <T extends z.ZodMiniType>(item: T) => z.array(item);

const SHAPES: Record<string, () => z.ZodMiniType> = {
  'eks:DescribeCluster': () => z.object({ cluster: z.object({ arn: text() }) }),
  'eks:ListPodIdentityAssociations': () => z.object({ associations: list(z.object({ associationId: text() })) }),
  'eks:DescribePodIdentityAssociation': () => z.object({ association: z.object({ associationId: text() }) }),
  'iam:GetRole': () => z.object({ Role: z.object({ Arn: text() }) }),
  'iam:ListAttachedRolePolicies': () => z.object({ AttachedPolicies: list(z.object({ PolicyArn: text() })) }),
  'iam:ListRolePolicies': () => z.object({ PolicyNames: list(text()) }),
  'iam:GetPolicy': () => z.object({ Policy: z.object({ DefaultVersionId: text() }) }),
  'iam:GetPolicyVersion': () => z.object({ PolicyVersion: z.object({ Document: document() }) }),
  'iam:GetRolePolicy': () => z.object({ PolicyDocument: document() }),
  'iam:GetOpenIDConnectProvider': () => z.object({ ClientIDList: list(text()) }),
  'iam:ListOpenIDConnectProviders': () => z.object({ OpenIDConnectProviderList: list(z.object({ Arn: text() })) }),
  'dynamodb:DescribeTable': () => z.object({ Table: z.object({ TableName: text(), TableStatus: text() }) }),
  'dynamodb:GetResourcePolicy': () => z.object({ Policy: document() }),
  'kms:DescribeKey': () => z.object({ KeyMetadata: z.object({ KeyId: text(), KeyState: text() }) }),
  'kms:GetKeyPolicy': () => z.object({ Policy: document() }),
  'ec2:DescribeVpcEndpoints': () => z.object({ VpcEndpoints: list(z.object({ VpcEndpointId: text() })) }),
  'organizations:DescribeOrganization': () => z.object({ Organization: z.object({ Id: text() }) }),
  'organizations:ListParents': () => z.object({ Parents: list(z.object({ Id: text(), Type: text() })) }),
  'organizations:ListPoliciesForTarget': () => z.object({ Policies: list(z.object({ Id: text() })) }),
  'organizations:DescribePolicy': () => z.object({ Policy: z.object({ Content: document() }) }),
  'iam:SimulatePrincipalPolicy': () => z.object({ EvaluationResults: list(z.object({ EvalActionName: text(), EvalDecision: text() })) }),
};
const built = new Map<string, z.ZodMiniType>();

/** `Role.Arn`, `AttachedPolicies[0].PolicyArn`: the place as the user would look for it. */
function placeOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

function valueAt(out: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), out);
}

/**
 * Throws FactUnavailable('unusable') naming the call and what is missing, when the answer
 * lacks what the loaders need. Calls without a known shape pass as they are.
 */
export function assertUsableAnswer(call: AwsCall, out: unknown): void {
  const action = `${call.service}:${call.operation}`;
  const build = Object.hasOwn(SHAPES, action) ? SHAPES[action] : undefined;
  if (!build) return;
  let shape = built.get(action);
  if (!shape) built.set(action, (shape = build()));
  const result = shape.safeParse(out);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  const place = placeOf(issue.path) || 'a body';
  const found = valueAt(out, issue.path);
  const what =
    found === undefined || found === null
      ? `without ${place}`
      : `with ${place} that is not ${issue.code === 'invalid_type' ? `a${/^[aeiou]/.test(issue.expected) ? 'n' : ''} ${issue.expected}` : 'what AWS sends'}`;
  throw new FactUnavailable('unusable', `${action} answered ${what} — the answer is unusable (an HTML page, a proxy or a hand-edited snapshot?)`);
}

/**
 * `User: PRINCIPAL is not authorized to perform: ACTION on resource: ARN [because … | with an
 * explicit deny in …]` (docs/design/irsa.md §5.2, §5.4): who called (a session named i-… is the node's
 * instance role, so IRSA was not in effect), what, on which table or index, and which policy
 * type said no. Older messages have no tail.
 */
import type { CheckId } from '../checks/lib/types.js';
import type { SymptomError } from '../checks/lib/symptoms.js';

/**
 * The principal is optional and may be elided with … (a pasted or truncated line: "is not
 * authorized to perform: dynamodb:Query", or the README's "User: arn:aws:sts::…:assumed-role/…").
 */
export const DENIED =
  /(?:User: (arn:aws[\w-]*:(?:sts|iam)::[\d…]+:[^\s"']+) )?is not authorized to perform:? ([\w-]+:[\w*]+)(?: on resource:? ((?:arn:[^\s"']+)|…))?/i;
const ASSUMED = /^arn:aws[\w-]*:sts::([\d…]+):assumed-role\/([^/]+)\/(.+)$/;
const USER = /^arn:aws[\w-]*:iam::([\d…]+):user\/(.+)$/;
/** An instance id, whole or cut short with … as people paste it. */
const INSTANCE_SESSION = /^i-(?:[0-9a-f]{8,}|[0-9a-f]{3,}(?:…|\.\.\.))$/;
/** An elided part ("…") tells nothing: it is left out of the parsed fields. */
const known = (value: string) => !value.includes('…');
const TABLE = /^arn:aws[\w-]*:dynamodb:([\w-]+):(\d+):table\/([^/]+)(?:\/index\/([^/]+))?/;

interface Tail {
  test: RegExp;
  policyType: string;
  checks: CheckId[];
}

/** Which policy type said no, from the message's tail, and the checks that judge it. */
const TAILS: Tail[] = [
  { test: /no session policy allows/i, policyType: 'session policy (EKS Pod Identity association)', checks: ['identity.pod-identity', 'policy.actions'] },
  { test: /explicit deny in a permissions boundary/i, policyType: 'permissions boundary (explicit Deny)', checks: ['policy.actions'] },
  { test: /no permissions boundary allows/i, policyType: 'permissions boundary (no Allow)', checks: ['policy.actions'] },
  { test: /explicit deny in an identity-based policy/i, policyType: 'identity-based policy (explicit Deny)', checks: ['policy.actions'] },
  { test: /no identity-based policy allows/i, policyType: 'identity-based policy (no Allow)', checks: ['policy.actions', 'policy.resource', 'region.match'] },
  { test: /explicit deny in a resource-based policy/i, policyType: "the table's resource-based policy (explicit Deny)", checks: ['table.resource-policy'] },
  // Only across accounts does a missing Allow in the table's policy refuse the call: both sides must allow.
  { test: /resource-based policy/i, policyType: "the table's resource-based policy (no Allow)", checks: ['table.resource-policy', 'policy.actions'] },
  { test: /VPC endpoint policy/i, policyType: 'a VPC endpoint policy', checks: ['network.vpc-endpoint'] },
  // AWS says "explicit deny in a service control policy" even when the SCP deny was implicit (docs/design/irsa.md §4.4).
  { test: /service control policy/i, policyType: 'a service control policy (SCP) of the organization', checks: ['org.guardrails'] },
  { test: /resource control policy/i, policyType: 'a resource control policy (RCP) of the organization', checks: ['org.guardrails'] },
];

const SESSION_SOURCES: [RegExp, string][] = [
  [/^i-[0-9a-f]{8,}$/, "the node's EC2 instance role (IMDS), not IRSA"],
  [/^aws-sdk-java-\d+$/, 'IRSA web identity, AWS SDK for Java'],
  [/^aws-sdk-js-session-\d+$/, 'IRSA web identity, AWS SDK for JavaScript v3'],
  [/^botocore-session-\d+$/, 'IRSA web identity, boto3 / AWS CLI'],
  [/^\d{19}$/, 'IRSA web identity, AWS SDK for Go v2'],
];

export interface DeniedFinding {
  shape: 'access-denied' | 'node-role' | 'static-keys-user' | 'session-policy-denied';
  symptom: SymptomError;
  summary: string;
  checks: CheckId[];
  fields: Record<string, string>;
  /** Where the match starts in the line. */
  index: number;
}

const DESCRIPTIONS: Record<DeniedFinding['shape'], { summary: string; checks: CheckId[] }> = {
  'node-role': {
    summary: "the call was made with the node's instance role (a session named i-…): IRSA was not in effect for this pod, so the SDK fell through to IMDS",
    checks: ['pods.identity', 'sa.annotation', 'deployment.service-account', 'env.static-credentials', 'trust.principal', 'trust.subject'],
  },
  'static-keys-user': {
    summary: 'the call was made as an IAM user: static keys in the pod win over IRSA',
    checks: ['env.static-credentials'],
  },
  'session-policy-denied': {
    summary: "the EKS Pod Identity association's session policy does not allow the call (Pod Identity, not IRSA, supplied the credentials)",
    checks: ['identity.pod-identity', 'policy.actions'],
  },
  'access-denied': {
    summary:
      "the role's policies do not allow this call on this resource (a missing action, a wrong table or index ARN, a wrong region, a Deny or the boundary)",
    checks: ['policy.actions', 'policy.resource', 'region.match'],
  },
};

export function describeDenied(shape: string): { symptom: SymptomError; summary: string; checks: CheckId[] } {
  return { symptom: 'AccessDeniedException', ...DESCRIPTIONS[shape as DeniedFinding['shape']] };
}

const trim = (arn: string) => arn.replace(/[.,;:)\]]+$/, '');

export function parseAccessDenied(line: string): DeniedFinding | undefined {
  const m = DENIED.exec(line);
  if (!m) return undefined;
  const principal = m[1] ? trim(m[1]) : '';
  const action = m[2]!;
  const fields: Record<string, string> = { ...(principal && { principal }), action };
  const assumed = ASSUMED.exec(principal);
  const user = USER.exec(principal);
  let shape: DeniedFinding['shape'] = 'access-denied';
  if (assumed) {
    const [, account, role, session] = assumed as unknown as [string, string, string, string];
    Object.assign(fields, Object.fromEntries(Object.entries({ principalAccount: account, role }).filter(([, v]) => known(v))), { session });
    const source = INSTANCE_SESSION.test(session) ? SESSION_SOURCES[0] : SESSION_SOURCES.find(([re]) => re.test(session));
    if (source) fields.credentialSource = source[1];
    if (INSTANCE_SESSION.test(session)) shape = 'node-role';
  } else if (user) {
    Object.assign(fields, { ...(known(user[1]!) && { principalAccount: user[1]! }), user: user[2]!, credentialSource: 'an IAM user: static access keys' });
    shape = 'static-keys-user';
  }
  if (m[3] && known(m[3])) {
    const resource = trim(m[3]);
    fields.resource = resource;
    const table = TABLE.exec(resource);
    if (table) Object.assign(fields, { region: table[1]!, account: table[2]!, table: table[3]!, ...(table[4] && { index: table[4] }) });
  }
  const rest = line.slice(m.index + m[0].length, m.index + m[0].length + 300);
  const tail = TAILS.find((t) => t.test.test(rest));
  if (tail) fields.policyType = tail.policyType;
  if (shape === 'access-denied' && tail?.policyType.startsWith('session policy')) shape = 'session-policy-denied';
  const { summary, checks } = DESCRIPTIONS[shape];
  // kms:Decrypt refused to the role: DynamoDB could not open the table's KMS key for it.
  const kms = shape === 'access-denied' && action.toLowerCase().startsWith('kms:');
  if (kms) fields.policyType = `the table's KMS key (${tail?.policyType ?? 'key policy or IAM policies'})`;
  const judged: CheckId[] = kms ? ['table.kms-key'] : shape === 'access-denied' && tail ? tail.checks : checks;
  return {
    shape,
    symptom: 'AccessDeniedException',
    summary: kms
      ? `the role may not use the table's KMS key (${action}): DynamoDB cannot decrypt the table key for it`
      : tail && shape === 'access-denied'
        ? tail.checks.includes('network.vpc-endpoint')
          ? `the call was refused by ${tail.policyType} on the way to DynamoDB, not by the role's own policies`
          : `${summary}; denied by ${tail.policyType}`
        : summary,
    checks: judged,
    fields,
    index: m.index,
  };
}

/**
 * Every bundled fixture through the built CLI (`check --snapshot F -o json`). Expected
 * verdicts come from SPEC.md and the acceptance list, not from what the code prints: every
 * check not named in `checks` must pass. Where the SPEC leaves two verdicts defensible, the
 * case lists both and says why; `pass` is never among the alternatives for a link that was
 * not seen to hold.
 */
import { describe, it, expect } from '@jest/globals';
import { readdirSync } from 'node:fs';
import Ajv from 'ajv';
import { CHECK_IDS, type CheckId, type Status } from '../../src/checks/lib/types.js';
import { CHECKS } from '../../src/checks/registry.js';
import type { Report } from '../../src/report/model.js';
import type { CheckResult } from '../../src/report/model.js';
import { fixture, readRepoFile, runCheckJson } from '../helpers/cli.js';

type Field = 'message' | 'evidence' | 'remediation' | 'any';

interface Case {
  fixture: string;
  args?: string[];
  exit: 0 | 1 | 2;
  /** Checks not listed must pass. An array lists the verdicts the SPEC leaves open. */
  checks?: Partial<Record<CheckId, Status | readonly Status[]>>;
  /** Strings a check's output must contain: the real names the user needs to act on. */
  mentions?: Partial<Record<CheckId, Partial<Record<Field, string[]>>>>;
  /** The Common-failures row a result names when it is not its check's usual one (it must follow the cause). */
  symptoms?: Partial<Record<CheckId, string>>;
}

const GUIDE_ROLE = 'cart-dynamodb-role';
const GUIDE_SUBJECT = 'system:serviceaccount:retail-store-prod:cart-sa';
const GUIDE_TABLE_ARN = 'arn:aws:dynamodb:ap-south-1:111122223333:table/Items';
const TRUST_DEPENDANTS = {
  'trust.principal': 'skip',
  'trust.subject': 'skip',
  'trust.audience': 'skip',
  'policy.actions': 'skip',
  'policy.resource': 'skip',
  // The layers of issue #10 judge the role's calls: without the role they wait for sa.annotation.
  'table.resource-policy': 'skip',
  'network.vpc-endpoint': 'skip',
  'policy.simulated': 'skip',
  'org.guardrails': 'skip',
} as const;
// Without a role the policy ARNs' region is unknown, and without an annotated SA the webhook
// injects no AWS_REGION: region.match cannot hold, but which of these it reports is open.
const REGION_UNKNOWN = ['skip', 'warn', 'fail'] as const;
const ROLE_READ_DENIED = {
  'sa.annotation': 'error',
  'oidc.provider': 'error',
  'trust.principal': 'error',
  'trust.subject': 'error',
  'trust.audience': 'error',
  'policy.actions': 'error',
  'policy.resource': 'error',
  'region.match': 'error',
  // It needs the role to exist before it judges the table's policy for it.
  'table.resource-policy': 'error',
  // It judges the endpoint policy for the role's session: an unreadable role is an error there too.
  'network.vpc-endpoint': 'error',
  // The simulator needs the role too: unreadable is an error, as for policy.actions.
  'policy.simulated': 'error',
  'org.guardrails': 'error',
} as const;

/** The layers of issue #10 whose calls a snapshot recorded before them lacks: they skip, asking to record again. */
const NOT_IN_OLD_SNAPSHOTS = ['table.resource-policy', 'network.vpc-endpoint', 'policy.simulated', 'org.guardrails'] as const;

const CASES: Case[] = [
  // The healthy account as `cart-doctor snapshot` records it: every layer answered, every EKS link passes.
  { fixture: 'healthy-guide', exit: 0 },
  // An old snapshot (recorded before the layers of issue #10): each new layer is skipped, asking to record again.
  {
    fixture: 'layers-not-recorded',
    exit: 0,
    checks: Object.fromEntries(NOT_IN_OLD_SNAPSHOTS.map((id) => [id, 'skip'])),
    mentions: Object.fromEntries(NOT_IN_OLD_SNAPSHOTS.map((id) => [id, { message: ['not in this snapshot', 'cart-doctor snapshot'] }])),
  },
  // organization guardrails (SCPs on the role's account, RCPs on the table's)
  {
    fixture: 'org-scp-denies-delete',
    exit: 1,
    // AWS's simulator evaluates the SCP too: it disagrees with the role's policies and points at org.guardrails.
    checks: { 'org.guardrails': 'fail', 'policy.simulated': 'warn' },
    mentions: {
      'policy.simulated': { message: ['dynamodb:DeleteItem', 'an organization SCP does not allow it (see org.guardrails)'] },
      'org.guardrails': {
        message: ['dynamodb:DeleteItem', 'no-deletes-in-prod (p-nodelete1)', 'OU ou-ab12-workload1'],
        remediation: ['describe-policy --policy-id p-nodelete1'],
      },
    },
  },
  {
    fixture: 'org-guardrails-allow',
    exit: 0,
    checks: { 'org.guardrails': 'pass' },
    mentions: { 'org.guardrails': { message: ['allow all 6 calls', 'root r-ab12', 'OU ou-ab12-workload1', 'RCPs'] } },
  },
  {
    fixture: 'org-unreadable',
    exit: 0,
    checks: { 'org.guardrails': 'warn' },
    mentions: {
      'org.guardrails': {
        message: ['may not read', 'organizations:ListParents', 'management account'],
        remediation: ['aws organizations list-policies-for-target --target-id 111122223333 --filter SERVICE_CONTROL_POLICY'],
      },
    },
  },
  { fixture: 'org-none', exit: 0, checks: { 'org.guardrails': 'pass' }, mentions: { 'org.guardrails': { message: ['no SCPs or RCPs apply'] } } },
  // AWS's policy simulator as a second opinion (recorded in two pages)
  {
    fixture: 'simulator-agrees',
    exit: 0,
    checks: { 'policy.simulated': 'pass' },
    mentions: { 'policy.simulated': { message: ['agrees with cart-doctor on all 6 calls', 'cart-dynamodb-policy (user-managed)'] } },
  },
  {
    fixture: 'simulator-scp-denies',
    exit: 0,
    // Recorded from a member account: the doctor may not read the SCPs (org.guardrails warns), the simulator sees them.
    checks: { 'policy.simulated': 'warn', 'org.guardrails': 'warn' },
    mentions: {
      'org.guardrails': { message: ['may not read', 'organizations:ListParents'] },
      'policy.simulated': {
        message: ['dynamodb:DeleteItem', 'AWS: implicitDeny', 'org.guardrails', 'cart-doctor: allowed by'],
        remediation: ['aws iam simulate-principal-policy'],
      },
    },
  },
  { fixture: 'healthy-retail-store', args: ['--preset', 'retail-store'], exit: 0 },

  // trust policy
  {
    fixture: 'trust-wrong-namespace',
    exit: 1,
    checks: { 'trust.subject': 'fail' },
    mentions: { 'trust.subject': { any: ['system:serviceaccount:retail-store:cart-sa'], remediation: [GUIDE_ROLE, GUIDE_SUBJECT] } },
  },
  {
    fixture: 'trust-stringequals-wildcard',
    exit: 1,
    checks: { 'trust.subject': 'fail' },
    mentions: { 'trust.subject': { any: ['StringEquals', 'system:serviceaccount:retail-store-prod:*'], remediation: [GUIDE_ROLE] } },
  },
  {
    // The statement names the old provider, so no statement's sub/aud apply to this cluster.
    fixture: 'trust-old-cluster-issuer',
    exit: 1,
    checks: { 'trust.principal': 'fail', 'trust.subject': 'skip', 'trust.audience': 'skip' },
    mentions: {
      'trust.principal': {
        any: ['5A1B2C3D4E5F60718293A4B5C6D7E8F9', 'EXAMPLED539D4633E53DE1B71EXAMPLE'],
        message: ['trusts cluster id 5A1B2C3D4E5F60718293A4B5C6D7E8F9, this cluster is EXAMPLED539D4633E53DE1B71EXAMPLE', 'still exists in IAM'],
        remediation: [GUIDE_ROLE],
      },
    },
  },
  {
    // `https://HOST:aud` is as unsatisfiable as `https://HOST:sub`: the statement never matches.
    fixture: 'trust-https-in-key',
    exit: 1,
    checks: { 'trust.subject': 'fail', 'trust.audience': 'fail' },
    mentions: { 'trust.subject': { any: ['https://'], remediation: [GUIDE_ROLE] } },
  },
  {
    fixture: 'trust-no-sub-condition',
    exit: 1,
    checks: { 'trust.subject': 'fail' },
    mentions: { 'trust.subject': { remediation: [GUIDE_ROLE, GUIDE_SUBJECT] } },
  },

  // OIDC provider
  {
    // The trust names the right (missing) provider ARN; judging it or skipping on oidc.provider are both honest.
    fixture: 'oidc-provider-missing',
    exit: 1,
    checks: { 'oidc.provider': 'fail', 'trust.principal': ['pass', 'skip'], 'trust.subject': ['pass', 'skip'], 'trust.audience': ['pass', 'skip'] },
    mentions: { 'oidc.provider': { any: ['EXAMPLED539D4633E53DE1B71EXAMPLE'] } },
  },
  {
    fixture: 'oidc-provider-no-sts-audience',
    exit: 1,
    checks: { 'oidc.provider': 'fail' },
    mentions: { 'oidc.provider': { any: ['sts.amazon.com'], remediation: ['sts.amazonaws.com'] } },
  },

  // permissions
  {
    // Nothing grants on the real ARN: policy.resource may fail on the wrong ARN or defer to policy.actions.
    fixture: 'policy-wrong-region',
    exit: 1,
    checks: { 'policy.actions': 'fail', 'policy.resource': ['fail', 'skip'], 'region.match': 'fail' },
    mentions: { 'policy.actions': { any: ['us-east-1'], remediation: [GUIDE_TABLE_ARN] }, 'region.match': { any: ['us-east-1'] } },
  },
  {
    fixture: 'policy-explicit-deny',
    exit: 1,
    checks: { 'policy.actions': 'fail' },
    mentions: { 'policy.actions': { any: ['dynamodb:DeleteItem', 'no-deletes-in-prod'] } },
  },
  {
    fixture: 'policy-boundary-blocks-action',
    exit: 1,
    checks: { 'policy.actions': 'fail' },
    mentions: { 'policy.actions': { any: ['dynamodb:DeleteItem', 'retail-store-boundary'] } },
  },
  {
    fixture: 'policy-wildcards',
    exit: 0,
    checks: { 'policy.resource': 'warn' },
    mentions: { 'policy.resource': { remediation: [GUIDE_TABLE_ARN] } },
  },
  {
    fixture: 'policy-conditional-allow',
    exit: 0,
    // The simulator reports aws:SourceIp missing; cart-doctor cannot decide it either: no agreement either way.
    checks: { 'policy.actions': 'warn', 'policy.simulated': 'warn' },
    mentions: { 'policy.actions': { any: ['aws:SourceIp'] }, 'policy.simulated': { message: ['No agreement', 'missing context values aws:SourceIp'] } },
  },

  // table
  {
    // Issue 10: the table's region is unknown when it is missing, so region.match cannot pass, and
    // the policy checks judged the ARN it would have (a warn naming table.exists), not a real one.
    fixture: 'table-missing',
    exit: 1,
    checks: {
      'table.exists': 'fail',
      'table.active': 'skip',
      'table.key-schema': 'skip',
      'table.billing-mode': 'skip',
      'table.kms-key': 'skip',
      'table.resource-policy': 'skip',
      'region.match': 'warn',
      'policy.actions': 'warn',
      'policy.resource': 'warn',
      // They too judged the ARN the table would have: the simulator's agreement, the RCPs of its account.
      'policy.simulated': 'warn',
      'org.guardrails': 'warn',
    },
    mentions: {
      'table.exists': { any: ['ap-south-1'], remediation: ['aws dynamodb create-table', '--table-name Items', '--region ap-south-1'] },
      'region.match': {
        message: ['not compared: table (Items was not found in ap-south-1; see table.exists)'],
        remediation: ['Create table Items in ap-south-1'],
      },
      'policy.actions': { message: [`judged on ${GUIDE_TABLE_ARN}, the ARN table Items would have`, 'see table.exists'] },
      'policy.simulated': { message: [`judged on ${GUIDE_TABLE_ARN}, the ARN table Items would have`, 'see table.exists'] },
      'org.guardrails': { message: ['no SCPs or RCPs apply', 'see table.exists'] },
      'policy.resource': { message: ['the ARN table Items would have'] },
    },
  },
  { fixture: 'table-wrong-key-type', exit: 1, checks: { 'table.key-schema': 'fail' }, mentions: { 'table.key-schema': { any: ['id'] } } },
  { fixture: 'table-creating', exit: 1, checks: { 'table.active': 'fail' }, mentions: { 'table.active': { any: ['CREATING'] } } },
  {
    fixture: 'table-provisioned',
    exit: 0,
    checks: { 'table.billing-mode': 'warn' },
    mentions: { 'table.billing-mode': { any: ['PROVISIONED'], remediation: ['PAY_PER_REQUEST', 'Items'] } },
  },

  // the table's KMS key and the VPC endpoint (issue #10)
  {
    fixture: 'table-kms-key-disabled',
    exit: 1,
    checks: { 'table.kms-key': 'fail' },
    mentions: {
      'table.kms-key': {
        message: ['Disabled', 'INACCESSIBLE_ENCRYPTION_CREDENTIALS'],
        remediation: ['aws kms enable-key', 'key/1234abcd-12ab-34cd-56ef-1234567890ab'],
      },
    },
  },
  {
    fixture: 'table-kms-key-policy-no-decrypt',
    exit: 1,
    checks: { 'table.kms-key': 'fail' },
    mentions: {
      'table.kms-key': {
        message: ['delegates to IAM', 'kms:Decrypt', GUIDE_ROLE],
        remediation: ['put-role-policy', 'kms:ViaService', 'dynamodb.ap-south-1.amazonaws.com'],
      },
    },
  },
  {
    fixture: 'vpc-endpoint-denies-writes',
    exit: 1,
    checks: { 'network.vpc-endpoint': 'fail' },
    mentions: {
      'network.vpc-endpoint': {
        message: ['vpce-0a1b2c3d4e5f60718', 'dynamodb:PutItem', 'ReadOnly', 'explicit deny in a VPC endpoint policy'],
        remediation: ['aws ec2 modify-vpc-endpoint', '--vpc-endpoint-id vpce-0a1b2c3d4e5f60718'],
      },
    },
  },
  { fixture: 'vpc-endpoint-default-policy', exit: 0, checks: { 'network.vpc-endpoint': 'pass' } },

  // Deployment environment
  {
    fixture: 'static-keys-secret-envfrom',
    exit: 1,
    checks: { 'env.static-credentials': 'fail' },
    mentions: { 'env.static-credentials': { any: ['aws-static-creds', 'AWS_SECRET_ACCESS_KEY'], remediation: ['retail-store-prod'] } },
  },
  { fixture: 'local-endpoint', exit: 1, checks: { 'env.local-endpoint': 'fail' }, mentions: { 'env.local-endpoint': { any: ['DYNAMODB_ENDPOINT'] } } },
  {
    fixture: 'create-table-configmap',
    exit: 1,
    checks: { 'env.create-table': 'fail' },
    mentions: { 'env.create-table': { any: ['CREATE_TABLE', 'cart-configmap'] } },
  },
  {
    fixture: 'region-mismatch',
    exit: 1,
    checks: {
      'region.match': 'fail',
      'table.exists': 'fail',
      'table.active': 'skip',
      'table.key-schema': 'skip',
      'table.billing-mode': 'skip',
      'table.kms-key': 'skip',
    },
    mentions: { 'region.match': { any: ['us-east-1', 'ap-south-1'] }, 'table.exists': { any: ['us-east-1', 'ap-south-1'] } },
  },

  // ServiceAccount / Deployment
  {
    fixture: 'default-service-account',
    exit: 1,
    checks: { 'deployment.service-account': 'fail', 'region.match': REGION_UNKNOWN, 'pods.identity': 'skip' },
    mentions: { 'deployment.service-account': { any: ['default', 'cart-sa'], remediation: ['cart-deployment', 'retail-store-prod'] } },
  },
  {
    fixture: 'annotation-missing',
    exit: 1,
    checks: { 'sa.annotation': 'fail', ...TRUST_DEPENDANTS, 'region.match': REGION_UNKNOWN, 'pods.identity': 'skip' },
    mentions: { 'sa.annotation': { remediation: ['cart-sa', 'retail-store-prod', 'eks.amazonaws.com/role-arn'] } },
  },
  {
    fixture: 'annotation-unrendered',
    exit: 1,
    // The webhook injects even a malformed role-arn (irsa.md §2.1), and AWS_REGION with it: the app, table and cluster regions are all known.
    checks: { 'sa.annotation': 'fail', ...TRUST_DEPENDANTS, 'region.match': 'warn', 'pods.identity': 'skip' },
    mentions: { 'sa.annotation': { any: ['${role_arn}'], remediation: ['cart-sa', 'retail-store-prod'] } },
  },
  {
    // Issue 10: a missing role still gets AWS_ROLE_ARN and the token injected; STS refuses it.
    fixture: 'annotation-role-missing',
    exit: 1,
    checks: { 'sa.annotation': 'fail', ...TRUST_DEPENDANTS, 'region.match': 'warn' },
    mentions: { 'sa.annotation': { message: ['does not exist', 'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity'] } },
    symptoms: { 'sa.annotation': 'AccessDeniedException' },
  },
  {
    // Issue 10: cart-sa exists, in another namespace; the result says where and how to move it.
    fixture: 'sa-other-namespace',
    exit: 1,
    checks: { 'sa.exists': 'fail', 'sa.annotation': 'skip', ...TRUST_DEPENDANTS, 'region.match': REGION_UNKNOWN, 'pods.identity': 'skip' },
    mentions: {
      'sa.exists': {
        message: ['exists in namespace retail-store (retail-store/cart-sa)'],
        evidence: ['retail-store'],
        remediation: ['metadata.namespace: retail-store-prod', 'kubectl -n retail-store-prod', '--namespace retail-store'],
      },
    },
  },
  {
    fixture: 'sa-missing',
    exit: 1,
    checks: { 'sa.exists': 'fail', 'sa.annotation': 'skip', ...TRUST_DEPENDANTS, 'region.match': REGION_UNKNOWN, 'pods.identity': 'skip' },
    mentions: { 'sa.exists': { any: ['cart-sa'], remediation: ['retail-store-prod'] } },
  },

  // the doctor's own access: inconclusive, never a pass for what was not seen
  {
    fixture: 'doctor-denied',
    exit: 2,
    checks: ROLE_READ_DENIED,
    mentions: { 'trust.principal': { message: ['iam:GetRole'] }, 'oidc.provider': { message: ['iam:GetOpenIDConnectProvider'] } },
  },

  // retail-store preset
  {
    // With an endpoint override the cart forces us-west-2 (retail-store-app.md): region.match may say so.
    fixture: 'retail-local-dev-on-eks',
    args: ['--preset', 'retail-store'],
    exit: 1,
    checks: { 'env.static-credentials': 'fail', 'env.local-endpoint': 'fail', 'env.create-table': 'fail', 'region.match': ['pass', 'fail'] },
    mentions: {
      'env.local-endpoint': { any: ['RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT'] },
      'env.create-table': { any: ['RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE'] },
      'env.static-credentials': { any: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] },
    },
  },
  {
    // The granting statements name the real table ARN but not the index: either reading is defensible.
    fixture: 'retail-guide-table-only-policy',
    args: ['--preset', 'retail-store'],
    exit: 1,
    checks: { 'policy.actions': 'fail', 'policy.resource': ['pass', 'fail'] },
    mentions: { 'policy.actions': { any: ['dynamodb:Query', 'idx_global_customerId'] } },
  },
  {
    // "required GSIs ACTIVE" cannot be judged for a GSI that is absent; key-schema owns that verdict.
    fixture: 'retail-no-gsi',
    args: ['--preset', 'retail-store'],
    exit: 1,
    checks: { 'table.key-schema': 'fail', 'table.active': ['pass', 'skip'] },
    mentions: { 'table.key-schema': { any: ['idx_global_customerId'] } },
  },
  {
    fixture: 'retail-provider-in-memory',
    args: ['--preset', 'retail-store'],
    exit: 1,
    checks: { 'env.table-name': 'fail' },
    mentions: { 'env.table-name': { any: ['RETAIL_CART_PERSISTENCE_PROVIDER', 'in-memory'], remediation: ['dynamodb'] } },
  },

  // runtime truth: running pods and EKS Pod Identity (issue #4)
  {
    fixture: 'pods-not-restarted',
    exit: 1,
    checks: { 'pods.identity': 'fail' },
    mentions: {
      'pods.identity': {
        message: ['cart-deployment-6c9f7d8b4-x2x9k', 'no AWS_ROLE_ARN', 'restart needed'],
        remediation: ['kubectl -n retail-store-prod rollout restart deployment/cart-deployment'],
      },
    },
  },
  {
    fixture: 'pods-stale-role',
    exit: 1,
    checks: { 'pods.identity': 'fail' },
    mentions: { 'pods.identity': { message: ['role/cart-role-old', `role/${GUIDE_ROLE}`], remediation: ['rollout restart deployment/cart-deployment'] } },
  },
  {
    fixture: 'pods-own-role-arn',
    exit: 1,
    checks: { 'pods.identity': 'fail' },
    mentions: { 'pods.identity': { message: ['sets AWS_ROLE_ARN itself'], remediation: ['set env deployment/cart-deployment -c cart AWS_ROLE_ARN-'] } },
  },
  {
    fixture: 'pods-default-region-only',
    exit: 1,
    // The app has no AWS_REGION: region.match fails (the Java SDK finds no region); the pods warn.
    checks: { 'pods.identity': 'warn', 'region.match': 'fail' },
    mentions: { 'pods.identity': { message: ['AWS_DEFAULT_REGION but no AWS_REGION'] } },
  },
  {
    fixture: 'pod-identity-shadows-irsa',
    exit: 0,
    checks: { 'identity.pod-identity': 'warn', 'pods.identity': 'warn' },
    mentions: {
      'identity.pod-identity': {
        message: ['a-4f8xw2kq9zv1mnbcd', 'role/cart-pod-identity-role', 'takes precedence over IRSA'],
        remediation: ['aws eks delete-pod-identity-association --cluster-name cart-cluster --association-id a-4f8xw2kq9zv1mnbcd'],
      },
    },
  },
  {
    fixture: 'pod-identity-role-untrusted',
    exit: 1,
    checks: { 'identity.pod-identity': 'fail', 'pods.identity': 'warn' },
    mentions: {
      'identity.pod-identity': {
        message: ['pods.eks.amazonaws.com', 'sts:AssumeRole'],
        remediation: ['update-assume-role-policy --role-name cart-pod-identity-role'],
      },
    },
  },
  {
    // The static chain is healthy, but the app's log shows the node role: the pod ran before IRSA.
    fixture: 'healthy-guide',
    args: ['--logs-file', 'fixtures/logs/carts-node-role.log'],
    exit: 1,
    checks: { 'logs.symptoms': 'fail' },
    mentions: { 'logs.symptoms': { message: ['i-0a1b2c3d4e5f60718', 'dynamodb:GetItem', 'pods.identity'], evidence: ['node-role'] } },
  },
  { fixture: 'healthy-guide', args: ['--logs-file', 'fixtures/logs/carts-healthy.log'], exit: 0 },

  // the table's resource-based policy (issue #10)
  {
    fixture: 'table-policy-deny',
    exit: 1,
    checks: { 'table.resource-policy': 'fail' },
    mentions: {
      'table.resource-policy': {
        message: ['dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem', 'explicit Deny in the resource policy of table Items (Sid ReadersOnly)'],
        remediation: [`aws dynamodb delete-resource-policy --resource-arn ${GUIDE_TABLE_ARN} --region ap-south-1`],
      },
    },
  },
  {
    // Same account: the table's grant supplies what the IAM policy lacks, so the identity checks do not fail.
    fixture: 'table-policy-grants-reads',
    exit: 0,
    checks: { 'table.resource-policy': 'pass' },
    mentions: {
      'policy.actions': { message: ['granted by the resource policy of table Items (Sid CartReads)', "not by the role's IAM policies"] },
      'policy.resource': { message: ["dynamodb:GetItem, dynamodb:Query, dynamodb:Scan are granted by the table's resource policy instead"] },
    },
  },
  {
    fixture: 'table-policy-none',
    exit: 0,
    checks: { 'table.resource-policy': 'pass' },
    mentions: { 'table.resource-policy': { message: ["no resource policy: only the role's IAM policies decide"] } },
  },

  // global tables (issue #10 item 6): the replica in the app's region is the table the app uses
  {
    fixture: 'global-table-replica-active',
    exit: 0,
    mentions: {
      'table.exists': { message: ['global table', 'us-east-1'], evidence: ['"replicas"', '"us-east-1"', '"ACTIVE"'] },
      'table.active': { message: ['ACTIVE', 'global table'] },
    },
  },
  {
    fixture: 'global-table-replica-creating',
    exit: 1,
    checks: { 'table.active': 'fail', 'region.match': 'warn' },
    mentions: {
      'table.exists': { message: ['eu-west-1', 'global table'] },
      'table.active': {
        message: ['eu-west-1', 'CREATING', 'ap-south-1'],
        remediation: ['aws dynamodb wait table-exists --region eu-west-1 --table-name Items'],
      },
    },
  },
  {
    fixture: 'global-table-no-replica-in-app-region',
    exit: 1,
    checks: {
      'table.exists': 'fail',
      'table.active': 'skip',
      'table.key-schema': 'skip',
      'table.billing-mode': 'skip',
      'table.kms-key': 'skip',
      'region.match': 'fail',
    },
    mentions: {
      'table.exists': {
        message: ['eu-west-1', 'global table', 'us-east-1'],
        remediation: [
          `aws dynamodb update-table --region ap-south-1 --table-name Items --replica-updates '[{"Create":{"RegionName":"eu-west-1"}}]'`,
          'AWS_REGION=ap-south-1',
        ],
      },
    },
  },
  {
    fixture: 'global-table-policy-home-region-only',
    exit: 1,
    checks: { 'policy.actions': 'fail', 'policy.resource': 'fail', 'region.match': 'fail' },
    mentions: {
      'policy.resource': {
        message: ['arn:aws:dynamodb:eu-west-1:111122223333:table/Items', 'region ap-south-1', 'eu-west-1', 'global table'],
        remediation: ['arn:aws:dynamodb:eu-west-1:111122223333:table/Items'],
      },
      'policy.actions': { any: ['arn:aws:dynamodb:eu-west-1:111122223333:table/Items'] },
    },
  },
  {
    fixture: 'global-table-policy-any-region',
    exit: 0,
    checks: { 'region.match': 'warn', 'table.resource-policy': 'pass', 'policy.simulated': 'pass' },
    mentions: {
      'policy.resource': { message: ['arn:aws:dynamodb:eu-west-1:111122223333:table/Items'] },
      'region.match': { message: ['table: eu-west-1 (the replica of global table Items)', 'cluster: ap-south-1', 'but it works'] },
      // Each replica has its own resource policy: the one read is the eu-west-1 replica's.
      'table.resource-policy': { any: ['arn:aws:dynamodb:eu-west-1:111122223333:table/Items'] },
    },
  },
];

const schemaText = readRepoFile('schema/report-v1.schema.json');
// ajv is CommonJS: under ESM its default import is module.exports, whose `default` is the class.
const validate = schemaText ? new Ajv.default({ allErrors: true, strict: true }).compile(JSON.parse(schemaText) as object) : undefined;

/** Actual statuses, with an accepted alternative shown as the expectation so a diff shows only real misses. */
/** logs.symptoms is skipped unless a case passes --logs-file: nothing was asked of it; the local.* (K3s) checks skip on these EKS fixtures. */
function verdicts(report: Report, c: Case): { actual: Record<string, Status>; expected: Record<string, Status | readonly Status[]> } {
  const actual = Object.fromEntries(report.checks.map((r) => [r.id, r.status])) as Record<string, Status>;
  const expected: Record<string, Status | readonly Status[]> = {};
  for (const id of CHECK_IDS) {
    const asked = (c.args ?? []).includes('--logs-file');
    const want = c.checks?.[id] ?? ((id === 'logs.symptoms' && !asked) || id.startsWith('local.') ? 'skip' : 'pass');
    expected[id] = Array.isArray(want) && want.includes(actual[id]!) ? actual[id]! : want;
  }
  return { actual, expected };
}

function textOf(result: CheckResult, field: Field): string {
  if (field === 'any') return [result.message, JSON.stringify(result.evidence), result.remediation].join('\n');
  return field === 'evidence' ? JSON.stringify(result.evidence) : result[field];
}

describe('bundled fixtures through the built CLI (check -o json)', () => {
  it('has a case for every bundled fixture, and no case without one', () => {
    const bundled = readdirSync(new URL('../../fixtures/scenarios/', import.meta.url)).map((f) => f.replace(/\.yaml$/, ''));
    expect([...new Set(CASES.map((c) => c.fixture))].sort()).toEqual(['healthy-guide', 'healthy-retail-store', ...bundled].sort());
  });

  it.each(CASES)('$fixture $args → exit $exit', (c) => {
    const { status, stderr, report } = runCheckJson(['--snapshot', fixture(c.fixture), ...(c.args ?? [])]);

    const { actual, expected } = verdicts(report, c);
    expect(actual).toEqual(expected);
    expect(status).toBe(c.exit);
    expect(report.exitCode).toBe(c.exit);
    expect(report.checks.map((r) => r.id).sort()).toEqual([...CHECK_IDS].sort());
    expect(stderr).not.toMatch(/^\s+at /m);
    if (validate) expect(validate(report) ? [] : validate.errors).toEqual([]);

    for (const r of report.checks) {
      if (r.status === 'fail' || r.status === 'warn') expect(r.symptom).not.toBeNull();
      if (r.status === 'fail') {
        expect(report.predictedErrors.find((p) => p.error === r.symptom!.error)?.checks).toContain(r.id);
      }
      // A skip names the check to look at first, unless there was nothing to judge (no logs asked for).
      // …and that check is one it declares in meta.dependsOn.
      if (r.status === 'skip' && !r.evidence.notApplicable) {
        const declared = CHECKS.find((c) => c.meta.id === r.id)!.meta.dependsOn as readonly unknown[];
        expect({ id: r.id, prerequisite: r.evidence.prerequisite, declared: declared.includes(r.evidence.prerequisite) }).toEqual({
          id: r.id,
          prerequisite: r.evidence.prerequisite,
          declared: true,
        });
      }
      if (r.status === 'error') expect(r.message).toMatch(/^could not evaluate: /);
    }
    for (const [id, error] of Object.entries(c.symptoms ?? {})) {
      const result = report.checks.find((r) => r.id === id)!;
      expect({ id, symptom: result.symptom?.error }).toEqual({ id, symptom: error });
    }
    for (const [id, fields] of Object.entries(c.mentions ?? {})) {
      const result = report.checks.find((r) => r.id === id)!;
      for (const [field, needles] of Object.entries(fields) as [Field, string[]][]) {
        for (const needle of needles) expect({ id, field, text: textOf(result, field) }).toEqual({ id, field, text: expect.stringContaining(needle) });
      }
    }
  });
});

/**
 * Scenarios for the layers AWS consults beyond the role's own policies (issue #10): AWS's
 * policy simulator (policy.simulated) and organization guardrails (org.guardrails), plus a
 * snapshot recorded before any of the layers. Answers are shaped as the AWS APIs return them
 * (IAM API Reference, SimulatePrincipalPolicy; AWS Organizations API Reference, ListParents /
 * ListPoliciesForTarget / DescribePolicy); each replaces the healthy world's answer (recordLayer).
 */
import { ACCOUNT, tableArnOf } from './worlds.mjs';
import { LAYER_OPERATIONS, evaluation, notInOrganization, recordLayer, resimulate } from './layers.mjs';

const TABLE = tableArnOf('Items');
const POLICY = { id: 'cart-dynamodb-policy', type: 'user-managed' };

/** The simulator's answer on the guide's six calls in two pages of three (`decide(action)` where it differs from the healthy world's). */
const simulated = (w, decide, options = {}) => resimulate(w, decide, { pageSize: 3, ...options });

const MANAGEMENT = '999988887777';
const ORG_ID = 'o-a1b2c3d4e5';
const ROOT = 'r-ab12';
const OU = 'ou-ab12-workload1';
const org = (service, operation, input, output) => ({ service, operation, input, output });
const policyArn = (type, id) => `arn:aws:organizations::${MANAGEMENT}:policy/${ORG_ID}/${type.toLowerCase()}/${id}`;
const summary = (type, id, name, awsManaged = false) => ({
  Id: id,
  Arn: policyArn(type, id),
  Name: name,
  Description: name,
  Type: type,
  AwsManaged: awsManaged,
});
const FULL = [
  'SERVICE_CONTROL_POLICY',
  'p-FullAWSAccess',
  'FullAWSAccess',
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  true,
];
const RCP_FULL = [
  'RESOURCE_CONTROL_POLICY',
  'p-RCPFullAWSAccess',
  'RCPFullAWSAccess',
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
  true,
];

function describeOrganization() {
  return org(
    'organizations',
    'DescribeOrganization',
    {},
    {
      Organization: {
        Id: ORG_ID,
        Arn: `arn:aws:organizations::${MANAGEMENT}:organization/${ORG_ID}`,
        FeatureSet: 'ALL',
        MasterAccountArn: `arn:aws:organizations::${MANAGEMENT}:account/${ORG_ID}/${MANAGEMENT}`,
        MasterAccountId: MANAGEMENT,
        MasterAccountEmail: 'aws-management@example.com',
      },
    },
  );
}

/** The account in OU workloads under the root; `attached[target]` lists [type, id, name, document, awsManaged] per level. */
function organization(attached) {
  const entries = [
    describeOrganization(),
    org('organizations', 'ListParents', { ChildId: ACCOUNT }, { Parents: [{ Id: OU, Type: 'ORGANIZATIONAL_UNIT' }] }),
    org('organizations', 'ListParents', { ChildId: OU }, { Parents: [{ Id: ROOT, Type: 'ROOT' }] }),
  ];
  const described = new Map();
  for (const target of [ROOT, OU, ACCOUNT]) {
    for (const filter of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']) {
      const policies = (attached[target] ?? []).filter(([type]) => type === filter);
      entries.push(
        org(
          'organizations',
          'ListPoliciesForTarget',
          { TargetId: target, Filter: filter },
          { Policies: policies.map(([type, id, name, , m]) => summary(type, id, name, m)) },
        ),
      );
      for (const [type, id, name, document, m] of policies)
        described.set(id, { Policy: { PolicySummary: summary(type, id, name, m), Content: JSON.stringify(document) } });
    }
  }
  for (const [id, output] of described) entries.push(org('organizations', 'DescribePolicy', { PolicyId: id }, output));
  return entries;
}

/** A member account's view: DescribeOrganization answers, ListParents (management account only) is denied. */
function unreadableOrganization() {
  return [
    describeOrganization(),
    {
      service: 'organizations',
      operation: 'ListParents',
      input: { ChildId: ACCOUNT },
      error: { name: 'AccessDeniedException', message: "You don't have permissions to access this resource." },
    },
  ];
}

/** The simulator's view of an SCP that denies dynamodb:DeleteItem (the role's own policy allows it). */
const SCP_DENIES_DELETE = (a) =>
  a === 'dynamodb:DeleteItem' ? evaluation(a, TABLE, 'implicitDeny', { source: POLICY, allowedByOrganizations: false }) : undefined;

export const LAYER_SCENARIOS = [
  {
    name: 'layers-not-recorded',
    world: 'guide',
    summary:
      'A snapshot recorded before the layers of issue #10: no answer for the resource policy, VPC endpoints, simulator or organization. Each of those checks skips, asking to record again.',
    mutate: (w) => {
      w.aws = w.aws.filter((e) => !LAYER_OPERATIONS.includes(`${e.service}:${e.operation}`));
    },
  },
  {
    name: 'simulator-agrees',
    world: 'guide',
    summary: "AWS's policy simulator (recorded in two pages) allows all six calls, as cart-doctor does: policy.simulated passes naming both.",
    mutate: (w) => simulated(w, () => undefined),
  },
  {
    name: 'simulator-scp-denies',
    world: 'guide',
    summary:
      "AWS's policy simulator says an organization SCP denies dynamodb:DeleteItem although the role's policies allow it: policy.simulated warns with both reasoning lines.",
    // From a member account, as usual: the doctor may not read the SCPs, the simulator sees them.
    mutate: (w) => {
      simulated(w, SCP_DENIES_DELETE, { inOrganization: true });
      recordLayer(w, unreadableOrganization());
    },
  },
  {
    name: 'org-scp-denies-delete',
    world: 'guide',
    summary:
      "The account sits in an OU whose SCP denies dynamodb:DeleteItem (FullAWSAccess everywhere, RCPFullAWSAccess for RCPs): org.guardrails fails naming the SCP and the OU; the role's own policies allow it, AWS's policy simulator denies it.",
    mutate: (w) => {
      recordLayer(
        w,
        organization({
          [ROOT]: [FULL, RCP_FULL],
          [OU]: [
            FULL,
            RCP_FULL,
            [
              'SERVICE_CONTROL_POLICY',
              'p-nodelete1',
              'no-deletes-in-prod',
              { Version: '2012-10-17', Statement: [{ Sid: 'NoDeletes', Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' }] },
            ],
          ],
          [ACCOUNT]: [FULL, RCP_FULL],
        }),
      );
      // The simulator evaluates the same SCP, so it denies the call too.
      simulated(w, SCP_DENIES_DELETE, { inOrganization: true });
    },
  },
  {
    name: 'org-guardrails-allow',
    world: 'guide',
    summary: 'The account is in an organization whose SCPs and RCPs allow everything the Cart calls: org.guardrails passes naming each level.',
    mutate: (w) => {
      recordLayer(w, organization({ [ROOT]: [FULL, RCP_FULL], [OU]: [FULL, RCP_FULL], [ACCOUNT]: [FULL, RCP_FULL] }));
      resimulate(w, () => undefined, { inOrganization: true });
    },
  },
  {
    name: 'org-unreadable',
    world: 'guide',
    summary:
      'The doctor runs in a member account: DescribeOrganization answers, ListParents is denied. org.guardrails warns that it may not read the SCPs/RCPs and says what to run from the management account.',
    mutate: (w) => {
      recordLayer(w, unreadableOrganization());
      resimulate(w, () => undefined, { inOrganization: true });
    },
  },
  {
    name: 'org-none',
    world: 'guide',
    summary: 'The account is in no organization (AWSOrganizationsNotInUseException): org.guardrails passes, no SCPs or RCPs apply.',
    mutate: (w) => recordLayer(w, [notInOrganization()]),
  },
];

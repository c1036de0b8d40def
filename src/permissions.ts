/**
 * The doctor's own least privilege: exactly the read calls the facts layer makes, scoped to
 * the target. `cart-doctor permissions` prints these; permissions/ ships the placeholder form.
 */
export interface PermissionsTarget {
  partition?: string;
  account?: string;
  region?: string;
  cluster?: string;
  role?: string;
  table?: string;
  namespace?: string;
}

export interface IamStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
}

export function doctorIamPolicy(t: PermissionsTarget): { Version: '2012-10-17'; Statement: IamStatement[] } {
  const part = t.partition ?? 'aws';
  const acct = t.account ?? '<ACCOUNT_ID>';
  const region = t.region ?? '<REGION>';
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EksCluster',
        Effect: 'Allow',
        Action: ['eks:DescribeCluster'],
        Resource: `arn:${part}:eks:${region}:${acct}:cluster/${t.cluster ?? '<CLUSTER>'}`,
      },
      { Sid: 'OidcProviders', Effect: 'Allow', Action: ['iam:ListOpenIDConnectProviders'], Resource: '*' },
      { Sid: 'OidcProvider', Effect: 'Allow', Action: ['iam:GetOpenIDConnectProvider'], Resource: `arn:${part}:iam::${acct}:oidc-provider/*` },
      {
        Sid: 'CartRole',
        Effect: 'Allow',
        Action: ['iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies', 'iam:GetRolePolicy'],
        // The leading * admits a role path (role/team/cart-dynamodb-role).
        Resource: `arn:${part}:iam::${acct}:role/*${t.role ?? '<ROLE>'}`,
      },
      {
        Sid: 'CartPolicies',
        Effect: 'Allow',
        Action: ['iam:GetPolicy', 'iam:GetPolicyVersion'],
        Resource: [`arn:${part}:iam::${acct}:policy/*`, `arn:${part}:iam::aws:policy/*`],
      },
      {
        Sid: 'PodIdentityAssociations',
        Effect: 'Allow',
        Action: ['eks:ListPodIdentityAssociations', 'eks:DescribePodIdentityAssociation'],
        Resource: [
          `arn:${part}:eks:${region}:${acct}:cluster/${t.cluster ?? '<CLUSTER>'}`,
          `arn:${part}:eks:${region}:${acct}:podidentityassociation/${t.cluster ?? '<CLUSTER>'}/*`,
        ],
      },
      {
        // A Pod Identity association may name any role; the doctor reads it only when one exists.
        Sid: 'PodIdentityRole',
        Effect: 'Allow',
        Action: ['iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies', 'iam:GetRolePolicy'],
        Resource: `arn:${part}:iam::${acct}:role/*`,
      },
      {
        // policy.simulated: AWS's own evaluator on the Cart role, as a second opinion (read-only).
        Sid: 'CartRoleSimulation',
        Effect: 'Allow',
        Action: ['iam:SimulatePrincipalPolicy'],
        Resource: `arn:${part}:iam::${acct}:role/*${t.role ?? '<ROLE>'}`,
      },
      {
        // org.guardrails: SCPs and RCPs up the OU chain. Only the management account or a delegated
        // administrator can list and read them; elsewhere the check warns that it may not.
        Sid: 'OrganizationGuardrails',
        Effect: 'Allow',
        Action: ['organizations:DescribeOrganization', 'organizations:ListParents', 'organizations:ListPoliciesForTarget', 'organizations:DescribePolicy'],
        Resource: '*',
      },
      // Any region: the doctor looks for the table where the app looks, which may be the wrong one.
      // GetResourcePolicy: the table's resource policy (table.resource-policy); without it that check warns.
      {
        Sid: 'CartTable',
        Effect: 'Allow',
        Action: ['dynamodb:DescribeTable', 'dynamodb:GetResourcePolicy'],
        Resource: `arn:${part}:dynamodb:*:${acct}:table/${t.table ?? '<TABLE>'}`,
      },
      // table.kms-key: the table's customer managed key (its state and key policy), in the table's region.
      { Sid: 'CartTableKey', Effect: 'Allow', Action: ['kms:DescribeKey', 'kms:GetKeyPolicy'], Resource: `arn:${part}:kms:*:${acct}:key/*` },
      // network.vpc-endpoint: EC2 Describe* calls take no resource-level permissions.
      { Sid: 'DynamoDbVpcEndpoints', Effect: 'Allow', Action: ['ec2:DescribeVpcEndpoints'], Resource: '*' },
    ],
  };
}

/** Namespaced read-only Role + RoleBinding; Secrets are read for key names only, and may be left out. */
export function doctorRbac(t: PermissionsTarget): string {
  const ns = t.namespace ?? '<NAMESPACE>';
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: cart-doctor-read
  namespace: ${ns}
rules:
  - apiGroups: [""]
    resources: [serviceaccounts, configmaps, pods]
    verbs: [get, list]
  # Only with --logs: the Cart container's recent log lines.
  - apiGroups: [""]
    resources: [pods/log]
    verbs: [get]
  # Key names only: values are dropped on load and never printed. Remove this rule and the
  # doctor warns that it could not see which keys a Secret holds.
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get]
  - apiGroups: [apps]
    resources: [deployments, replicasets]
    verbs: [get, list]
  # Only with --platform k3s: the DynamoDB Service and the workloads it may select.
  - apiGroups: [""]
    resources: [services]
    verbs: [get]
  - apiGroups: [apps]
    resources: [statefulsets]
    verbs: [list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: cart-doctor-read
  namespace: ${ns}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: cart-doctor-read
subjects:
  - kind: User
    name: <WHO_RUNS_CART_DOCTOR>
    apiGroup: rbac.authorization.k8s.io
`;
}

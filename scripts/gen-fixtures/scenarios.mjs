/**
 * One small mutation of a healthy base world per acceptance scenario. `summary` is written at
 * the top of the fixture; the verdicts each fixture must produce live in
 * test/e2e/scenarios.test.ts (from SPEC.md, not from what the code prints).
 */
import {
  ACCOUNT,
  HOST,
  ISSUER,
  PROVIDER_ARN,
  REGION,
  ROLE_ARN_ANNOTATION,
  GUIDE_ACTIONS,
  getRole,
  guidePolicy,
  inlinePolicy,
  managedPolicy,
  policyArnOf,
  roleArnOf,
  rolePolicyLists,
  tableArnOf,
} from './worlds.mjs';
import { evaluation, recordLayer, resimulate, tableResourcePolicy, vpcEndpoints } from './layers.mjs';

/** Fake credentials, recognizable so tests can prove they never reach the output. */
export const LEAK_CANARIES = {
  secretAccessKey: 'fakeSecretValue-DO-NOT-LEAK-7f3a9c',
  accessKeyId: 'AKIAFAKECANARY7F3A9C',
  localDevSecret: 'local-dev-secret-DO-NOT-LEAK-51d2',
  localDevKey: 'local-dev-key-DO-NOT-LEAK-51d2',
};

const OLD_HOST = 'oidc.eks.ap-south-1.amazonaws.com/id/5A1B2C3D4E5F60718293A4B5C6D7E8F9';
const OLD_PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${OLD_HOST}`;

const find = (w, operation, where = () => true) => {
  const e = w.aws.find((x) => x.operation === operation && where(x));
  if (!e) throw new Error(`no ${operation} entry`);
  return e;
};
const kube = (w, kind) => {
  const o = w.kubernetes.find((x) => x.kind === kind);
  if (!o) throw new Error(`no ${kind}`);
  return o;
};
const container = (w) => kube(w, 'Deployment').spec.template.spec.containers[0];
const configMapData = (w) => kube(w, 'ConfigMap').data;
const trust = (w) => find(w, 'GetRole').output.Role.AssumeRolePolicyDocument;
const trustCondition = (w) => trust(w).Statement[0].Condition;
const table = (w) => find(w, 'DescribeTable').output.Table;
/** The one policy document that grants the Cart its actions (managed in guide, inline in retail). */
const grantingPolicy = (w) =>
  w.preset === 'guide' ? find(w, 'GetPolicyVersion').output.PolicyVersion.Document : find(w, 'GetRolePolicy').output.PolicyDocument;

const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ENABLE_IAM = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };

/** The table on a customer managed key: SSEDescription, the key's DescribeKey and (when given) its key policy. */
function encryptWithCustomerKey(w, { state, policy }) {
  table(w).SSEDescription = { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: KEY_ARN };
  w.aws.push({
    service: 'kms',
    operation: 'DescribeKey',
    region: REGION,
    input: { KeyId: KEY_ARN },
    output: {
      KeyMetadata: {
        AWSAccountId: ACCOUNT,
        KeyId: KEY_ARN.split('/')[1],
        Arn: KEY_ARN,
        CreationDate: '2025-02-03T11:30:00Z',
        Enabled: state === 'Enabled',
        Description: 'Cart table key',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeyState: state,
        Origin: 'AWS_KMS',
        KeyManager: 'CUSTOMER',
        KeySpec: 'SYMMETRIC_DEFAULT',
      },
    },
  });
  if (policy) {
    w.aws.push({
      service: 'kms',
      operation: 'GetKeyPolicy',
      region: REGION,
      input: { KeyId: KEY_ARN, PolicyName: 'default' },
      output: { Policy: JSON.stringify(policy), PolicyName: 'default' },
    });
  }
}

function answerWithError(entry, name, message) {
  delete entry.output;
  entry.error = { name, message };
}

const GUIDE_POLICY = { id: 'cart-dynamodb-policy', type: 'user-managed' };

/** The table's resource policy (`undefined`: none) in place of the healthy world's answer. */
const tableResourcePolicyOf = (w, document) => recordLayer(w, [tableResourcePolicy(table(w).TableArn, document)]);

function addInlinePolicy(w, role, name, document) {
  find(w, 'ListRolePolicies').output.PolicyNames.push(name);
  w.aws.push(inlinePolicy(role, name, document));
}

const b64 = (s) => Buffer.from(s).toString('base64');

export const SCENARIOS = [
  // ── trust policy ──────────────────────────────────────────────────────────
  {
    name: 'trust-wrong-namespace',
    world: 'guide',
    summary: 'The trust policy admits system:serviceaccount:retail-store:cart-sa, but the pods run in retail-store-prod.',
    mutate: (w) => {
      trustCondition(w).StringEquals[`${HOST}:sub`] = 'system:serviceaccount:retail-store:cart-sa';
    },
  },
  {
    name: 'trust-stringequals-wildcard',
    world: 'guide',
    summary: 'The sub condition uses StringEquals with a `*`, which IAM matches literally (it needs StringLike).',
    mutate: (w) => {
      trustCondition(w).StringEquals[`${HOST}:sub`] = 'system:serviceaccount:retail-store-prod:*';
    },
  },
  {
    name: 'trust-old-cluster-issuer',
    world: 'guide',
    summary: "The cluster was recreated: the trust policy still names the old cluster's OIDC provider and keys; the new provider exists.",
    mutate: (w) => {
      const stmt = trust(w).Statement[0];
      stmt.Principal.Federated = OLD_PROVIDER_ARN;
      stmt.Condition = { StringEquals: { [`${OLD_HOST}:sub`]: 'system:serviceaccount:retail-store-prod:cart-sa', [`${OLD_HOST}:aud`]: 'sts.amazonaws.com' } };
      find(w, 'ListOpenIDConnectProviders').output.OpenIDConnectProviderList.unshift({ Arn: OLD_PROVIDER_ARN });
      const current = find(w, 'GetOpenIDConnectProvider');
      w.aws.push({ ...current, input: { OpenIDConnectProviderArn: OLD_PROVIDER_ARN }, output: { ...current.output, Url: OLD_HOST } });
    },
  },
  {
    name: 'trust-https-in-key',
    world: 'guide',
    summary: 'The condition keys were built from the issuer URL and keep `https://`, so they never exist in the request.',
    mutate: (w) => {
      trustCondition(w).StringEquals = {
        [`${ISSUER}:sub`]: 'system:serviceaccount:retail-store-prod:cart-sa',
        [`${ISSUER}:aud`]: 'sts.amazonaws.com',
      };
    },
  },
  {
    name: 'trust-no-sub-condition',
    world: 'guide',
    encoding: 'object',
    summary: 'The trust policy checks only the audience: any pod in the cluster can assume the role.',
    mutate: (w) => {
      delete trustCondition(w).StringEquals[`${HOST}:sub`];
    },
  },
  // ── OIDC provider ─────────────────────────────────────────────────────────
  {
    name: 'oidc-provider-missing',
    world: 'guide',
    summary: "No IAM OIDC provider exists for this cluster's issuer; only an old cluster's provider is left.",
    mutate: (w) => {
      answerWithError(find(w, 'GetOpenIDConnectProvider'), 'NoSuchEntityException', `OpenIDConnect Provider not found for arn ${PROVIDER_ARN}`);
      find(w, 'ListOpenIDConnectProviders').output.OpenIDConnectProviderList = [{ Arn: OLD_PROVIDER_ARN }];
    },
  },
  {
    name: 'oidc-provider-no-sts-audience',
    world: 'guide',
    summary: 'The OIDC provider was created with client ID sts.amazon.com instead of sts.amazonaws.com.',
    mutate: (w) => {
      find(w, 'GetOpenIDConnectProvider').output.ClientIDList = ['sts.amazon.com'];
    },
  },
  // ── permissions ───────────────────────────────────────────────────────────
  {
    name: 'policy-wrong-region',
    world: 'guide',
    summary: 'cart-dynamodb-policy names the table in us-east-1; the table (and cluster) are in ap-south-1.',
    mutate: (w) => {
      grantingPolicy(w).Statement[0].Resource = tableArnOf('Items', 'us-east-1');
      // AWS's simulator agrees: no statement names the real table.
      resimulate(w, (action, resource) => evaluation(action, resource, 'implicitDeny'));
    },
  },
  {
    name: 'policy-explicit-deny',
    world: 'guide',
    encoding: 'object',
    summary: 'An inline guardrail policy explicitly denies dynamodb:DeleteItem on the table.',
    mutate: (w) => {
      addInlinePolicy(w, 'cart-dynamodb-role', 'no-deletes-in-prod', {
        Version: '2012-10-17',
        Statement: [{ Sid: 'NoDeletesInProd', Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: tableArnOf('Items') }],
      });
      resimulate(w, (action, resource) =>
        action === 'dynamodb:DeleteItem' ? evaluation(action, resource, 'explicitDeny', { source: { id: 'no-deletes-in-prod', type: 'role' } }) : undefined,
      );
    },
  },
  {
    name: 'policy-boundary-blocks-action',
    world: 'guide',
    summary: "The role's permissions boundary allows no dynamodb:DeleteItem, so the identity policy's grant is cut.",
    mutate: (w) => {
      const boundary = 'retail-store-boundary';
      find(w, 'GetRole').output.Role.PermissionsBoundary = {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: policyArnOf(boundary),
      };
      const allowed = GUIDE_ACTIONS.filter((a) => a !== 'dynamodb:DeleteItem').concat('dynamodb:BatchGetItem', 'dynamodb:DescribeTable');
      const [getPolicy, getVersion] = managedPolicy(
        boundary,
        {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'DynamoDbReadWriteNoDelete', Effect: 'Allow', Action: allowed, Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/*` },
            { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
          ],
        },
        'v2',
      );
      getPolicy.output.Policy.AttachmentCount = 0;
      getPolicy.output.Policy.PermissionsBoundaryUsageCount = 4;
      w.aws.push(getPolicy, getVersion);
      resimulate(w, (action, resource) => {
        const inBoundary = action !== 'dynamodb:DeleteItem';
        return evaluation(action, resource, inBoundary ? 'allowed' : 'implicitDeny', { source: GUIDE_POLICY, allowedByBoundary: inBoundary });
      });
    },
  },
  {
    name: 'policy-wildcards',
    world: 'guide',
    encoding: 'object',
    summary: 'The policy grants dynamodb:* on "*": it works, but it is not least privilege.',
    mutate: (w) => {
      grantingPolicy(w).Statement = [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }];
    },
  },
  {
    name: 'policy-conditional-allow',
    world: 'guide',
    summary: 'The grant holds only if aws:SourceIp is in 10.0.0.0/16, which the doctor cannot know (absent through a VPC endpoint).',
    mutate: (w) => {
      grantingPolicy(w).Statement[0].Condition = { IpAddress: { 'aws:SourceIp': '10.0.0.0/16' } };
      // The simulator does not guess the pod's source IP: it reports the value missing.
      resimulate(w, (action, resource) => evaluation(action, resource, 'implicitDeny', { missing: ['aws:SourceIp'] }));
    },
  },
  // ── table ─────────────────────────────────────────────────────────────────
  {
    name: 'table-missing',
    world: 'guide',
    summary: 'Table Items does not exist in ap-south-1 (EKS never creates it).',
    mutate: (w) => answerWithError(find(w, 'DescribeTable'), 'ResourceNotFoundException', 'Requested resource not found: Table: Items not found'),
  },
  {
    name: 'table-wrong-key-type',
    world: 'guide',
    summary: 'The partition key id was created as a Number (N); the app writes String ids.',
    mutate: (w) => {
      table(w).AttributeDefinitions[0].AttributeType = 'N';
    },
  },
  {
    name: 'table-creating',
    world: 'guide',
    summary: 'Table Items is still CREATING.',
    mutate: (w) => Object.assign(table(w), { TableStatus: 'CREATING', TableSizeBytes: 0, ItemCount: 0 }),
  },
  {
    name: 'table-provisioned',
    world: 'guide',
    summary: 'Table Items reports no BillingModeSummary (never switched to on-demand): PROVISIONED at 5/5 capacity units.',
    mutate: (w) => {
      const t = table(w);
      delete t.BillingModeSummary;
      t.ProvisionedThroughput = { NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 5 };
    },
  },
  // ── Layers beyond the role's policies (issue #10): the table's KMS key, the VPC endpoint ──
  {
    name: 'table-kms-key-disabled',
    world: 'guide',
    summary: 'Table Items is encrypted with a customer managed KMS key that was disabled: KMS refuses to decrypt the table key.',
    mutate: (w) => encryptWithCustomerKey(w, { state: 'Disabled' }),
  },
  {
    name: 'table-kms-key-policy-no-decrypt',
    world: 'guide',
    summary: "Table Items uses an enabled customer managed key whose policy delegates to IAM, but the role's policies do not allow kms:Decrypt on it.",
    mutate: (w) => encryptWithCustomerKey(w, { state: 'Enabled', policy: { Version: '2012-10-17', Id: 'key-default-1', Statement: [ENABLE_IAM] } }),
  },
  {
    name: 'vpc-endpoint-denies-writes',
    world: 'guide',
    summary: "The cluster's VPC has a DynamoDB gateway endpoint whose policy denies dynamodb:PutItem (a read-only endpoint): the Cart cannot write.",
    mutate: (w) =>
      recordLayer(w, [
        vpcEndpoints([
          {
            id: 'vpce-0a1b2c3d4e5f60718',
            policy: {
              Version: '2008-10-17',
              Statement: [
                { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
                { Sid: 'ReadOnly', Effect: 'Deny', Principal: '*', Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], Resource: '*' },
              ],
            },
          },
        ]),
      ]),
  },
  {
    name: 'vpc-endpoint-default-policy',
    world: 'guide',
    summary: "The cluster's VPC has a DynamoDB gateway endpoint with the default full-access policy: it lets every call through.",
    mutate: (w) =>
      recordLayer(w, [
        vpcEndpoints([
          { id: 'vpce-0a1b2c3d4e5f60718', policy: { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] } },
        ]),
      ]),
  },
  // ── Deployment environment ────────────────────────────────────────────────
  {
    name: 'static-keys-secret-envfrom',
    world: 'guide',
    summary: 'Static AWS keys reach the Cart container through envFrom of Secret aws-static-creds (they win over IRSA).',
    mutate: (w) => {
      const values = { AWS_ACCESS_KEY_ID: LEAK_CANARIES.accessKeyId, AWS_SECRET_ACCESS_KEY: LEAK_CANARIES.secretAccessKey };
      const lastApplied = JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'aws-static-creds', namespace: 'retail-store-prod' },
        stringData: values,
        type: 'Opaque',
      });
      w.kubernetes.push({
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'Opaque',
        metadata: {
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied },
          creationTimestamp: '2025-03-01T17:40:12Z',
          name: 'aws-static-creds',
          namespace: 'retail-store-prod',
          resourceVersion: '40112233',
          uid: '5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716',
        },
        data: { AWS_ACCESS_KEY_ID: b64(values.AWS_ACCESS_KEY_ID), AWS_SECRET_ACCESS_KEY: b64(values.AWS_SECRET_ACCESS_KEY) },
      });
      container(w).envFrom.push({ secretRef: { name: 'aws-static-creds' } });
    },
  },
  {
    name: 'local-endpoint',
    world: 'guide',
    summary: 'The K3s dev ConfigMap still points DynamoDB at http://dynamodb:8000.',
    mutate: (w) => {
      configMapData(w).DYNAMODB_ENDPOINT = 'http://dynamodb:8000';
    },
  },
  {
    name: 'create-table-configmap',
    world: 'guide',
    summary: 'The ConfigMap still sets CREATE_TABLE=true from the dev setup.',
    mutate: (w) => {
      configMapData(w).CREATE_TABLE = 'true';
    },
  },
  {
    name: 'region-mismatch',
    world: 'guide',
    summary: 'The container sets AWS_REGION=us-east-1 in env (so the webhook injects none); the table is in ap-south-1.',
    mutate: (w) => {
      container(w).env.push({ name: 'AWS_REGION', value: 'us-east-1' });
      w.aws.push({
        service: 'dynamodb',
        operation: 'DescribeTable',
        region: 'us-east-1',
        input: { TableName: 'Items' },
        error: { name: 'ResourceNotFoundException', message: 'Requested resource not found: Table: Items not found' },
      });
    },
  },
  // ── ServiceAccount / Deployment ───────────────────────────────────────────
  {
    name: 'default-service-account',
    world: 'guide',
    summary: 'The Deployment sets no serviceAccountName, so its pods run as `default` (no role-arn annotation, no IRSA).',
    mutate: (w) => {
      delete kube(w, 'Deployment').spec.template.spec.serviceAccountName;
    },
  },
  {
    name: 'annotation-missing',
    world: 'guide',
    summary: 'ServiceAccount cart-sa has no eks.amazonaws.com/role-arn annotation.',
    mutate: (w) => {
      delete kube(w, 'ServiceAccount').metadata.annotations;
    },
  },
  {
    name: 'annotation-unrendered',
    world: 'guide',
    summary: 'The role-arn annotation is an unrendered template placeholder: ${role_arn}.',
    mutate: (w) => {
      kube(w, 'ServiceAccount').metadata.annotations[ROLE_ARN_ANNOTATION] = '${role_arn}';
    },
  },
  {
    name: 'sa-missing',
    world: 'guide',
    summary: 'ServiceAccount cart-sa does not exist in retail-store-prod (the Deployment names it).',
    mutate: (w) => {
      w.kubernetes = w.kubernetes.filter((o) => o.kind !== 'ServiceAccount');
    },
  },
  {
    name: 'sa-other-namespace',
    world: 'guide',
    summary: 'ServiceAccount cart-sa was applied to namespace retail-store, not retail-store-prod where the Deployment runs (no pods are created).',
    mutate: (w) => {
      kube(w, 'ServiceAccount').metadata.namespace = 'retail-store';
      w.pods = false;
    },
  },
  {
    name: 'annotation-role-missing',
    world: 'guide',
    summary:
      'The annotated role cart-dynamodb-role was deleted: the webhook still injects its ARN and the token, and STS answers AccessDenied (Not authorized to perform sts:AssumeRoleWithWebIdentity).',
    mutate: (w) => {
      const missing = `The role with name cart-dynamodb-role cannot be found.`;
      for (const op of ['GetRole', 'ListAttachedRolePolicies', 'ListRolePolicies']) answerWithError(find(w, op), 'NoSuchEntityException', missing);
    },
  },
  // ── the doctor's own access ───────────────────────────────────────────────
  {
    name: 'doctor-denied',
    world: 'guide',
    summary: 'The identity running cart-doctor may read EKS and DynamoDB but was denied every IAM read.',
    mutate: (w) => {
      for (const entry of w.aws.filter((e) => e.service === 'iam')) {
        const resource = entry.input?.RoleName ? `role ${entry.input.RoleName}` : entry.input ? Object.values(entry.input)[0] : '*';
        answerWithError(
          entry,
          'AccessDenied',
          `User: arn:aws:sts::${ACCOUNT}:assumed-role/platform-readonly/ci-run-8841 is not authorized to perform: iam:${entry.operation} on resource: ${resource} because no identity-based policy allows the iam:${entry.operation} action`,
        );
      }
    },
  },
  // ── retail-store preset ───────────────────────────────────────────────────
  {
    name: 'retail-local-dev-on-eks',
    world: 'retail',
    summary: "The workshop's DynamoDB-local ConfigMap was applied to EKS: endpoint override, fake keys and create-table=true.",
    mutate: (w) => {
      Object.assign(configMapData(w), {
        RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE: 'true',
        RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT: 'http://carts-dynamodb:8000',
        AWS_ACCESS_KEY_ID: LEAK_CANARIES.localDevKey,
        AWS_SECRET_ACCESS_KEY: LEAK_CANARIES.localDevSecret,
      });
    },
  },
  {
    name: 'retail-guide-table-only-policy',
    world: 'retail',
    summary: "The role carries the setup guide's policy (table ARN only): the startup Query on idx_global_customerId is denied.",
    mutate: (w) => {
      find(w, 'GetRolePolicy').output.PolicyDocument = guidePolicy('retail-store-carts');
      const source = { id: 'carts-dynamo', type: 'role' };
      resimulate(w, (action, resource) =>
        resource.endsWith('/index/idx_global_customerId') ? evaluation(action, resource, 'implicitDeny') : evaluation(action, resource, 'allowed', { source }),
      );
    },
  },
  {
    name: 'retail-no-gsi',
    world: 'retail',
    summary: 'The table was created from the setup guide: no idx_global_customerId, which the cart queries at startup.',
    mutate: (w) => {
      const t = table(w);
      delete t.GlobalSecondaryIndexes;
      t.AttributeDefinitions = t.AttributeDefinitions.filter((a) => a.AttributeName !== 'customerId');
    },
  },
  {
    name: 'retail-provider-in-memory',
    world: 'retail',
    summary: 'RETAIL_CART_PERSISTENCE_PROVIDER is in-memory: the cart never touches DynamoDB and loses carts on restart.',
    mutate: (w) => {
      configMapData(w).RETAIL_CART_PERSISTENCE_PROVIDER = 'in-memory';
    },
  },

  // runtime truth (issue #4): the running pods and EKS Pod Identity
  {
    name: 'pods-not-restarted',
    world: 'guide',
    summary: 'The ServiceAccount was annotated after the pods started (managedFields say when): they carry no AWS_ROLE_ARN and need a restart.',
    mutate: (w) => {
      // The API server's record of who wrote the annotation, and when (kubectl get --show-managed-fields).
      kube(w, 'ServiceAccount').metadata.managedFields = [
        {
          apiVersion: 'v1',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': { 'f:annotations': { '.': {}, [`f:${ROLE_ARN_ANNOTATION}`]: {} } } },
          manager: 'kubectl-annotate',
          operation: 'Update',
          time: '2025-03-16T11:40:02Z',
        },
      ];
      w.mutatePods = (pods) => pods.forEach(stripIrsa);
    },
  },
  {
    name: 'pods-stale-role',
    world: 'guide',
    summary: 'The annotation was changed to cart-dynamodb-role after the pods started: they still assume the old role.',
    mutate: (w) => {
      w.mutatePods = (pods) => pods.forEach((p) => (p.spec.containers[0].env.find((e) => e.name === 'AWS_ROLE_ARN').value = roleArnOf('cart-role-old')));
    },
  },
  {
    name: 'pods-own-role-arn',
    world: 'guide',
    summary: 'The cart container sets AWS_ROLE_ARN itself (another role): the webhook injects neither it nor the token file.',
    mutate: (w) => container(w).env.push({ name: 'AWS_ROLE_ARN', value: roleArnOf('cart-role-old') }),
  },
  {
    name: 'pods-default-region-only',
    world: 'guide',
    summary: 'The container sets only AWS_DEFAULT_REGION, so the webhook injects no AWS_REGION; the Java SDK finds no region.',
    mutate: (w) => container(w).env.push({ name: 'AWS_DEFAULT_REGION', value: REGION }),
  },
  {
    name: 'pod-identity-shadows-irsa',
    world: 'guide',
    summary: 'An EKS Pod Identity association maps the ServiceAccount to another (working) role: it wins over the IRSA annotation.',
    mutate: (w) =>
      addAssociation(w, {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
      }),
  },
  {
    name: 'pod-identity-role-untrusted',
    world: 'guide',
    summary: 'A Pod Identity association names a role whose trust policy does not trust pods.eks.amazonaws.com: the pods get no credentials.',
    mutate: (w) =>
      addAssociation(w, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
  },
  // The table's resource-based policy (issue #10, table.resource-policy)
  {
    name: 'table-policy-deny',
    world: 'guide',
    summary: "The table's resource policy explicitly denies the Cart role writes (a data-protection guardrail); its IAM policy allows them.",
    mutate: (w) =>
      tableResourcePolicyOf(w, {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ReadersOnly',
            Effect: 'Deny',
            Principal: { AWS: roleArnOf('cart-dynamodb-role') },
            Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
            Resource: tableArnOf('Items'),
          },
        ],
      }),
  },
  {
    name: 'table-policy-grants-reads',
    world: 'guide',
    summary:
      "The role's IAM policy grants only the item writes; the table's resource policy grants the role GetItem, Query and Scan (same account: either side may allow).",
    mutate: (w) => {
      grantingPolicy(w).Statement[0].Action = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
      // The simulator does not evaluate a table's resource policy for a role: the reads are denied there.
      resimulate(w, (action, resource) =>
        ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'].includes(action) ? evaluation(action, resource, 'implicitDeny') : undefined,
      );
      tableResourcePolicyOf(w, {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'CartReads',
            Effect: 'Allow',
            Principal: { AWS: roleArnOf('cart-dynamodb-role') },
            Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
            Resource: [tableArnOf('Items'), `${tableArnOf('Items')}/index/*`],
          },
        ],
      });
    },
  },
  {
    name: 'table-policy-none',
    world: 'guide',
    summary: "The table has no resource policy (GetResourcePolicy answers PolicyNotFoundException): only the role's IAM policies decide; every check passes.",
    mutate: (w) => tableResourcePolicyOf(w, undefined),
  },
];

/** What a pod created before the annotation looks like: none of the webhook's injection. */
function stripIrsa(pod) {
  const c = pod.spec.containers[0];
  c.env = c.env.filter((e) => !['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_REGION', 'AWS_DEFAULT_REGION'].includes(e.name));
  c.volumeMounts = (c.volumeMounts ?? []).filter((m) => m.name !== 'aws-iam-token');
  pod.spec.volumes = pod.spec.volumes.filter((v) => v.name !== 'aws-iam-token');
}

const ASSOCIATION_ID = 'a-4f8xw2kq9zv1mnbcd';
const PI_ROLE = 'cart-pod-identity-role';

/** A Pod Identity association for cart-sa whose role has `trust` and the guide's grants (inline). */
function addAssociation(w, trust) {
  const list = find(w, 'ListPodIdentityAssociations');
  const summary = {
    clusterName: 'cart-cluster',
    namespace: 'retail-store-prod',
    serviceAccount: 'cart-sa',
    associationId: ASSOCIATION_ID,
    associationArn: `arn:aws:eks:${REGION}:${ACCOUNT}:podidentityassociation/cart-cluster/${ASSOCIATION_ID}`,
    ownerArn: '',
  };
  list.output.associations = [summary];
  w.aws.push(
    {
      service: 'eks',
      operation: 'DescribePodIdentityAssociation',
      region: REGION,
      input: { clusterName: 'cart-cluster', associationId: ASSOCIATION_ID },
      output: {
        association: {
          ...summary,
          roleArn: roleArnOf(PI_ROLE),
          tags: {},
          createdAt: '2025-06-01T10:00:00Z',
          modifiedAt: '2025-06-01T10:00:00Z',
          disableSessionTags: false,
        },
      },
    },
    getRole(PI_ROLE, trust),
    ...rolePolicyLists(PI_ROLE, { inline: ['cart-items'] }),
    inlinePolicy(PI_ROLE, 'cart-items', guidePolicy('Items')),
  );
  w.mutatePods = (pods) =>
    pods.forEach((p) => {
      stripIrsa(p);
      p.spec.containers[0].env.push(
        { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' },
        { name: 'AWS_DEFAULT_REGION', value: REGION },
        { name: 'AWS_REGION', value: REGION },
        { name: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', value: 'http://169.254.170.23/v1/credentials' },
        { name: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', value: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token' },
      );
    });
}

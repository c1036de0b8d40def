/**
 * The two healthy base worlds the fixtures are mutations of: the setup guide's Cart and the
 * upstream retail-store cart. Each world is what `cart-doctor snapshot` would record: SDK v3
 * output shapes (PascalCase IAM/DynamoDB, camelCase EKS) and `kubectl get -o yaml` objects.
 * Policy documents are kept as objects here; gen-fixtures.mjs encodes them per fixture.
 */
import { configMap, deployment, serviceAccount } from './kube.mjs';
import { ACCOUNT, CLUSTER, GUIDE_ACTIONS, HOST, ISSUER, ITEM_ACTIONS, PROVIDER_ARN, REGION, VPC_ID, policyArnOf, roleArnOf, tableArnOf } from './ids.mjs';
import { healthyLayers } from './layers.mjs';

export { ROLE_ARN_ANNOTATION } from './kube.mjs';
export { ACCOUNT, CLUSTER, GUIDE_ACTIONS, HOST, ISSUER, PROVIDER_ARN, REGION, policyArnOf, roleArnOf, tableArnOf } from './ids.mjs';

/** The trust policy of the EKS procedure: Federated = this cluster's provider, sub AND aud. */
export function irsaTrust({ namespace, serviceAccount, audienceOperator = 'StringEquals' }) {
  const condition =
    audienceOperator === 'StringEquals'
      ? { StringEquals: { [`${HOST}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`, [`${HOST}:aud`]: 'sts.amazonaws.com' } }
      : {
          StringEquals: { [`${HOST}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}` },
          [audienceOperator]: { [`${HOST}:aud`]: 'sts.amazonaws.com' },
        };
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: '', Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }],
  };
}

/** The setup guide's step-3 policy: six actions on the table ARN only. */
export function guidePolicy(table) {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: [...GUIDE_ACTIONS], Resource: tableArnOf(table) }],
  };
}

/** The minimum the real cart needs: item actions on the table, Query on its GSI. */
export function retailPolicy(table) {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'CartItems', Effect: 'Allow', Action: [...ITEM_ACTIONS], Resource: tableArnOf(table) },
      { Sid: 'CartsByCustomer', Effect: 'Allow', Action: 'dynamodb:Query', Resource: `${tableArnOf(table)}/index/idx_global_customerId` },
    ],
  };
}

/** No EKS Pod Identity association for the ServiceAccount: IRSA is the credential path. */
export function podIdentityAssociations(namespace, serviceAccount, associations = []) {
  return {
    service: 'eks',
    operation: 'ListPodIdentityAssociations',
    region: REGION,
    input: { clusterName: CLUSTER, namespace, serviceAccount },
    output: { associations },
  };
}

function cluster() {
  return {
    service: 'eks',
    operation: 'DescribeCluster',
    region: REGION,
    input: { name: CLUSTER },
    output: {
      cluster: {
        name: CLUSTER,
        arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`,
        createdAt: '2025-02-03T11:42:07.512Z',
        version: '1.31',
        endpoint: 'https://EXAMPLED539D4633E53DE1B71EXAMPLE.gr7.ap-south-1.eks.amazonaws.com',
        roleArn: roleArnOf('cart-cluster-eks-cluster-role'),
        resourcesVpcConfig: {
          subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
          securityGroupIds: [],
          clusterSecurityGroupId: 'sg-0123456789abcdef0',
          vpcId: VPC_ID,
          endpointPublicAccess: true,
          endpointPrivateAccess: true,
        },
        identity: { oidc: { issuer: ISSUER } },
        status: 'ACTIVE',
        platformVersion: 'eks.12',
        tags: {},
      },
    },
  };
}

function oidcProvider() {
  return [
    {
      service: 'iam',
      operation: 'GetOpenIDConnectProvider',
      input: { OpenIDConnectProviderArn: PROVIDER_ARN },
      output: {
        Url: HOST,
        ClientIDList: ['sts.amazonaws.com'],
        ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
        CreateDate: '2025-02-03T12:05:31Z',
        Tags: [{ Key: 'alpha.eksctl.io/cluster-name', Value: CLUSTER }],
      },
    },
    {
      service: 'iam',
      operation: 'ListOpenIDConnectProviders',
      output: { OpenIDConnectProviderList: [{ Arn: PROVIDER_ARN }] },
    },
  ];
}

export function getRole(role, trust) {
  return {
    service: 'iam',
    operation: 'GetRole',
    input: { RoleName: role },
    output: {
      Role: {
        Path: '/',
        RoleName: role,
        RoleId: 'AROAEXAMPLEROLEID0001',
        Arn: roleArnOf(role),
        CreateDate: '2025-02-03T12:11:48Z',
        AssumeRolePolicyDocument: trust,
        Description: 'Cart service access to DynamoDB through IRSA',
        MaxSessionDuration: 3600,
        RoleLastUsed: { LastUsedDate: '2025-03-14T08:55:02Z', Region: REGION },
      },
    },
  };
}

/** GetPolicy + GetPolicyVersion of a customer-managed policy (default version v1). */
export function managedPolicy(name, document, versionId = 'v1') {
  const arn = policyArnOf(name);
  return [
    {
      service: 'iam',
      operation: 'GetPolicy',
      input: { PolicyArn: arn },
      output: {
        Policy: {
          PolicyName: name,
          PolicyId: 'ANPAEXAMPLEPOLICYID01',
          Arn: arn,
          Path: '/',
          DefaultVersionId: versionId,
          AttachmentCount: 1,
          PermissionsBoundaryUsageCount: 0,
          IsAttachable: true,
          CreateDate: '2025-02-03T12:09:15Z',
          UpdateDate: '2025-02-03T12:09:15Z',
        },
      },
    },
    {
      service: 'iam',
      operation: 'GetPolicyVersion',
      input: { PolicyArn: arn, VersionId: versionId },
      output: { PolicyVersion: { Document: document, VersionId: versionId, IsDefaultVersion: true, CreateDate: '2025-02-03T12:09:15Z' } },
    },
  ];
}

export function inlinePolicy(role, name, document) {
  return {
    service: 'iam',
    operation: 'GetRolePolicy',
    input: { RoleName: role, PolicyName: name },
    output: { RoleName: role, PolicyName: name, PolicyDocument: document },
  };
}

export function rolePolicyLists(role, { attached = [], inline = [] }) {
  return [
    {
      service: 'iam',
      operation: 'ListAttachedRolePolicies',
      input: { RoleName: role },
      output: { AttachedPolicies: attached.map((p) => ({ PolicyName: p, PolicyArn: policyArnOf(p) })), IsTruncated: false },
    },
    { service: 'iam', operation: 'ListRolePolicies', input: { RoleName: role }, output: { PolicyNames: inline, IsTruncated: false } },
  ];
}

function describeTable(table, gsis) {
  const arn = tableArnOf(table);
  const attrs = [{ AttributeName: 'id', AttributeType: 'S' }, ...gsis.map((g) => ({ AttributeName: g.hashKey, AttributeType: 'S' }))];
  const onDemand = { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
  return {
    service: 'dynamodb',
    operation: 'DescribeTable',
    region: REGION,
    input: { TableName: table },
    output: {
      Table: {
        AttributeDefinitions: attrs,
        TableName: table,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        TableStatus: 'ACTIVE',
        CreationDateTime: '2025-02-03T12:02:44.118Z',
        ProvisionedThroughput: onDemand,
        TableSizeBytes: 18342,
        ItemCount: 57,
        TableArn: arn,
        TableId: '4f5e9d1c-2b3a-4c8d-9e0f-1a2b3c4d5e6f',
        BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: '2025-02-03T12:02:44.118Z' },
        ...(gsis.length > 0 && {
          GlobalSecondaryIndexes: gsis.map((g) => ({
            IndexName: g.name,
            KeySchema: [{ AttributeName: g.hashKey, KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
            IndexStatus: 'ACTIVE',
            ProvisionedThroughput: onDemand,
            IndexSizeBytes: 18342,
            ItemCount: 57,
            IndexArn: `${arn}/index/${g.name}`,
          })),
        }),
        DeletionProtectionEnabled: false,
      },
    },
  };
}

/** The setup guide's Cart: every check passes. AWS_REGION comes from the IRSA webhook. */
export function guideWorld() {
  const ns = 'retail-store-prod';
  const role = 'cart-dynamodb-role';
  const labels = { app: 'cart', component: 'backend' };
  return {
    preset: 'guide',
    encoding: 'url',
    target: { cluster: CLUSTER, region: REGION },
    aws: [
      cluster(),
      getRole(role, irsaTrust({ namespace: ns, serviceAccount: 'cart-sa' })),
      ...rolePolicyLists(role, { attached: ['cart-dynamodb-policy'] }),
      ...managedPolicy('cart-dynamodb-policy', guidePolicy('Items')),
      ...oidcProvider(),
      describeTable('Items', []),
      podIdentityAssociations(ns, 'cart-sa'),
      ...healthyLayers({
        roleArn: roleArnOf(role),
        tableArn: tableArnOf('Items'),
        grants: GUIDE_ACTIONS.map((action) => [action, tableArnOf('Items')]),
        source: { id: 'cart-dynamodb-policy', type: 'user-managed' },
      }),
    ],
    kubernetes: [
      serviceAccount('cart-sa', ns, roleArnOf(role)),
      configMap('cart-configmap', ns, { TABLE_NAME: 'Items' }),
      deployment({
        name: 'cart-deployment',
        namespace: ns,
        labels,
        serviceAccountName: 'cart-sa',
        container: {
          name: 'cart',
          image: '111122223333.dkr.ecr.ap-south-1.amazonaws.com/retail-store/cart:1.6.2',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
          env: [{ name: 'JAVA_OPTS', value: '-XX:MaxRAMPercentage=75.0 -Djava.security.egd=file:/dev/urandom' }],
          envFrom: [{ configMapRef: { name: 'cart-configmap' } }],
          resources: { limits: { memory: '512Mi' }, requests: { cpu: '250m', memory: '512Mi' } },
        },
      }),
    ],
  };
}

/** The upstream retail-store cart (chart 1.6.2, release `carts`) on EKS with IRSA. */
export function retailWorld() {
  const ns = 'carts';
  const role = 'retail-store-carts-dynamo';
  const table = 'retail-store-carts';
  const labels = {
    'app.kubernetes.io/name': 'carts',
    'app.kubernetes.io/instance': 'carts',
    'app.kubernetes.io/component': 'service',
    'app.kubernetes.io/owner': 'retail-store-sample',
  };
  const helm = { ...labels, 'helm.sh/chart': 'carts-1.6.2', 'app.kubernetes.io/managed-by': 'Helm' };
  return {
    preset: 'retail-store',
    encoding: 'json',
    target: { table, cluster: CLUSTER, region: REGION },
    aws: [
      cluster(),
      // The terraform IRSA module adds a StringLike on :aud when audiences are passed.
      getRole(role, irsaTrust({ namespace: ns, serviceAccount: 'carts', audienceOperator: 'StringLike' })),
      ...rolePolicyLists(role, { inline: ['carts-dynamo'] }),
      inlinePolicy(role, 'carts-dynamo', retailPolicy(table)),
      ...oidcProvider(),
      describeTable(table, [{ name: 'idx_global_customerId', hashKey: 'customerId' }]),
      podIdentityAssociations(ns, 'carts'),
      ...healthyLayers({
        roleArn: roleArnOf(role),
        tableArn: tableArnOf(table),
        grants: [...ITEM_ACTIONS.map((action) => [action, tableArnOf(table)]), ['dynamodb:Query', `${tableArnOf(table)}/index/idx_global_customerId`]],
        source: { id: 'carts-dynamo', type: 'role' },
      }),
    ],
    kubernetes: [
      serviceAccount('carts', ns, roleArnOf(role), helm),
      configMap(
        'carts',
        ns,
        {
          RETAIL_CART_PERSISTENCE_PROVIDER: 'dynamodb',
          RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME: table,
          RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE: 'false',
        },
        helm,
      ),
      deployment({
        name: 'carts',
        namespace: ns,
        labels,
        serviceAccountName: 'carts',
        container: {
          name: 'carts',
          image: 'public.ecr.aws/aws-containers/retail-store-sample-cart:1.6.2',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
          env: [{ name: 'JAVA_OPTS', value: '-XX:MaxRAMPercentage=75.0 -Djava.security.egd=file:/dev/urandom' }],
          envFrom: [{ configMapRef: { name: 'carts' } }],
          readinessProbe: { httpGet: { path: '/actuator/health/readiness', port: 8080 }, initialDelaySeconds: 10, periodSeconds: 5 },
          securityContext: { capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000 },
        },
      }),
    ],
  };
}

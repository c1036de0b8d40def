/**
 * Seeds moto with the setup guide's world (cluster, OIDC provider, role, policy, table), with
 * one link broken per variant. Writes happen here, in the test, never in the doctor.
 */
import { CreateClusterCommand, DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  AttachRolePolicyCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateTableCommand, DynamoDBClient, PutResourcePolicyCommand } from '@aws-sdk/client-dynamodb';

export const REGION = 'ap-south-1';
export const ACCOUNT = '123456789012';

export type Break =
  | 'none'
  | 'trust-wrong-namespace'
  | 'no-oidc-provider'
  | 'table-missing'
  | 'policy-wrong-region'
  | 'role-missing'
  | 'table-provisioned'
  | 'explicit-deny'
  | 'wrong-audience'
  | 'missing-action'
  /** The table's resource policy denies the role writes (its IAM policy allows them). */
  | 'table-policy-deny'
  /** The role's IAM policy lacks Query; the table's resource policy grants it to the role. */
  | 'table-policy-grants-query';

export async function seedWorld(endpoint: string, broken: Break): Promise<void> {
  const config = { endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const eks = new EKSClient(config);
  const iam = new IAMClient(config);
  const ddb = new DynamoDBClient(config);

  await eks.send(new CreateClusterCommand({ name: 'cart-cluster', roleArn: `arn:aws:iam::${ACCOUNT}:role/eks`, resourcesVpcConfig: { subnetIds: [] } }));
  const issuer = (await eks.send(new DescribeClusterCommand({ name: 'cart-cluster' }))).cluster!.identity!.oidc!.issuer!;
  const host = issuer.replace(/^https:\/\//, '');
  if (broken !== 'no-oidc-provider') {
    await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: issuer,
        ClientIDList: ['sts.amazonaws.com'],
        ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
      }),
    );
  }
  const namespace = broken === 'trust-wrong-namespace' ? 'default' : 'retail-store-prod';
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${host}:sub`]: `system:serviceaccount:${namespace}:cart-sa`,
            [`${host}:aud`]: broken === 'wrong-audience' ? 'sts.amazon.com' : 'sts.amazonaws.com',
          },
        },
      },
    ],
  };
  if (broken !== 'role-missing') {
    await iam.send(new CreateRoleCommand({ RoleName: 'cart-dynamodb-role', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const policyRegion = broken === 'policy-wrong-region' ? 'us-east-1' : REGION;
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan']
            .filter((a) => (broken !== 'missing-action' && broken !== 'table-policy-grants-query') || a !== 'Query')
            .map((a) => `dynamodb:${a}`),
          Resource: `arn:aws:dynamodb:${policyRegion}:${ACCOUNT}:table/Items`,
        },
      ],
    };
    const created = await iam.send(new CreatePolicyCommand({ PolicyName: 'cart-dynamodb-policy', PolicyDocument: JSON.stringify(policy) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'cart-dynamodb-role', PolicyArn: created.Policy!.Arn! }));
    if (broken === 'explicit-deny') {
      const deny = { Version: '2012-10-17', Statement: [{ Sid: 'NoDeletes', Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' }] };
      await iam.send(new PutRolePolicyCommand({ RoleName: 'cart-dynamodb-role', PolicyName: 'no-deletes', PolicyDocument: JSON.stringify(deny) }));
    }
  }
  if (broken !== 'table-missing') {
    await ddb.send(
      new CreateTableCommand({
        TableName: 'Items',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        ...(broken === 'table-provisioned'
          ? { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }
          : { BillingMode: 'PAY_PER_REQUEST' }),
      }),
    );
  }
  const tableArn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Items`;
  const role = { AWS: `arn:aws:iam::${ACCOUNT}:role/cart-dynamodb-role` };
  const tableStatement = {
    'table-policy-deny': { Sid: 'ReadersOnly', Effect: 'Deny', Principal: role, Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], Resource: tableArn },
    'table-policy-grants-query': { Sid: 'CartQuery', Effect: 'Allow', Principal: role, Action: 'dynamodb:Query', Resource: tableArn },
  }[broken as string];
  if (tableStatement) {
    await ddb.send(new PutResourcePolicyCommand({ ResourceArn: tableArn, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [tableStatement] }) }));
  }
}

export const GUIDE_MANIFESTS = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: cart-sa
  namespace: retail-store-prod
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/cart-dynamodb-role
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cart-config
  namespace: retail-store-prod
data:
  TABLE_NAME: Items
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart-deployment
  namespace: retail-store-prod
spec:
  selector: { matchLabels: { app: cart } }
  template:
    metadata: { labels: { app: cart } }
    spec:
      serviceAccountName: cart-sa
      containers:
        - name: cart
          image: cart:latest
          envFrom:
            - configMapRef: { name: cart-config }
`;

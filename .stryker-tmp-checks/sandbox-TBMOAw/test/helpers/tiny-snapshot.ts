/**
 * A small, self-contained snapshot (SPEC §5) of the guide's healthy setup, written to a temp
 * dir, so tests that run the built CLI do not depend on the shared fixtures changing.
 */
// @ts-nocheck

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ACCOUNT = '111122223333';
const REGION = 'ap-south-1';
const ISSUER_HOST = `oidc.eks.${REGION}.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/cart-dynamodb-role`;
const POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/cart-dynamodb-policy`;
const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Items`;

const trust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:retail-store-prod:cart-sa',
          [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com',
        },
      },
    },
  ],
};

const permissions = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan'].map((a) => `dynamodb:${a}`),
      Resource: TABLE_ARN,
    },
  ],
};

/** JSON is YAML, so the snapshot is written as JSON: no YAML library needed in tests. */
export const HEALTHY_SNAPSHOT = {
  apiVersion: 'cart-doctor/v1',
  kind: 'Snapshot',
  target: { cluster: 'cart-cluster', region: REGION },
  aws: [
    {
      service: 'eks',
      operation: 'DescribeCluster',
      input: { name: 'cart-cluster' },
      output: {
        cluster: {
          name: 'cart-cluster',
          arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/cart-cluster`,
          status: 'ACTIVE',
          identity: { oidc: { issuer: `https://${ISSUER_HOST}` } },
        },
      },
    },
    {
      service: 'iam',
      operation: 'GetRole',
      input: { RoleName: 'cart-dynamodb-role' },
      output: { Role: { RoleName: 'cart-dynamodb-role', Arn: ROLE_ARN, AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)) } },
    },
    {
      service: 'iam',
      operation: 'ListAttachedRolePolicies',
      input: { RoleName: 'cart-dynamodb-role' },
      output: { AttachedPolicies: [{ PolicyName: 'cart-dynamodb-policy', PolicyArn: POLICY_ARN }], IsTruncated: false },
    },
    { service: 'iam', operation: 'ListRolePolicies', input: { RoleName: 'cart-dynamodb-role' }, output: { PolicyNames: [], IsTruncated: false } },
    { service: 'iam', operation: 'GetPolicy', input: { PolicyArn: POLICY_ARN }, output: { Policy: { Arn: POLICY_ARN, DefaultVersionId: 'v1' } } },
    {
      service: 'iam',
      operation: 'GetPolicyVersion',
      input: { PolicyArn: POLICY_ARN, VersionId: 'v1' },
      output: { PolicyVersion: { VersionId: 'v1', IsDefaultVersion: true, Document: permissions } },
    },
    {
      service: 'iam',
      operation: 'GetOpenIDConnectProvider',
      input: { OpenIDConnectProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}` },
      output: { Url: ISSUER_HOST, ClientIDList: ['sts.amazonaws.com'] },
    },
    {
      service: 'dynamodb',
      operation: 'DescribeTable',
      region: REGION,
      input: { TableName: 'Items' },
      output: {
        Table: {
          TableName: 'Items',
          TableArn: TABLE_ARN,
          TableStatus: 'ACTIVE',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
        },
      },
    },
  ],
  kubernetes: [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'cart-sa', namespace: 'retail-store-prod', annotations: { 'eks.amazonaws.com/role-arn': ROLE_ARN } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'cart-deployment', namespace: 'retail-store-prod' },
      spec: {
        template: {
          spec: {
            serviceAccountName: 'cart-sa',
            containers: [
              {
                name: 'cart',
                image: 'cart:1.0',
                env: [
                  { name: 'AWS_REGION', value: REGION },
                  { name: 'TABLE_NAME', value: 'Items' },
                ],
              },
            ],
          },
        },
      },
    },
  ],
};

/** Writes `snapshot` (default: the healthy one) to a fresh temp dir and returns its path. */
export function writeTinySnapshot(snapshot: object = HEALTHY_SNAPSHOT): string {
  const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-test-'));
  const file = join(dir, 'snapshot.yaml');
  writeFileSync(file, JSON.stringify(snapshot, null, 2));
  return file;
}

/**
 * The table's KMS key and the cluster VPC's DynamoDB endpoint, live against moto through the
 * built CLI (issue #10): moto serves kms DescribeKey/GetKeyPolicy/DisableKey, DynamoDB tables on a
 * customer managed key, and ec2 CreateVpcEndpoint/DescribeVpcEndpoints with a policy. moto's
 * DescribeCluster leaves out resourcesVpcConfig.vpcId, so the proxy adds the VPC it created.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, DisableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateVpcCommand, CreateVpcEndpointCommand, DescribeRouteTablesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { PutRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Report } from '../../src/report/model.js';
import { findMotoPython, startMoto, type Moto } from './moto.js';
import { doctor, writeGuideManifests } from './moto-doctor.js';
import { REGION, seedWorld } from './moto-world.js';
import { startLoggingProxy, type LoggingProxy } from './logging-proxy.js';

const python = findMotoPython();
if (!python && process.env.CI === 'true') throw new Error('moto is not installed, and CI must run the live tests (python3 -m moto.server)');

const manifests = writeGuideManifests();
const CHECK = ['check', '-f', manifests, '--cluster', 'cart-cluster', '-o', 'json'];
const resultOf = (r: Report, id: string) => r.checks.find((c) => c.id === id)!;

(python ? describe : describe.skip)('live: table.kms-key and network.vpc-endpoint against moto', () => {
  let moto: Moto;
  let proxy: LoggingProxy;
  /** The VPC the proxy adds to moto's DescribeCluster answer. */
  let vpcId: string | undefined;
  const config = () => ({ endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

  beforeAll(async () => {
    moto = await startMoto(python!);
    proxy = await startLoggingProxy(moto.endpoint, {
      rewrite: (operation, body) => {
        if (operation !== 'DescribeCluster' || !vpcId) return undefined;
        const answer = JSON.parse(body) as { cluster: { resourcesVpcConfig?: Record<string, unknown> } };
        answer.cluster.resourcesVpcConfig = { ...answer.cluster.resourcesVpcConfig, vpcId };
        return JSON.stringify(answer);
      },
    });
  }, 30_000);
  afterAll(async () => {
    await proxy?.close();
    moto?.stop();
  });

  /** The healthy world, its table on a new customer managed key (moto's default key policy delegates to IAM). */
  async function tableOnCustomerKey(): Promise<{ keyId: string; keyArn: string }> {
    await moto.reset();
    vpcId = undefined;
    await seedWorld(moto.endpoint, 'table-missing');
    const key = (await new KMSClient(config()).send(new CreateKeyCommand({ Description: 'cart table key' }))).KeyMetadata!;
    await new DynamoDBClient(config()).send(
      new CreateTableCommand({
        TableName: 'Items',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: key.Arn! },
      }),
    );
    return { keyId: key.KeyId!, keyArn: key.Arn! };
  }

  it('a customer managed key whose policy delegates to IAM, and the role may not kms:Decrypt: fail naming the key; with the grant: pass', async () => {
    const { keyArn } = await tableOnCustomerKey();
    const denied = await doctor(proxy.endpoint, CHECK);
    const kms = resultOf(denied.report, 'table.kms-key');
    expect([kms.status, kms.symptom?.error]).toEqual(['fail', 'AccessDeniedException']);
    expect(kms.message).toContain(keyArn);
    expect(kms.message).toContain('delegates to IAM');
    expect(denied.status).toBe(1);

    const grant = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn }] };
    await new IAMClient(config()).send(
      new PutRolePolicyCommand({ RoleName: 'cart-dynamodb-role', PolicyName: 'cart-kms', PolicyDocument: JSON.stringify(grant) }),
    );
    const granted = await doctor(proxy.endpoint, CHECK);
    expect([resultOf(granted.report, 'table.kms-key').status, granted.status]).toEqual(['pass', 0]);
  }, 60_000);

  it('a disabled customer managed key: fail with the enable-key command', async () => {
    const { keyId, keyArn } = await tableOnCustomerKey();
    // moto 5.2.1 answers DisableKey by ARN with a 500: by key id.
    await new KMSClient(config()).send(new DisableKeyCommand({ KeyId: keyId }));
    const { report } = await doctor(proxy.endpoint, CHECK);
    const kms = resultOf(report, 'table.kms-key');
    expect(kms.status).toBe('fail');
    expect(kms.message).toContain('Disabled');
    expect(kms.remediation).toContain(`aws kms enable-key --region ${REGION} --key-id ${keyArn}`);
  }, 60_000);

  it('a gateway endpoint whose policy denies PutItem: fail naming it; no endpoint: pass; recorded and replayed offline', async () => {
    await moto.reset();
    await seedWorld(moto.endpoint, 'none');
    const ec2 = new EC2Client(config());
    vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const none = await doctor(proxy.endpoint, CHECK);
    expect(resultOf(none.report, 'network.vpc-endpoint').status).toBe('pass');
    expect(resultOf(none.report, 'network.vpc-endpoint').message).toContain(vpcId);

    const routes = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Sid: 'ReadOnly', Effect: 'Deny', Principal: '*', Action: 'dynamodb:PutItem', Resource: '*' },
      ],
    };
    const endpoint = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: `com.amazonaws.${REGION}.dynamodb`,
        VpcEndpointType: 'Gateway',
        RouteTableIds: routes.RouteTables!.map((t) => t.RouteTableId!),
        PolicyDocument: JSON.stringify(policy),
      }),
    );
    const id = endpoint.VpcEndpoint!.VpcEndpointId!;
    const live = await doctor(proxy.endpoint, CHECK);
    const vpce = resultOf(live.report, 'network.vpc-endpoint');
    expect([vpce.status, live.status]).toEqual(['fail', 1]);
    expect(vpce.message).toContain(id);
    expect(vpce.message).toContain('dynamodb:PutItem');

    // `cart-doctor snapshot` records the new call, and the snapshot replays to the same verdict.
    const file = join(dirname(manifests), 'layers.yaml');
    const rec = await doctor(proxy.endpoint, ['snapshot', '-f', manifests, '--cluster', 'cart-cluster', '-o', file]);
    expect(rec.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('operation: DescribeVpcEndpoints');
    const replay = await doctor('http://127.0.0.1:9', ['check', '--snapshot', file, '-f', manifests, '-o', 'json']);
    expect(resultOf(replay.report, 'network.vpc-endpoint').status).toBe('fail');
  }, 90_000);
});

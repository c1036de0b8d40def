// @ts-nocheck
import { describe, expect, it, jest, beforeEach } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LiveAwsSource, assertReadOnly, type SdkLoader } from '../../src/sources/aws-live.js';
import { AwsApiError } from '../../src/sources/types.js';
import { FactUnavailable } from '../../src/errors.js';

describe('read-only gateway', () => {
  it.each([
    ['DescribeTable', true],
    ['DescribeCluster', true],
    ['GetRole', true],
    ['GetPolicyVersion', true],
    ['ListAttachedRolePolicies', true],
    ['SimulatePrincipalPolicy', true],
    ['DeleteTable', false],
    ['PutItem', false],
    ['CreateTable', false],
    ['UpdateAssumeRolePolicy', false],
    ['AttachRolePolicy', false],
    ['TagResource', false],
    ['Describe', false],
    ['describeTable', false],
    ['GetRole; DeleteTable', false],
  ])('%s allowed=%s', (operation, allowed) => {
    if (allowed) expect(() => assertReadOnly(operation)).not.toThrow();
    else expect(() => assertReadOnly(operation)).toThrow(/refused/);
  });

  it('refuses a write before loading the SDK or building a client', async () => {
    const loader = jest.fn<SdkLoader>();
    const aws = new LiveAwsSource({ timeoutMs: 1000, loader, region: 'ap-south-1' });
    await expect(aws.call({ service: 'dynamodb', operation: 'DeleteTable', input: { TableName: 'Items' } })).rejects.toThrow(/refused/);
    expect(loader).not.toHaveBeenCalled();
  });
});

describe('LiveAwsSource', () => {
  const ddb = mockClient(DynamoDBClient);
  beforeEach(() => {
    ddb.reset();
  });
  const aws = () => new LiveAwsSource({ timeoutMs: 2000, region: 'ap-south-1' });
  const call = { service: 'dynamodb' as const, operation: 'DescribeTable', input: { TableName: 'Items' }, region: 'ap-south-1' };

  it('returns the SDK output without $metadata', async () => {
    ddb.on(DescribeTableCommand, { TableName: 'Items' }).resolves({ Table: { TableName: 'Items', TableStatus: 'ACTIVE' }, $metadata: {} });
    await expect(aws().call(call)).resolves.toEqual({ Table: { TableName: 'Items', TableStatus: 'ACTIVE' } });
  });

  it('turns an API error into AwsApiError with its name', async () => {
    ddb
      .on(DescribeTableCommand)
      .rejects(Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } }));
    const err = await aws()
      .call(call)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsApiError);
    expect((err as AwsApiError).name).toBe('ResourceNotFoundException');
  });

  it('turns missing credentials into a clear unavailable fact that mentions the pod symptom', async () => {
    ddb.on(DescribeTableCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const err = await aws()
      .call(call)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FactUnavailable);
    expect((err as FactUnavailable).kind).toBe('no-source');
    expect((err as Error).message).toMatch(/Unable to locate credentials/);
  });

  it('turns an abort into a timeout', async () => {
    ddb.on(DescribeTableCommand).rejects(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    const err = await aws()
      .call(call)
      .catch((e: unknown) => e);
    expect((err as FactUnavailable).kind).toBe('timeout');
  });
});

describe('retry budget', () => {
  /** A loader whose client records the config it was built with. */
  function capturing(): { loader: SdkLoader; configs: Record<string, unknown>[] } {
    const configs: Record<string, unknown>[] = [];
    class FakeClient {
      constructor(config: Record<string, unknown>) {
        configs.push(config);
      }
      async send() {
        return { $metadata: {} };
      }
    }
    class DescribeTableCommand {
      constructor(readonly input: unknown) {}
    }
    return { loader: async () => ({ DynamoDBClient: FakeClient, DescribeTableCommand }), configs };
  }
  const call = { service: 'dynamodb' as const, operation: 'DescribeTable', input: { TableName: 'Items' }, region: 'ap-south-1' };

  it('three attempts per call by default', async () => {
    const { loader, configs } = capturing();
    const saved = process.env.AWS_MAX_ATTEMPTS;
    delete process.env.AWS_MAX_ATTEMPTS;
    try {
      await new LiveAwsSource({ timeoutMs: 1000, loader }).call(call);
    } finally {
      if (saved !== undefined) process.env.AWS_MAX_ATTEMPTS = saved;
    }
    expect(configs[0]).toMatchObject({ region: 'ap-south-1', maxAttempts: 3 });
  });

  it("the user's AWS_MAX_ATTEMPTS is left to the SDK", async () => {
    const { loader, configs } = capturing();
    const saved = process.env.AWS_MAX_ATTEMPTS;
    process.env.AWS_MAX_ATTEMPTS = '7';
    try {
      await new LiveAwsSource({ timeoutMs: 1000, loader }).call(call);
    } finally {
      if (saved === undefined) delete process.env.AWS_MAX_ATTEMPTS;
      else process.env.AWS_MAX_ATTEMPTS = saved;
    }
    expect(configs[0]).not.toHaveProperty('maxAttempts');
  });
});

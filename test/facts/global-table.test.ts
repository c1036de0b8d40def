/**
 * Global tables in the facts: DescribeTable's Replicas and GlobalTableVersion become the table
 * fact's `global` (absent in old snapshots and one-region tables), and the store's tableArn() names
 * the replica in the app's region, the ARN IAM authorizes the app's calls against.
 */
import { describe, expect, it } from '@jest/globals';
import { FactStore } from '../../src/facts/store.js';
import { PRESETS } from '../../src/config/presets.js';
import { InMemoryKubeSource } from '../../src/sources/objects.js';
import { AwsApiError, type AwsCall, type AwsSource, type KubeObject } from '../../src/sources/types.js';

const ARN = (region: string) => `arn:aws:dynamodb:${region}:111122223333:table/Items`;

/** DescribeTable answered per region: a Table, or ResourceNotFoundException where none is given. */
class RegionalDynamo implements AwsSource {
  readonly description = 'test';
  readonly calls: AwsCall[] = [];
  constructor(private readonly tables: Record<string, Record<string, unknown>>) {}
  async call(call: AwsCall): Promise<Record<string, unknown>> {
    this.calls.push(call);
    const table = this.tables[call.region ?? ''];
    if (call.operation !== 'DescribeTable' || !table) throw new AwsApiError('ResourceNotFoundException', 'Requested resource not found', call);
    return { Table: structuredClone(table) };
  }
}

const table = (region: string, extra: Record<string, unknown> = {}) => ({ TableName: 'Items', TableArn: ARN(region), TableStatus: 'ACTIVE', ...extra });
const global = (replicas: unknown[]) => ({ GlobalTableVersion: '2019.11.21', Replicas: replicas });

function store(tables: Record<string, Record<string, unknown>>, appRegion = 'eu-west-1') {
  const aws = new RegionalDynamo(tables);
  const kube: KubeObject[] = [
    {
      kind: 'Deployment',
      metadata: { name: 'cart-deployment', namespace: 'retail-store-prod' },
      spec: { template: { spec: { serviceAccountName: 'cart-sa', containers: [{ name: 'cart', env: [{ name: 'AWS_REGION', value: appRegion }] }] } } },
    },
  ];
  const facts = new FactStore(
    { target: { ...PRESETS.guide.target, region: 'ap-south-1', role: 'arn:aws:iam::111122223333:role/r' }, expect: PRESETS.guide.expect },
    { aws, kube: new InMemoryKubeSource('test', kube), origin: { file: 'test' } },
  );
  return { aws, facts };
}

describe('global tables in the facts', () => {
  it('records each replica (region, status, description, progress, key id) and the version', async () => {
    const { facts } = store({
      'ap-south-1': table(
        'ap-south-1',
        global([
          { RegionName: 'eu-west-1', ReplicaStatus: 'CREATING', ReplicaStatusPercentProgress: '40', ReplicaStatusDescription: 'adding', KMSMasterKeyId: 'k-1' },
          { ReplicaStatus: 'ACTIVE' },
          'junk',
        ]),
      ),
    });
    expect((await facts.table('ap-south-1')).global).toEqual({
      version: '2019.11.21',
      replicas: [{ region: 'eu-west-1', status: 'CREATING', percentProgress: '40', statusDescription: 'adding', kmsKeyId: 'k-1' }],
    });
  });

  it('an old snapshot or a one-region table has no global part', async () => {
    const { facts } = store({ 'ap-south-1': table('ap-south-1', { Replicas: 'not a list' }) });
    expect((await facts.table('ap-south-1')).global).toBeUndefined();
  });

  it("tableArn() is the replica's ARN in the app's region when the target region's table lists one there", async () => {
    const { facts } = store({
      'ap-south-1': table('ap-south-1', global([{ RegionName: 'eu-west-1', ReplicaStatus: 'ACTIVE' }])),
      'eu-west-1': table('eu-west-1', global([{ RegionName: 'ap-south-1', ReplicaStatus: 'ACTIVE' }])),
    });
    expect(await facts.tableArn()).toBe(ARN('eu-west-1'));
  });

  it('a listed replica DescribeTable does not find still names its ARN (by construction), which checks take as not observed', async () => {
    const { facts } = store({ 'ap-south-1': table('ap-south-1', global([{ RegionName: 'eu-west-1', ReplicaStatus: 'CREATING' }])) });
    expect(await facts.tableArn()).toBe(ARN('eu-west-1'));
    expect((await facts.table('eu-west-1')).found).toBe(false);
  });

  it('no replica in the app region: the target region table ARN, as for any table', async () => {
    const { facts } = store({ 'ap-south-1': table('ap-south-1', global([{ RegionName: 'us-east-1', ReplicaStatus: 'ACTIVE' }])) });
    expect(await facts.tableArn()).toBe(ARN('ap-south-1'));
  });

  it("a one-region table: the target region's ARN, and no DescribeTable elsewhere", async () => {
    const { aws, facts } = store({ 'ap-south-1': table('ap-south-1') });
    expect(await facts.tableArn()).toBe(ARN('ap-south-1'));
    expect(aws.calls.map((c) => c.region)).toEqual(['ap-south-1']);
  });

  // Each replica has its own resource policy (they are not replicated): the app's replica's is read.
  it("resourcePolicy() reads the policy of the replica in the app's region, in that region", async () => {
    const { aws, facts } = store({
      'ap-south-1': table('ap-south-1', global([{ RegionName: 'eu-west-1', ReplicaStatus: 'ACTIVE' }])),
      'eu-west-1': table('eu-west-1'),
    });
    await facts.resourcePolicy().catch(() => undefined);
    expect(aws.calls.filter((c) => c.operation === 'GetResourcePolicy')).toEqual([
      expect.objectContaining({ region: 'eu-west-1', input: { ResourceArn: ARN('eu-west-1') } }),
    ]);
  });

  it('resourcePolicy() of a listed replica DescribeTable does not find: unavailable, naming the replica', async () => {
    const { aws, facts } = store({ 'ap-south-1': table('ap-south-1', global([{ RegionName: 'eu-west-1', ReplicaStatus: 'ACTIVE' }])) });
    await expect(facts.resourcePolicy()).rejects.toThrow('the eu-west-1 replica of table Items was not found');
    expect(aws.calls.some((c) => c.operation === 'GetResourcePolicy')).toBe(false);
  });
});

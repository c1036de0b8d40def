import { describe, expect, it } from '@jest/globals';
import { SnapshotAwsSource, inputContains, parseSnapshot } from '../../src/sources/snapshot.js';
import { AwsApiError } from '../../src/sources/types.js';
import { FactUnavailable, InputError } from '../../src/errors.js';

const snap = (aws: string) => parseSnapshot(`apiVersion: cart-doctor/v1\nkind: Snapshot\naws:\n${aws}`, 's.yaml');

const replaySource = new SnapshotAwsSource(
  await snap(`
  - { service: dynamodb, operation: DescribeTable, region: us-east-1, input: { TableName: Items }, error: { name: ResourceNotFoundException, message: not here } }
  - { service: dynamodb, operation: DescribeTable, region: ap-south-1, input: { TableName: Items }, output: { Table: { TableStatus: ACTIVE } } }
  - { service: iam, operation: GetRole, input: { RoleName: r }, output: { Role: { RoleName: r } } }
  - { service: iam, operation: GetRole, output: { Role: { RoleName: any } } }
  - { service: iam, operation: ListRolePolicies, input: { RoleName: r, Nested: { a: [1, 2] } }, output: { PolicyNames: [] } }
`),
);

describe('snapshot replay (SPEC §5)', () => {
  const source = replaySource;

  it.each([
    [
      'region picks the entry',
      { service: 'dynamodb', operation: 'DescribeTable', region: 'ap-south-1', input: { TableName: 'Items' } },
      { Table: { TableStatus: 'ACTIVE' } },
    ],
    ['extra request keys are ignored', { service: 'iam', operation: 'GetRole', input: { RoleName: 'r', MaxItems: 5 } }, { Role: { RoleName: 'r' } }],
    ['an entry without input matches any request', { service: 'iam', operation: 'GetRole', input: { RoleName: 'other' } }, { Role: { RoleName: 'any' } }],
    [
      'nested input is compared deeply',
      { service: 'iam', operation: 'ListRolePolicies', input: { RoleName: 'r', Nested: { a: [1, 2], b: 1 } } },
      { PolicyNames: [] },
    ],
  ] as const)('%s', async (_name, call, expected) => {
    await expect(source.call({ ...call, input: { ...call.input } } as never)).resolves.toEqual(expected);
  });

  it('replays a recorded error with its name', async () => {
    const err = await source.call({ service: 'dynamodb', operation: 'DescribeTable', region: 'us-east-1', input: { TableName: 'Items' } }).catch((e) => e);
    expect(err).toBeInstanceOf(AwsApiError);
    expect(err.name).toBe('ResourceNotFoundException');
  });

  it('a call that was not recorded is unavailable, naming the call', async () => {
    const err = await source.call({ service: 'dynamodb', operation: 'DescribeTable', region: 'eu-west-1', input: { TableName: 'Items' } }).catch((e) => e);
    expect(err).toBeInstanceOf(FactUnavailable);
    expect(err.message).toMatch(/dynamodb:DescribeTable .*eu-west-1 is not in snapshot s.yaml/);
  });

  it('arrays must match element by element', () => {
    expect(inputContains({ a: [1, 2] }, { a: [1] })).toBe(false);
    expect(inputContains({ a: [1, 2], b: 2 }, { a: [1, 2] })).toBe(true);
  });

  it.each([
    ['apiVersion: v2\nkind: Snapshot\n', 'apiVersion'],
    ['apiVersion: cart-doctor/v1\nkind: Snapshot\naws:\n  - { service: s3, operation: GetObject, output: {} }\n', 'aws[0].service'],
    ['apiVersion: cart-doctor/v1\nkind: Snapshot\naws:\n  - { service: iam, operation: GetRole }\n', 'aws[0]'],
    ['apiVersion: cart-doctor/v1\nkind: Snapshot\naws:\n  - { service: iam, operation: GetRole, output: {}, error: { name: X } }\n', 'aws[0]'],
    ['apiVersion: cart-doctor/v1\nkind: Snapshot\nextra: 1\n', 'top level'],
    ['apiVersion: cart-doctor/v1\nkind: [\n', 'line'],
    ['a: 1\n---\nb: 2\n', undefined],
  ])('bad snapshot → InputError naming the place (%#)', async (text, place) => {
    let err: unknown;
    try {
      await parseSnapshot(text, 'bad.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).line()).toMatch(/^bad\.yaml/);
    if (place) expect((err as InputError).line()).toContain(place);
  });
});

/**
 * SPEC §7 "Snapshot v1, extended compatibly": statuses on AWS entries and Kubernetes reads.
 * Without `reads` the objects are the whole cluster; with them, only an `absent` read makes an
 * object absent, and what was denied, failed or never read replays as unavailable.
 */
import { describe, expect, it } from '@jest/globals';
import { FactUnavailable, InputError } from '../../src/errors.js';
import { SnapshotAwsSource, parseSnapshot } from '../../src/sources/snapshot.js';

const HEAD = 'apiVersion: cart-doctor/v1\nkind: Snapshot\n';
const SA = '{ apiVersion: v1, kind: ServiceAccount, metadata: { name: cart-sa, namespace: prod } }';
const POD = '{ apiVersion: v1, kind: Pod, metadata: { name: p1, namespace: prod, labels: { app: cart } } }';

const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('kubernetes: the list form (old snapshots keep their meaning)', () => {
  it('an object not listed is absent', async () => {
    const kube = (await parseSnapshot(`${HEAD}kubernetes:\n  - ${SA}\n`, 's.yaml')).kubernetes!;
    await expect(kube.get('ServiceAccount', 'prod', 'cart-sa')).resolves.toMatchObject({ kind: 'ServiceAccount' });
    await expect(kube.get('Secret', 'prod', 'anything')).resolves.toBeUndefined();
  });
});

const mappingFormKube = (
  await parseSnapshot(
    `${HEAD}kubernetes:
  objects:
    - ${SA}
    - ${POD}
  reads:
    - { kind: ServiceAccount, namespace: prod, name: cart-sa, status: ok }
    - { kind: ConfigMap, namespace: prod, name: gone, status: absent }
    - { kind: Secret, namespace: prod, name: creds, status: denied, message: "the doctor may not get secret prod/creds (HTTP 403)" }
    - { kind: Deployment, namespace: prod, name: cart, status: failed, message: "get deployment prod/cart failed: HTTP 500" }
    - { kind: Pod, namespace: prod, selector: { app: cart }, status: ok }
    - { kind: Pod, namespace: other, selector: { app: cart }, status: unusable }
`,
    's.yaml',
  )
).kubernetes!;

describe('kubernetes: the mapping form with reads', () => {
  const kube = mappingFormKube;

  it('an ok read gives the object, an absent read gives nothing', async () => {
    await expect(kube.get('ServiceAccount', 'prod', 'cart-sa')).resolves.toMatchObject({ metadata: { name: 'cart-sa' } });
    await expect(kube.get('ConfigMap', 'prod', 'gone')).resolves.toBeUndefined();
    await expect(kube.listPods('prod', { app: 'cart' })).resolves.toHaveLength(1);
  });

  it.each([
    ['a denied read', 'denied', () => kube.get('Secret', 'prod', 'creds'), /may not get secret prod\/creds/],
    ['a failed read', 'failed', () => kube.get('Deployment', 'prod', 'cart'), /HTTP 500/],
    ['an unusable list', 'unusable', () => kube.listPods('other', { app: 'cart' }), /list pods in other .* is recorded as unusable in snapshot s\.yaml/],
    ['a get never made', 'not-recorded', () => kube.get('Secret', 'prod', 'never'), /get secret prod\/never was not read when snapshot s\.yaml was recorded/],
    ['a list with another selector', 'not-recorded', () => kube.listPods('prod', { app: 'cart', tier: 'x' }), /was not read/],
  ] as const)('%s is unavailable (%s), never absent', async (_name, kind, read, message) => {
    const err = await caught(read());
    expect(err).toBeInstanceOf(FactUnavailable);
    expect([(err as FactUnavailable).kind, (err as Error).message]).toEqual([kind, expect.stringMatching(message)]);
  });

  it('an ok read whose object is missing is not taken for absent', async () => {
    const k = (await parseSnapshot(`${HEAD}kubernetes:\n  reads:\n    - { kind: ServiceAccount, namespace: prod, name: x, status: ok }\n`, 's.yaml'))
      .kubernetes!;
    expect(await caught(k.get('ServiceAccount', 'prod', 'x'))).toMatchObject({ kind: 'not-recorded' });
  });
});

const statusSnap = await parseSnapshot(
  `${HEAD}aws:
  - { service: iam, operation: GetRole, input: { RoleName: r }, status: denied, message: "no iam:GetRole for the doctor" }
  - { service: dynamodb, operation: DescribeTable, input: { TableName: Items }, status: failed }
  - { service: eks, operation: DescribeCluster, status: ok, output: { cluster: { name: c } } }
`,
  's.yaml',
);

describe('aws entries with a status', () => {
  const snap = statusSnap;
  const aws = new SnapshotAwsSource(snap);

  it('replay as the unavailable fact they were, with the recorded message', async () => {
    expect(await caught(aws.call({ service: 'iam', operation: 'GetRole', input: { RoleName: 'r' } }))).toMatchObject({
      kind: 'denied',
      message: 'no iam:GetRole for the doctor',
    });
    const failed = await caught(aws.call({ service: 'dynamodb', operation: 'DescribeTable', input: { TableName: 'Items' } }));
    expect(failed).toMatchObject({ kind: 'failed', message: expect.stringMatching(/dynamodb:DescribeTable is recorded as failed in snapshot s\.yaml/) });
    await expect(aws.call({ service: 'eks', operation: 'DescribeCluster', input: { name: 'c' } })).resolves.toEqual({ cluster: { name: 'c' } });
  });

  it('count for nothing in what a snapshot holds', async () => {
    expect(snap.usable).toBe(1);
    const kube = `${HEAD}kubernetes:\n  objects: [${SA}]\n  reads:\n    - { kind: ConfigMap, namespace: prod, name: gone, status: absent }\n    - { kind: Secret, namespace: prod, name: s, status: denied }\n`;
    expect((await parseSnapshot(kube, 's.yaml')).usable).toBe(2);
  });
});

describe('target.preset', () => {
  it('is part of the recorded target', async () => {
    expect((await parseSnapshot(`${HEAD}target: { preset: retail-store, namespace: carts }\n`, 's.yaml')).target).toEqual({
      preset: 'retail-store',
      namespace: 'carts',
    });
  });
});

describe('garbage is still rejected, naming the place', () => {
  it.each([
    ['aws:\n  - { service: iam, operation: GetRole, status: maybe }\n', 'aws[0].status'],
    ['aws:\n  - { service: iam, operation: GetRole, status: failed, output: {} }\n', 'aws[0]'],
    ['aws:\n  - { service: iam, operation: GetRole, output: {}, message: hi }\n', 'aws[0]'],
    ['aws:\n  - { service: iam, operation: GetRole, status: ok }\n', 'aws[0]'],
    ['kubernetes: 5\n', 'kubernetes'],
    ['kubernetes: { objects: [], extra: 1 }\n', 'kubernetes'],
    ['kubernetes: { reads: [{ kind: Secret, namespace: p, name: s, status: gone }] }\n', 'kubernetes.reads[0].status'],
    ['kubernetes: { reads: [{ kind: Job, namespace: p, name: s, status: ok }] }\n', 'kubernetes.reads[0].kind'],
    ['kubernetes: { reads: [{ kind: Pod, namespace: p, name: s, selector: { a: b }, status: ok }] }\n', 'kubernetes.reads[0]'],
    ['kubernetes: { reads: [{ kind: Pod, namespace: p, status: ok }] }\n', 'kubernetes.reads[0]'],
    ['kubernetes: { reads: [{ kind: Secret, namespace: p, selector: { a: b }, status: ok }] }\n', 'kubernetes.reads[0]'],
    ['kubernetes: { reads: [{ kind: Secret, namespace: p, name: s, status: ok, message: hi }] }\n', 'kubernetes.reads[0]'],
    ['target: { preset: other }\n', 'target.preset'],
  ])('%j → InputError at %s', async (body, place) => {
    let err: unknown;
    try {
      await parseSnapshot(`${HEAD}${body}`, 'bad.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).line()).toMatch(new RegExp(`^bad\\.yaml: ${place.replace(/[.[\]]/g, '\\$&')}: `));
  });
});

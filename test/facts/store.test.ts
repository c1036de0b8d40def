import { loadServiceAccount } from '../../src/facts/kube-facts.js';
import { describe, expect, it } from '@jest/globals';
import { FactStore } from '../../src/facts/store.js';
import { PRESETS } from '../../src/config/presets.js';
import { InMemoryKubeSource } from '../../src/sources/objects.js';
import { AwsApiError, type AwsCall, type AwsSource, type KubeObject } from '../../src/sources/types.js';
import { FactUnavailable } from '../../src/errors.js';

const ROLE = 'arn:aws:iam::111122223333:role/cart-dynamodb-role';
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'x' }, Action: 'sts:AssumeRoleWithWebIdentity' }] };

/** Answers from a table of operation → output, counting every call. */
class CountingAws implements AwsSource {
  readonly description = 'test';
  readonly calls: AwsCall[] = [];
  constructor(private readonly answers: Record<string, unknown>) {}
  async call(call: AwsCall): Promise<Record<string, unknown>> {
    this.calls.push(call);
    await new Promise((r) => setTimeout(r, 5));
    const a = this.answers[call.operation];
    if (a instanceof Error) throw a;
    if (a === undefined) throw new FactUnavailable('not-recorded', call.operation);
    return structuredClone(a) as Record<string, unknown>;
  }
}

function world(kube: KubeObject[], answers: Record<string, unknown>, target = {}) {
  const aws = new CountingAws(answers);
  const store = new FactStore(
    { target: { ...PRESETS.guide.target, cluster: 'c', ...target }, expect: PRESETS.guide.expect },
    { aws, kube: new InMemoryKubeSource('test', kube), origin: { file: 'test' } },
  );
  return { aws, store };
}

const sa = (annotations: Record<string, string> = { 'eks.amazonaws.com/role-arn': ROLE }): KubeObject => ({
  kind: 'ServiceAccount',
  metadata: { name: 'cart-sa', namespace: 'retail-store-prod', annotations },
});
const deployment = (podSpec: Record<string, unknown>): KubeObject => ({
  kind: 'Deployment',
  metadata: { name: 'cart-deployment', namespace: 'retail-store-prod' },
  spec: { template: { spec: podSpec } },
});
const cm = (name: string, data: Record<string, string>): KubeObject => ({ kind: 'ConfigMap', metadata: { name }, data });
const CLUSTER = {
  DescribeCluster: {
    cluster: { arn: 'arn:aws:eks:ap-south-1:111122223333:cluster/c', identity: { oidc: { issuer: 'https://oidc.eks.ap-south-1.amazonaws.com/id/X' } } },
  },
};

describe('FactStore', () => {
  it('loads each object once, however many checks ask concurrently', async () => {
    const { aws, store } = world([sa()], {
      ...CLUSTER,
      GetRole: { Role: { Arn: ROLE, AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)) } },
      ListAttachedRolePolicies: { AttachedPolicies: [] },
      ListRolePolicies: { PolicyNames: [] },
    });
    await Promise.all(Array.from({ length: 10 }, () => Promise.all([store.role(), store.policies(), store.cluster(), store.region()])));
    const ops = aws.calls.map((c) => c.operation).sort();
    expect(ops).toEqual(['DescribeCluster', 'GetRole', 'ListAttachedRolePolicies', 'ListRolePolicies']);
  });

  it('decodes URL-encoded, JSON-string and object documents alike', async () => {
    for (const doc of [encodeURIComponent(JSON.stringify(trust)), JSON.stringify(trust), trust]) {
      const { store } = world([sa()], { GetRole: { Role: { Arn: ROLE, AssumeRolePolicyDocument: doc } } });
      expect((await store.role()).trust?.statements[0]?.principal?.Federated).toEqual(['x']);
    }
  });

  it.each([
    ['NoSuchEntityException', 'found', false],
    ['AccessDenied', 'kind', 'denied'],
    ['ServiceFailure', 'kind', 'failed'],
  ])('GetRole answering %s', async (name, what, expected) => {
    const { store } = world([sa()], { GetRole: new AwsApiError(name, 'm', { service: 'iam', operation: 'GetRole', input: {} }) });
    if (what === 'found') expect((await store.role()).found).toBe(expected);
    else {
      const err = await store.role().catch((e) => e);
      expect(err).toBeInstanceOf(FactUnavailable);
      expect(err.kind).toBe(expected);
      if (expected === 'denied') expect(err.message).toMatch(/iam:GetRole/);
    }
  });

  it('follows Marker paging and stops on a repeated marker', async () => {
    const { store } = world([sa()], {
      GetRole: { Role: { Arn: ROLE } },
      ListAttachedRolePolicies: { AttachedPolicies: [], IsTruncated: true, Marker: 'm1' },
      ListRolePolicies: { PolicyNames: [] },
    });
    await expect(store.policies()).rejects.toThrow(/marker m1 twice/);
  });

  it('region comes from the cluster ARN when no flag names it', async () => {
    const { store } = world([], CLUSTER);
    await expect(store.region()).resolves.toBe('ap-south-1');
  });

  it('an unknown region or cluster is unavailable, never guessed', async () => {
    const { store } = world([], {}, { cluster: undefined });
    await expect(store.region()).rejects.toThrow(/--region/);
    await expect(store.cluster()).rejects.toThrow(/--cluster/);
  });
});

describe('effective env and the IRSA webhook', () => {
  const container = (extra: Record<string, unknown>) => ({ name: 'cart', ...extra });

  it('envFrom in order, env over envFrom, webhook region over envFrom', async () => {
    const { store } = world(
      [
        sa(),
        cm('a', { TABLE_NAME: 'Old', AWS_REGION: 'us-east-1' }),
        cm('b', { TABLE_NAME: 'Items' }),
        deployment({
          serviceAccountName: 'cart-sa',
          containers: [container({ envFrom: [{ configMapRef: { name: 'a' } }, { configMapRef: { name: 'b' } }], env: [{ name: 'X', value: '1' }] })],
        }),
      ],
      CLUSTER,
    );
    const d = await store.deployment();
    const env = Object.fromEntries(d.containers[0]!.env.map((v) => [v.name, [v.value, v.source]]));
    expect(env.TABLE_NAME).toEqual(['Items', 'envFrom:configMap']);
    expect(env.AWS_REGION).toEqual(['ap-south-1', 'webhook']);
    expect(env.AWS_ROLE_ARN).toEqual([ROLE, 'webhook']);
    expect((await store.appRegion()).source).toBe('webhook');
  });

  it('AWS_DEFAULT_REGION in env stops region injection: no AWS_REGION for the app', async () => {
    const { store } = world(
      [sa(), deployment({ serviceAccountName: 'cart-sa', containers: [container({ env: [{ name: 'AWS_DEFAULT_REGION', value: 'ap-south-1' }] })] })],
      CLUSTER,
    );
    const app = await store.appRegion();
    expect(app.region).toBeUndefined();
    expect(app.detail).toMatch(/only AWS_DEFAULT_REGION/);
  });

  it('own AWS_ROLE_ARN in env stops role injection', async () => {
    const { store } = world(
      [sa(), deployment({ serviceAccountName: 'cart-sa', containers: [container({ env: [{ name: 'AWS_ROLE_ARN', value: 'arn:aws:iam::1:role/other' }] })] })],
      CLUSTER,
    );
    const env = (await store.deployment()).containers[0]!.env;
    expect(env.find((v) => v.name === 'AWS_ROLE_ARN')?.source).toBe('env');
    expect(env.find((v) => v.name === 'AWS_WEB_IDENTITY_TOKEN_FILE')).toBeUndefined();
  });

  it("no annotation on the pods' SA (default): nothing injected", async () => {
    const { store } = world([sa(), deployment({ containers: [container({})] })], CLUSTER);
    const d = await store.deployment();
    expect(d.effectiveServiceAccount).toBe('default');
    expect(d.webhookInjects).toBe(false);
    expect(d.containers[0]!.env).toEqual([]);
  });

  it('secret and credential values are never kept', async () => {
    const secret: KubeObject = { kind: 'Secret', metadata: { name: 's' }, data: { AWS_SECRET_ACCESS_KEY: '<redacted>' } };
    const { store } = world(
      [
        sa(),
        secret,
        cm('c', { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' }),
        deployment({
          serviceAccountName: 'cart-sa',
          containers: [
            container({
              envFrom: [{ secretRef: { name: 's' } }, { configMapRef: { name: 'c' } }],
              env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'AWS_SECRET_ACCESS_KEY' } } }],
            }),
          ],
        }),
      ],
      CLUSTER,
    );
    const env = (await store.deployment()).containers[0]!.env;
    expect(JSON.stringify(env)).not.toMatch(/AKIAEXAMPLE/);
    expect(
      env.filter((v) => v.name !== 'AWS_REGION' && v.name !== 'AWS_DEFAULT_REGION' && v.source !== 'webhook').every((v) => v.redacted && v.value === undefined),
    ).toBe(true);
  });
});

describe('a Secret the doctor may not read', () => {
  it('leaves its keys unknown instead of failing the Deployment', async () => {
    const kube = new InMemoryKubeSource('test', [
      sa(),
      deployment({ serviceAccountName: 'cart-sa', containers: [{ name: 'cart', envFrom: [{ secretRef: { name: 'aws-creds' } }] }] }),
    ]);
    const forbidding = {
      description: 'rbac',
      get: (kind: Parameters<InMemoryKubeSource['get']>[0], ns: string, name: string) =>
        kind === 'Secret' ? Promise.reject(new FactUnavailable('denied', 'forbidden')) : kube.get(kind, ns, name),
      listPods: kube.listPods.bind(kube),
      podLog: kube.podLog.bind(kube),
      listWorkloads: kube.listWorkloads.bind(kube),
    };
    const store = new FactStore(
      { target: { ...PRESETS.guide.target, cluster: 'c', region: 'ap-south-1' }, expect: PRESETS.guide.expect },
      { aws: new CountingAws({}), kube: forbidding, origin: { file: 'test' } },
    );
    const d = await store.deployment();
    expect(d.containers[0]!.envFrom).toEqual([{ kind: 'Secret', name: 'aws-creds', optional: false, found: false, unreadable: true }]);
  });
});

describe('the annotation time (managedFields)', () => {
  it('is the latest write of eks.amazonaws.com/role-arn, and absent when no manager wrote it', async () => {
    const managed = (time: string, annotations: Record<string, unknown>) => ({
      manager: 'kubectl',
      operation: 'Apply',
      time,
      fieldsV1: { 'f:metadata': { 'f:annotations': annotations } },
    });
    const kube = new InMemoryKubeSource('test', [
      {
        kind: 'ServiceAccount',
        metadata: {
          name: 'cart-sa',
          namespace: 'retail-store-prod',
          annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/cart-dynamodb-role' },
          managedFields: [
            managed('2026-11-01T00:00:00Z', { 'f:eks.amazonaws.com/role-arn': {} }),
            managed('2026-11-20T00:00:00Z', { 'f:eks.amazonaws.com/role-arn': {} }),
            managed('2026-11-22T00:00:00Z', { 'f:other': {} }),
          ],
        } as KubeObject['metadata'],
      },
      { kind: 'ServiceAccount', metadata: { name: 'plain', namespace: 'retail-store-prod' } },
    ]);
    expect((await loadServiceAccount(kube, 'retail-store-prod', 'cart-sa')).annotatedAt).toBe('2026-11-20T00:00:00Z');
    expect((await loadServiceAccount(kube, 'retail-store-prod', 'plain')).annotatedAt).toBeUndefined();
  });
});

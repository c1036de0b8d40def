/**
 * A live K3s-style run: the fake API server is the cluster (the eks-workshop carts base with
 * create-table off), dynalite is the DynamoDB Pod reached through `--dynamodb-endpoint` (as
 * after `kubectl port-forward`). local.table asks it with the read-only DescribeTable.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { Report } from '../../src/report/model.js';
import type { KubeObject } from '../../src/sources/types.js';
import { REPO_ROOT, runCliAsync } from '../helpers/cli.js';
import { dynaliteInstalled, startDynalite, type Dynalite } from './dynalite.js';
import { kubeconfigFor, startFakeKube, type FakeKube } from './fake-kube-server.js';
import type { Routes } from './fixture-routes.js';

if (!dynaliteInstalled) {
  if (process.env.CI === 'true') throw new Error('dynalite is needed for the live K3s run in CI');
  console.warn('dynalite not found: the live K3s run is SKIPPED');
}

/** The carts objects of a fixtures/k3s file as the API server of namespace carts serves them. */
function k3sRoutes(file: string): Routes {
  const objects = parseAllDocuments(readFileSync(join(REPO_ROOT, 'fixtures/k3s', file), 'utf8')).map((d) => d.toJS() as KubeObject);
  const inCarts = objects.filter((o) => o.kind !== 'Namespace').map((o) => ({ ...o, metadata: { ...o.metadata, namespace: 'carts' } }));
  const routes: Routes = {};
  const path = (o: KubeObject) => `${o.kind === 'Deployment' ? '/apis/apps/v1' : '/api/v1'}/namespaces/carts/${o.kind.toLowerCase()}s/${o.metadata.name}`;
  for (const o of inCarts) routes[path(o)] = { status: 200, body: o };
  // A real API server leaves `kind` out of list items.
  const items = (kind: string) => inCarts.filter((o) => o.kind === kind).map(({ kind: _kind, ...rest }) => rest);
  routes['/apis/apps/v1/namespaces/carts/deployments'] = { status: 200, body: { apiVersion: 'apps/v1', kind: 'DeploymentList', items: items('Deployment') } };
  routes['/apis/apps/v1/namespaces/carts/statefulsets'] = { status: 200, body: { apiVersion: 'apps/v1', kind: 'StatefulSetList', items: [] } };
  routes['/api/v1/namespaces/carts/pods'] = { status: 200, body: { apiVersion: 'v1', kind: 'PodList', items: [] } };
  return routes;
}

/** The retail-store cart table as the app creates it: id (S), GSI idx_global_customerId on customerId (S). */
const cartTable = (withIndex: boolean): CreateTableCommandInput => ({
  TableName: 'Items',
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, ...(withIndex ? [{ AttributeName: 'customerId', AttributeType: 'S' as const }] : [])],
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  BillingMode: 'PAY_PER_REQUEST',
  ...(withIndex && {
    GlobalSecondaryIndexes: [
      { IndexName: 'idx_global_customerId', KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
    ],
  }),
});

(dynaliteInstalled ? describe : describe.skip)('live K3s: fake API server + dynalite as the local DynamoDB', () => {
  let kube: FakeKube;
  let withTable: Dynalite;
  let noIndex: Dynalite;
  let empty: Dynalite;
  const dir = mkdtempSync(join(tmpdir(), 'cd-k3s-live-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const where = { region: 'us-east-1', account: '000000000000' };

  beforeAll(async () => {
    kube = await startFakeKube(k3sRoutes('create-table-off.yaml'));
    // A K3s context is called "default", not an EKS ARN.
    writeFileSync(kubeconfig, kubeconfigFor(kube.url, 'default'));
    [withTable, noIndex, empty] = await Promise.all([startDynalite(0, where), startDynalite(0, where), startDynalite(0, where)]);
    const client = (endpoint: string) => new DynamoDBClient({ endpoint, region: where.region, credentials: { accessKeyId: 'key', secretAccessKey: 'secret' } });
    await client(withTable.endpoint).send(new CreateTableCommand(cartTable(true)));
    await client(noIndex.endpoint).send(new CreateTableCommand(cartTable(false)));
  }, 60_000);
  afterAll(async () => {
    for (const d of [withTable, noIndex, empty]) d?.stop();
    await kube?.close();
  });

  const run = async (args: string[]) => {
    const { stdout, stderr, status } = await runCliAsync([
      'check',
      '--kubeconfig',
      kubeconfig,
      '--platform',
      'k3s',
      '--preset',
      'retail-store',
      '-o',
      'json',
      ...args,
    ]);
    const report = JSON.parse(stdout || 'null') as Report;
    const of = (id: string) => report.checks.find((c) => c.id === id)!;
    return { status, stderr, report, of };
  };

  it('create-table off, the table is in the local DynamoDB with its index: every local.* check passes, exit 0', async () => {
    const { status, of, stderr } = await run(['--dynamodb-endpoint', withTable.endpoint]);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(['local.endpoint', 'local.service', 'local.credentials', 'local.table'].map((id) => of(id).status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(of('local.table').message).toContain('exists in the local DynamoDB');
    // Read-only on both sides: only GETs reached the cluster.
    expect(new Set(kube.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    expect(kube.requests.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/v1/namespaces/carts/services/carts-dynamodb', '/apis/apps/v1/namespaces/carts/deployments']),
    );
  }, 60_000);

  it('create-table off and no table in the local DynamoDB: local.table fails with ResourceNotFoundException', async () => {
    const { status, of } = await run(['--dynamodb-endpoint', empty.endpoint]);
    expect([status, of('local.table').status, of('local.table').symptom?.error]).toEqual([1, 'fail', 'ResourceNotFoundException']);
  }, 60_000);

  it('the local table lacks the index the app queries: ValidationException', async () => {
    const { of } = await run(['--dynamodb-endpoint', noIndex.endpoint]);
    expect([of('local.table').status, of('local.table').symptom?.error]).toEqual(['fail', 'ValidationException']);
  }, 60_000);

  it('nothing answers at the endpoint: local.table is an error (exit 2), never a pass', async () => {
    const { status, of } = await run(['--dynamodb-endpoint', 'http://127.0.0.1:9']);
    expect([status, of('local.table').status]).toEqual([2, 'error']);
    expect(of('local.table').message).toContain('cannot reach the local DynamoDB at http://127.0.0.1:9/');
  }, 60_000);

  it('a --dynamodb-endpoint that is not a URL is bad input (exit 3)', async () => {
    const { status, stderr } = await runCliAsync(['check', '--kubeconfig', kubeconfig, '--platform', 'k3s', '--dynamodb-endpoint', 'localhost:8000']);
    expect(status).toBe(3);
    expect(stderr).toContain('--dynamodb-endpoint');
  });
});

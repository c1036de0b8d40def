import { describe, expect, it } from '@jest/globals';
import { FactUnavailable } from '../../src/errors.js';
import { RecordingAwsSource, RecordingKubeSource } from '../../src/sources/recorder.js';
import { AwsApiError, type AwsCall, type AwsSource, type KubeKind, type KubeSource } from '../../src/sources/types.js';

/** Answers by table name: Items exists, Gone is missing, Busy is throttled, Slow times out, Locked is denied, Old is missing from a replayed snapshot. */
const source: AwsSource = {
  description: 'test',
  async call(call: AwsCall) {
    const name = call.input.TableName;
    if (name === 'Gone') throw new AwsApiError('ResourceNotFoundException', 'Requested resource not found', call);
    if (name === 'Busy') throw new AwsApiError('ThrottlingException', 'Rate exceeded', call);
    if (name === 'Slow') throw new FactUnavailable('timeout', 'dynamodb:DescribeTable did not answer within 1000 ms (--timeout)');
    if (name === 'Locked') throw new FactUnavailable('denied', 'denied without an API error');
    if (name === 'Old') throw new FactUnavailable('not-recorded', 'not in snapshot old.yaml');
    return { Table: { TableName: name } };
  },
};

describe('RecordingAwsSource', () => {
  it('keeps answers and API errors, and what could not be read with its status and message', async () => {
    const rec = new RecordingAwsSource(source);
    const call = (TableName: string) =>
      rec.call({ service: 'dynamodb', operation: 'DescribeTable', input: { TableName }, region: 'ap-south-1' }).catch(() => undefined);
    for (const name of ['Items', 'Gone', 'Busy', 'Slow', 'Locked', 'Old']) await call(name);
    expect(rec.entries.map((e) => [e.input!.TableName, e.output ? 'output' : (e.error?.name ?? e.status), e.message ?? null])).toEqual([
      ['Items', 'output', null],
      ['Gone', 'ResourceNotFoundException', null],
      // A throttle that outlasted the retries failed live (error); `failed` replays as that.
      ['Busy', 'failed', expect.stringMatching(/AWS throttled the doctor's dynamodb:DescribeTable \(ThrottlingException\)/)],
      ['Slow', 'failed', expect.stringMatching(/did not answer within 1000 ms/)],
      ['Locked', 'denied', 'denied without an API error'],
      // Not in the snapshot being re-recorded: left out, so the replay says "not recorded" too.
    ]);
  });
});

describe('RecordingKubeSource', () => {
  const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'cart-sa', namespace: 'prod' } };
  const failures: Record<string, FactUnavailable> = {
    Secret: new FactUnavailable('denied', 'the doctor may not get secret prod/s (HTTP 403)'),
    ConfigMap: new FactUnavailable('timeout', 'the cluster did not answer within 1000 ms'),
    Deployment: new FactUnavailable('unusable', 'the Deployment is not an object'),
  };
  const cluster: KubeSource = {
    description: 'test cluster',
    async get(kind: KubeKind, _ns: string, name: string) {
      if (failures[kind]) throw failures[kind];
      return kind === 'ServiceAccount' && name === 'cart-sa' ? sa : undefined;
    },
    async listPods(namespace: string) {
      if (namespace === 'locked') throw new FactUnavailable('denied', 'may not list pods');
      return [];
    },
    async podLog() {
      return '';
    },
    async listWorkloads() {
      return [];
    },
  };

  it('records every read with how it ended: ok, absent, denied, failed, unusable', async () => {
    const rec = new RecordingKubeSource(cluster);
    await rec.get('ServiceAccount', 'prod', 'cart-sa');
    await rec.get('ServiceAccount', 'prod', 'other');
    for (const kind of ['Secret', 'ConfigMap', 'Deployment'] as const) await rec.get(kind, 'prod', 'x').catch(() => undefined);
    await rec.listPods('prod', { app: 'cart' });
    await rec.listPods('locked', { app: 'cart' }).catch(() => undefined);
    expect(rec.objects).toEqual([sa]);
    expect(rec.reads).toEqual([
      { kind: 'ServiceAccount', namespace: 'prod', name: 'cart-sa', status: 'ok' },
      { kind: 'ServiceAccount', namespace: 'prod', name: 'other', status: 'absent' },
      { kind: 'Secret', namespace: 'prod', name: 'x', status: 'denied', message: 'the doctor may not get secret prod/s (HTTP 403)' },
      { kind: 'ConfigMap', namespace: 'prod', name: 'x', status: 'failed', message: 'the cluster did not answer within 1000 ms' },
      { kind: 'Deployment', namespace: 'prod', name: 'x', status: 'unusable', message: 'the Deployment is not an object' },
      { kind: 'Pod', namespace: 'prod', selector: { app: 'cart' }, status: 'ok' },
      { kind: 'Pod', namespace: 'locked', selector: { app: 'cart' }, status: 'denied', message: 'may not list pods' },
    ]);
  });

  it('passes the failure on unchanged: the live run still sees it', async () => {
    const err = await new RecordingKubeSource(cluster).get('Secret', 'prod', 'x').catch((e: unknown) => e);
    expect(err).toBe(failures.Secret);
  });
});

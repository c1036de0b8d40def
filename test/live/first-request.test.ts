/**
 * The run's first AWS request leaves before the next SDK client loads (loading one blocks the
 * event loop for tens of ms, docs/performance.md). Order of events, not time: what the loader
 * was asked for, and when Node saw the request start, against a local server.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LiveAwsSource, type SdkLoader } from '../../src/sources/aws-live.js';

describe('first AWS request', () => {
  let server: Server;
  let endpoint: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'ValidationException', message: 'test' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is on the wire before a second client is loaded', async () => {
    const events: string[] = [];
    const onStart = () => events.push('request');
    subscribe('http.client.request.start', onStart);
    const loader: SdkLoader = async (service) => {
      events.push(`load ${service}`);
      return (service === 'eks' ? await import('@aws-sdk/client-eks') : await import('@aws-sdk/client-iam')) as unknown as Record<string, unknown>;
    };
    try {
      const aws = new LiveAwsSource({ timeoutMs: 5000, loader, region: 'ap-south-1', local: { endpoint } });
      const settled = await Promise.allSettled([
        aws.call({ service: 'eks', operation: 'DescribeCluster', input: { name: 'c' } }),
        aws.call({ service: 'iam', operation: 'GetRole', input: { RoleName: 'r' } }),
      ]);
      // Both were answered by the server (an error answer), so both really went out.
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    } finally {
      unsubscribe('http.client.request.start', onStart);
    }
    expect(events).toEqual(['load eks', 'request', 'load iam', 'request']);
  });

  it('a first call that fails before sending anything does not hold the others back', async () => {
    const loaded: string[] = [];
    const loader: SdkLoader = async (service) => {
      loaded.push(service);
      if (service === 'eks') throw new Error('no such client');
      return (await import('@aws-sdk/client-iam')) as unknown as Record<string, unknown>;
    };
    const aws = new LiveAwsSource({ timeoutMs: 5000, loader, region: 'ap-south-1', local: { endpoint } });
    const settled = await Promise.allSettled([
      aws.call({ service: 'eks', operation: 'DescribeCluster', input: { name: 'c' } }),
      aws.call({ service: 'iam', operation: 'GetRole', input: { RoleName: 'r' } }),
    ]);
    expect(settled[0]).toMatchObject({ status: 'rejected', reason: { message: 'no such client' } });
    expect(settled[1]!.status).toBe('rejected');
    expect(loaded).toEqual(['eks', 'iam']);
  });
});

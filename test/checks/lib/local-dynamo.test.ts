/**
 * The K3s link from the Cart container to DynamoDB as a Pod, helper by helper: what the
 * local.* checks build on, at the edges their fixtures do not reach (DNS forms, IPs, image
 * names with registries and digests, selectors, the order of the endpoint variables).
 */
import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_LOCAL_DYNAMO_IMAGES,
  backends,
  describeEndpoint,
  endpointHits,
  endpointTarget,
  imageList,
  isLocalDynamoImage,
  selects,
  servesPort,
  servicePort,
  serviceUrl,
} from '../../../src/checks/lib/local-dynamo.js';
import type { ContainerFact, DeploymentFact, EnvVar, WorkloadContainerFact } from '../../../src/facts/types.js';
import { dynamoService, dynamoWorkload } from '../../helpers/k3s-world.js';

const variable = (name: string, value: string | undefined, extra: Partial<EnvVar> = {}): EnvVar => ({
  name,
  value,
  source: 'env',
  redacted: value === undefined,
  resolved: true,
  ...extra,
});
const container = (name: string, env: EnvVar[], init = false): ContainerFact => ({ name, init, env, ownEnvNames: env.map((e) => e.name), envFrom: [] });
const deployment = (cartContainer: string | undefined, ...containers: ContainerFact[]): DeploymentFact =>
  ({ namespace: 'carts', name: 'carts', found: true, containers, cartContainer, webhookInjects: false }) as unknown as DeploymentFact;
const hitNames = (d: DeploymentFact) => endpointHits(d).map((h) => `${h.container.name}:${h.variable.name}`);

describe('endpointHits', () => {
  it("puts the Cart container's endpoint variables first, then the other containers', skipping init containers and empty values", () => {
    const d = deployment(
      'cart',
      container('sidecar', [variable('AWS_ENDPOINT_URL', 'http://proxy:1')]),
      container('setup', [variable('AWS_ENDPOINT_URL_DYNAMODB', 'http://carts-dynamodb:8000')], true),
      container('cart', [
        variable('DYNAMODB_ENDPOINT', ''),
        variable('JAVA_OPTS', '-Xmx1g'),
        variable('AWS_ENDPOINT_URL_DYNAMODB', 'http://carts-dynamodb:8000'),
      ]),
    );
    expect(hitNames(d)).toEqual(['cart:AWS_ENDPOINT_URL_DYNAMODB', 'sidecar:AWS_ENDPOINT_URL']);
  });
  it('keeps a hidden value (undefined is not empty)', () => {
    expect(hitNames(deployment('cart', container('cart', [variable('DYNAMODB_ENDPOINT', undefined)])))).toEqual(['cart:DYNAMODB_ENDPOINT']);
  });
});

describe('describeEndpoint', () => {
  const hit = (value: string | undefined) => ({ container: container('cart', []), variable: variable('AWS_ENDPOINT_URL', value) });
  it('names the variable and its value, credentials in the URL redacted', () => {
    expect(describeEndpoint(hit('http://carts-dynamodb:8000'))).toBe('AWS_ENDPOINT_URL = http://carts-dynamodb:8000');
    expect(describeEndpoint(hit('http://user:s3cret@carts-dynamodb:8000'))).not.toContain('s3cret');
  });
  it('names only the variable when its value cannot be seen', () => {
    expect(describeEndpoint(hit(undefined))).toBe('AWS_ENDPOINT_URL');
  });
});

describe('endpointTarget', () => {
  it.each([
    ['http://carts-dynamodb:8000', { kind: 'service', namespace: 'carts', name: 'carts-dynamodb', port: 8000 }],
    ['http://Carts-DynamoDB:8000', { kind: 'service', namespace: 'carts', name: 'carts-dynamodb', port: 8000 }],
    ['http://carts-dynamodb', { kind: 'service', namespace: 'carts', name: 'carts-dynamodb', port: 80 }],
    ['https://carts-dynamodb', { kind: 'service', namespace: 'carts', name: 'carts-dynamodb', port: 443 }],
    ['https://carts-dynamodb:8443', { kind: 'service', namespace: 'carts', name: 'carts-dynamodb', port: 8443 }],
    ['http://db.data:8000', { kind: 'service', namespace: 'data', name: 'db', port: 8000 }],
    ['http://db.data.svc:8000', { kind: 'service', namespace: 'data', name: 'db', port: 8000 }],
    ['http://db.data.svc.cluster.local:8000', { kind: 'service', namespace: 'data', name: 'db', port: 8000 }],
    // Digits at the end or the start of a name do not make it an IP.
    ['http://carts-dynamodb2:8000', { kind: 'service', namespace: 'carts', name: 'carts-dynamodb2', port: 8000 }],
  ])('%s is a Service', (url, expected) => expect(endpointTarget(url, 'carts')).toEqual(expected));

  const LOCAL = 'inside the pod, localhost or an IP is not the DynamoDB Service (a Pod IP changes on every restart)';
  const NOT_A_SERVICE = 'it is not a Service name (name, name.namespace or name.namespace.svc[.cluster.local])';
  it.each([
    ['http://localhost:8000', 'localhost', LOCAL],
    ['http://10.42.0.17:8000', '10.42.0.17', LOCAL],
    ['http://[::1]:8000', '[::1]', LOCAL],
    ['https://dynamodb.us-east-1.amazonaws.com', 'dynamodb.us-east-1.amazonaws.com', NOT_A_SERVICE],
    ['http://db.data.svc.cluster:8000', 'db.data.svc.cluster', NOT_A_SERVICE],
    ['http://db.data.cluster.local:8000', 'db.data.cluster.local', NOT_A_SERVICE],
    ['http://10.42.0.17.nip.io:8000', '10.42.0.17.nip.io', NOT_A_SERVICE],
  ])('%s is not a Service', (url, host, why) => expect(endpointTarget(url, 'carts')).toEqual({ kind: 'not-a-service', host, why }));

  it.each(['carts-dynamodb:8000', 'ftp://carts-dynamodb:8000', 'not a url'])('%s is not an http(s) URL', (value) =>
    expect(endpointTarget(value, 'carts')).toEqual({ kind: 'not-a-url' }),
  );
});

describe('servicePort, selects, servesPort', () => {
  it('finds the Service port a client dials, by number', () => {
    const service = {
      ...dynamoService(),
      ports: [
        { port: 80, targetPort: 8000 },
        { name: 'dynamodb', port: 8000, targetPort: 'dynamodb' },
      ],
    };
    expect(servicePort(service, 8000)).toEqual({ name: 'dynamodb', port: 8000, targetPort: 'dynamodb' });
    expect(servicePort(service, 8080)).toBeUndefined();
  });
  it('selects a pod when every selector pair is among its labels, and no pod with an empty selector', () => {
    expect(selects({ app: 'db' }, { app: 'db', team: 'x' })).toBe(true);
    expect(selects({ app: 'db', team: 'y' }, { app: 'db', team: 'x' })).toBe(false);
    expect(selects({ app: 'db' }, {})).toBe(false);
    expect(selects({}, { app: 'db' })).toBe(false);
  });
  it('a container serves a target port by number, or by name', () => {
    const c: WorkloadContainerFact = { name: 'dynamodb', image: 'amazon/dynamodb-local', ports: [{ name: 'dynamodb', containerPort: 8000 }] };
    expect([servesPort(c, 8000), servesPort(c, 'dynamodb'), servesPort(c, 8001), servesPort(c, 'http'), servesPort(c, '8000')]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    const two: WorkloadContainerFact = { ...c, ports: [{ name: 'http', containerPort: 8080 }, ...c.ports] };
    expect([servesPort(two, 8000), servesPort(two, 'dynamodb'), servesPort(two, 8080)]).toEqual([true, true, true]);
  });
});

describe('isLocalDynamoImage, imageList', () => {
  const none = {} as Parameters<typeof isLocalDynamoImage>[1];
  it.each([
    'amazon/dynamodb-local',
    'amazon/dynamodb-local:2.5.2',
    'amazon/dynamodb-local@sha256:0123abcd',
    'amazon/dynamodb-local:2.5.2@sha256:0123abcd',
    'docker.io/amazon/dynamodb-local:latest',
    'registry.local:5000/amazon/dynamodb-local:2.5.2',
    'public.ecr.aws/aws-dynamodb-local/aws-dynamodb-local:1.25.1',
    'localstack/localstack:3.8',
    'dynalite',
  ])('%s runs DynamoDB', (image) => expect(isLocalDynamoImage(image, none)).toBe(true));
  it.each(['redis:7', 'notamazon/dynamodb-local:1', 'amazon/dynamodb-local-fork:1', 'registry.local:5000/dynamodb-local', ''])('%s does not', (image) =>
    expect(isLocalDynamoImage(image, none)).toBe(false),
  );
  it('the configured list replaces the default one', () => {
    const expect_ = { localDynamoImages: ['team/alternator'] } as Parameters<typeof isLocalDynamoImage>[1];
    expect([isLocalDynamoImage('team/alternator:6', expect_), isLocalDynamoImage('amazon/dynamodb-local', expect_)]).toEqual([true, false]);
    expect(imageList(expect_)).toBe('team/alternator');
    expect(imageList(none)).toBe(DEFAULT_LOCAL_DYNAMO_IMAGES.join(', '));
    expect(imageList(none)).toBe('amazon/dynamodb-local, aws-dynamodb-local/aws-dynamodb-local, localstack/localstack, dynalite');
  });
});

describe('backends, serviceUrl', () => {
  it('lists the selected workloads and, in them, the containers serving the target port', () => {
    const db = dynamoWorkload();
    const other = { ...dynamoWorkload(), name: 'other', podLabels: { app: 'other' } };
    const sidecar = { name: 'metrics', image: 'prom/exporter', ports: [{ name: 'metrics', containerPort: 9100 }] };
    const withSidecar = { ...db, containers: [...db.containers, sidecar] };
    const service = dynamoService();
    const { selected, serving } = backends(service, service.ports[0]!, [other, withSidecar]);
    expect(selected.map((w) => w.name)).toEqual(['carts-dynamodb']);
    expect(serving.map((s) => `${s.workload.name}/${s.container.name}`)).toEqual(['carts-dynamodb/dynamodb']);
  });
  it('the URL of a Service in the target namespace is its short name; elsewhere name.namespace', () => {
    const target = { namespace: 'carts' } as Parameters<typeof serviceUrl>[2];
    const service = dynamoService();
    expect(serviceUrl(service, service.ports[0]!, target)).toBe('http://carts-dynamodb:8000');
    expect(serviceUrl({ ...service, namespace: 'data' }, service.ports[0]!, target)).toBe('http://carts-dynamodb.data:8000');
  });
});

import { describe } from '@jest/globals';
import check from '../../src/checks/local.service.js';
import { contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { dynamoService, k3sContext } from '../helpers/k3s-world.js';
import type { DeploymentFact, WorkloadFact } from '../../src/facts/types.js';

const service = (v: FactValues) => v.services!['carts/carts-dynamodb'] as ReturnType<typeof dynamoService>;
const dynamo = (v: FactValues) => (v.workloads as WorkloadFact[])[1]!;

const IMAGES = 'amazon/dynamodb-local, aws-dynamodb-local/aws-dynamodb-local, localstack/localstack, dynalite';

describe('local.service', () =>
  checkCases(check, [
    { name: 'selector, named target port and dynamodb-local image', ctx: () => k3sContext(), status: 'pass', says: ['amazon/dynamodb-local:1.25.1'] },
    {
      name: 'numbered target port',
      ctx: () => k3sContext((v) => (service(v).ports = [{ port: 8000, targetPort: 8000 }])),
      status: 'pass',
    },
    {
      name: 'a StatefulSet running localstack',
      ctx: () =>
        k3sContext((v) => {
          Object.assign(dynamo(v), { kind: 'StatefulSet', name: 'localstack' });
          dynamo(v).containers[0]!.image = 'localstack/localstack:3.8';
        }),
      status: 'pass',
      says: ['StatefulSet localstack'],
    },
    {
      name: 'the public.ecr.aws DynamoDB Local image of the v1 chart',
      ctx: () => k3sContext((v) => (dynamo(v).containers[0]!.image = 'public.ecr.aws/aws-dynamodb-local/aws-dynamodb-local:1.25.1')),
      status: 'pass',
    },
    {
      name: 'selector matching nothing names the DynamoDB pods labels',
      ctx: () => k3sContext((v) => (service(v).selector['app.kubernetes.io/component'] = 'dynamo')),
      status: 'fail',
      says: ['which no pod', 'Deployment carts-dynamodb runs DynamoDB'],
      fix: ['patch service carts-dynamodb'],
    },
    {
      name: 'no DynamoDB Deployment at all',
      ctx: () => k3sContext((v) => (v.workloads = (v.workloads as WorkloadFact[]).slice(0, 1))),
      status: 'fail',
      says: ['No Deployment or StatefulSet in carts runs a DynamoDB-compatible image'],
    },
    { name: 'a Service without selector', ctx: () => k3sContext((v) => (service(v).selector = {})), status: 'fail', says: ['has no selector'] },
    {
      name: 'target port name no container exposes',
      ctx: () => k3sContext((v) => (service(v).ports = [{ port: 8000, targetPort: 'dynamo' }])),
      status: 'fail',
      says: ['the port named dynamo'],
    },
    {
      name: 'target port number no container exposes',
      ctx: () => k3sContext((v) => (service(v).ports = [{ port: 8000, targetPort: 9000 }])),
      status: 'fail',
      says: ['targets port 9000'],
    },
    {
      name: 'an image that is not DynamoDB',
      ctx: () => k3sContext((v) => (dynamo(v).containers[0]!.image = 'redis:7')),
      status: 'fail',
      says: ['runs redis:7, not a DynamoDB-compatible image'],
    },
    {
      name: 'an image on the configured list',
      ctx: () => {
        const ctx = k3sContext((v) => (dynamo(v).containers[0]!.image = 'registry.local:5000/team/scylla-alternator:6'));
        return { ...ctx, expect: { ...ctx.expect, localDynamoImages: ['team/scylla-alternator'] } };
      },
      status: 'pass',
    },
    {
      name: 'the workloads cannot be listed',
      ctx: () => k3sContext((v) => (v.workloads = unavailable('list deployments'))),
      status: 'error',
      says: ['list deployments'],
    },
    { name: 'on EKS it is not judged', ctx: () => contextWith(), status: 'skip', says: ['only on K3s'] },
    {
      name: 'the pass names the Service, port, container, image and workload; the evidence what was followed',
      ctx: () => k3sContext(),
      status: 'pass',
      saysExactly: 'Service carts/carts-dynamodb port 8000 reaches container dynamodb (amazon/dynamodb-local:1.25.1) of Deployment carts-dynamodb.',
      evidence: {
        selector: { 'app.kubernetes.io/name': 'carts', 'app.kubernetes.io/component': 'dynamodb' },
        targetPort: 'dynamodb',
        workloads: ['Deployment/carts', 'Deployment/carts-dynamodb'],
        image: 'amazon/dynamodb-local:1.25.1',
      },
    },
    {
      name: 'a selector matching nothing: the exact message, with every DynamoDB workload and the first one’s labels',
      ctx: () =>
        k3sContext((v) => {
          service(v).selector['app.kubernetes.io/component'] = 'dynamo';
          const second = { ...dynamo(v), name: 'dynamodb-copy', podLabels: { app: 'copy' } };
          (v.workloads as WorkloadFact[]).push(second);
        }),
      status: 'fail',
      saysExactly:
        'Service carts/carts-dynamodb selects app.kubernetes.io/name=carts,app.kubernetes.io/component=dynamo, which no pod of a Deployment or StatefulSet in carts carries: no endpoints. ' +
        'Deployment carts-dynamodb, Deployment dynamodb-copy runs DynamoDB with pod labels app.kubernetes.io/name=carts,app.kubernetes.io/component=dynamodb,app.kubernetes.io/team=database.',
      evidence: {
        selector: { 'app.kubernetes.io/name': 'carts', 'app.kubernetes.io/component': 'dynamo' },
        workloads: ['Deployment/carts', 'Deployment/carts-dynamodb', 'Deployment/dynamodb-copy'],
      },
      fix: [
        '# Select the DynamoDB pods (carts-dynamodb):\n' +
          `kubectl -n carts patch service carts-dynamodb --type=merge -p '{"spec":{"selector":{"app.kubernetes.io/name":"carts","app.kubernetes.io/component":"dynamodb","app.kubernetes.io/team":"database"}}}'`,
      ],
    },
    {
      name: 'no DynamoDB workload: the exact message and the fix to deploy one',
      ctx: () => k3sContext((v) => (v.workloads = (v.workloads as WorkloadFact[]).slice(0, 1))),
      status: 'fail',
      saysExactly:
        'Service carts/carts-dynamodb selects app.kubernetes.io/name=carts,app.kubernetes.io/component=dynamodb, which no pod of a Deployment or StatefulSet in carts carries: no endpoints. ' +
        `No Deployment or StatefulSet in carts runs a DynamoDB-compatible image (${IMAGES}).`,
      fix: [
        '# Deploy DynamoDB Local with labels app.kubernetes.io/name=carts,app.kubernetes.io/component=dynamodb and a port named or numbered dynamodb, e.g.:\n' +
          '# kubectl -n carts create deployment carts-dynamodb --image=amazon/dynamodb-local --port=8000\n' +
          'kubectl -n carts get endpoints carts-dynamodb',
      ],
    },
    {
      name: 'no selector: the exact message and the fix',
      ctx: () => k3sContext((v) => (service(v).selector = {})),
      status: 'fail',
      saysExactly: 'Service carts/carts-dynamodb has no selector, so it has no endpoints to send the app to.',
      evidence: { selector: {}, targetPort: 'dynamodb' },
      fix: ['# Give it the DynamoDB pods’ labels:\nkubectl -n carts get endpoints carts-dynamodb'],
    },
    {
      name: 'a target port no container exposes: every selected workload named',
      ctx: () =>
        k3sContext((v) => {
          service(v).ports = [{ port: 8000, targetPort: 9000 }];
          (v.workloads as WorkloadFact[]).push({ ...dynamo(v), kind: 'StatefulSet', name: 'dynamodb-replica' });
        }),
      status: 'fail',
      saysExactly:
        'Service carts/carts-dynamodb port 8000 targets port 9000, which no container of Deployment carts-dynamodb, StatefulSet dynamodb-replica exposes.',
      evidence: { targetPort: 9000 },
      fix: ['# Make targetPort name or number a containerPort of the DynamoDB container:\nkubectl -n carts get endpoints carts-dynamodb'],
    },
    {
      name: 'not a DynamoDB image: the exact message, the image in the evidence, the fix',
      ctx: () => k3sContext((v) => (dynamo(v).containers[0]!.image = 'redis:7')),
      status: 'fail',
      saysExactly: `Service carts/carts-dynamodb sends port 8000 to container dynamodb of Deployment carts-dynamodb, which runs redis:7, not a DynamoDB-compatible image (${IMAGES}).`,
      evidence: { image: 'redis:7' },
      fix: ['# Point the Service at the DynamoDB pods, or, if this image does speak DynamoDB, list it in expectations.localDynamoImages of the config file.'],
    },
    {
      name: 'a container with no image: "no image"',
      ctx: () => k3sContext((v) => (dynamo(v).containers[0]!.image = '')),
      status: 'fail',
      says: ['which runs no image, not a DynamoDB-compatible image'],
    },
    {
      name: 'the endpoint resolves to no Service: the skip says why',
      ctx: () => k3sContext((v) => (v.services!['carts/carts-dynamodb'] = { ...dynamoService(), found: false })),
      status: 'skip',
      saysExactly:
        'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT = http://carts-dynamodb:8000 names Service carts/carts-dynamodb, which does not exist (see local.endpoint)',
    },
    {
      name: 'a DynamoDB workload with a sidecar of another image is still named as running DynamoDB',
      ctx: () =>
        k3sContext((v) => {
          service(v).selector['app.kubernetes.io/component'] = 'dynamo';
          dynamo(v).containers.push({ name: 'metrics', image: 'prom/exporter:1', ports: [] });
        }),
      status: 'fail',
      says: ['Deployment carts-dynamodb runs DynamoDB with pod labels'],
    },
    {
      name: 'no endpoint variable: the skip says so',
      ctx: () =>
        k3sContext((v) =>
          (v.deployment as DeploymentFact).containers[0]!.env.forEach((e) => e.name === 'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT' && (e.value = '')),
        ),
      status: 'skip',
      saysExactly: 'no DynamoDB endpoint variable in carts (see local.endpoint)',
    },
    {
      name: 'a hidden endpoint value: the skip says so',
      ctx: () =>
        k3sContext((v) =>
          (v.deployment as DeploymentFact).containers[0]!.env.forEach(
            (e) => e.name === 'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT' && Object.assign(e, { value: undefined, from: 'Secret/db' }),
          ),
        ),
      status: 'skip',
      saysExactly: 'the value of RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT cannot be seen (see local.endpoint)',
    },
    ...prerequisiteCases(check, { world: k3sContext }),
  ]));

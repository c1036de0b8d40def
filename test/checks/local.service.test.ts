import { describe } from '@jest/globals';
import check from '../../src/checks/local.service.js';
import { contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { dynamoService, k3sContext } from '../helpers/k3s-world.js';
import type { WorkloadFact } from '../../src/facts/types.js';

const service = (v: FactValues) => v.services!['carts/carts-dynamodb'] as ReturnType<typeof dynamoService>;
const dynamo = (v: FactValues) => (v.workloads as WorkloadFact[])[1]!;

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
    ...prerequisiteCases(check, { world: k3sContext }),
  ]));

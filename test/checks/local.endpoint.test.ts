import { describe } from '@jest/globals';
import type { DeploymentFact } from '../../src/facts/types.js';
import check from '../../src/checks/local.endpoint.js';
import { contextWith, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { ENDPOINT, cartVar, dynamoService, k3sContext } from '../helpers/k3s-world.js';

const endpoint = (value: string) => k3sContext((v) => (cartVar(v, ENDPOINT).value = value));
/** The healthy world's Service, in another namespace. */
const withService = (key: string, namespace: string) => (v: FactValues) => (v.services![key] = { ...dynamoService(), namespace });

describe('local.endpoint', () =>
  checkCases(check, [
    { name: 'short name and port of the Service', ctx: () => k3sContext(), status: 'pass', says: ['Service carts/carts-dynamodb port 8000'] },
    { name: 'name.ns', ctx: () => endpoint('http://carts-dynamodb.carts:8000'), status: 'pass' },
    { name: 'name.ns.svc', ctx: () => endpoint('http://carts-dynamodb.carts.svc:8000'), status: 'pass' },
    { name: 'name.ns.svc.cluster.local', ctx: () => endpoint('http://carts-dynamodb.carts.svc.cluster.local:8000'), status: 'pass' },
    {
      name: 'a Service in another namespace, by name.ns',
      ctx: () => k3sContext((v) => ((cartVar(v, ENDPOINT).value = 'http://carts-dynamodb.data:8000'), withService('data/carts-dynamodb', 'data')(v))),
      status: 'pass',
      says: ['Service data/carts-dynamodb'],
    },
    {
      name: 'set inline in env, not through the ConfigMap',
      ctx: () => k3sContext((v) => Object.assign(cartVar(v, ENDPOINT), { source: 'env', from: undefined })),
      status: 'pass',
    },
    {
      name: 'host typo: no such Service',
      ctx: () =>
        k3sContext((v) => {
          cartVar(v, ENDPOINT).value = 'http://carts-dynamdb:8000';
          v.services!['carts/carts-dynamdb'] = { ...dynamoService(), name: 'carts-dynamdb', found: false, ports: [] };
        }),
      status: 'fail',
      says: ['names Service carts/carts-dynamdb, which does not exist'],
      fix: ['patch configmap carts'],
    },
    {
      name: 'wrong port',
      ctx: () => endpoint('http://carts-dynamodb:8080'),
      status: 'fail',
      says: ['dials port 8080; Service carts-dynamodb listens on 8000'],
      fix: ['http://carts-dynamodb:8000'],
    },
    { name: 'no port written means 80', ctx: () => endpoint('http://carts-dynamodb'), status: 'fail', says: ['dials port 80'] },
    { name: 'localhost is the pod itself', ctx: () => endpoint('http://localhost:8000'), status: 'fail', says: ['localhost or an IP'] },
    { name: 'an outside host is not a Service', ctx: () => endpoint('https://dynamodb.us-east-1.amazonaws.com'), status: 'fail', says: ['not a Service name'] },
    { name: 'not a URL', ctx: () => endpoint('carts-dynamodb:8000'), status: 'fail', says: ['not an http(s) URL'] },
    {
      name: 'no endpoint at all: the fake keys go to real AWS',
      ctx: () => k3sContext((v) => (cartVar(v, ENDPOINT).value = '')),
      status: 'fail',
      symptom: 'UnrecognizedClientException',
    },
    {
      name: 'the value comes from a Secret and cannot be seen',
      ctx: () => k3sContext((v) => Object.assign(cartVar(v, ENDPOINT), { value: undefined, source: 'env:secretKeyRef', from: 'Secret/db.endpoint' })),
      status: 'warn',
      says: ['cannot be seen'],
    },
    { name: 'on EKS it is not judged', ctx: () => contextWith(), status: 'skip', says: ['only on K3s'] },
    {
      name: 'the pass names the variable, its value and the Service port, in the evidence too',
      ctx: () => k3sContext(),
      status: 'pass',
      saysExactly: 'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT = http://carts-dynamodb:8000 reaches Service carts/carts-dynamodb port 8000.',
      evidence: { variable: ENDPOINT, service: 'carts/carts-dynamodb', port: 8000 },
    },
    {
      name: 'a Secret value: the warn names the variable and where it comes from',
      ctx: () => k3sContext((v) => Object.assign(cartVar(v, ENDPOINT), { value: undefined, source: 'env:secretKeyRef', from: 'Secret/db.endpoint' })),
      status: 'warn',
      saysExactly:
        'The value of RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT comes from Secret/db.endpoint and cannot be seen, so its host and port cannot be checked.',
      evidence: { variable: ENDPOINT },
    },
    {
      name: 'a hidden value of unknown origin: "a Secret"',
      ctx: () => k3sContext((v) => Object.assign(cartVar(v, ENDPOINT), { value: undefined, source: 'envFrom:secret', from: undefined })),
      status: 'warn',
      says: ['comes from a Secret and cannot be seen'],
    },
    {
      name: 'no endpoint: the exact failure, evidence and fix',
      ctx: () => k3sContext((v) => (cartVar(v, ENDPOINT).value = '')),
      status: 'fail',
      symptom: 'UnrecognizedClientException',
      saysExactly: 'No DynamoDB endpoint variable in carts: on K3s the SDK then calls real AWS DynamoDB with the fake keys.',
      evidence: { expected: 'an endpoint variable naming the DynamoDB Service', actual: null },
      fix: [
        '# Point the app at the DynamoDB Service (retail-store: RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT):\n' +
          'kubectl -n carts set env deployment/carts AWS_ENDPOINT_URL_DYNAMODB=http://<DYNAMODB_SERVICE>:8000',
      ],
    },
    {
      name: 'wrong port from the ConfigMap: the exact message, evidence and ConfigMap patch',
      ctx: () => endpoint('http://carts-dynamodb:8080'),
      status: 'fail',
      saysExactly: 'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT = http://carts-dynamodb:8080 dials port 8080; Service carts-dynamodb listens on 8000.',
      evidence: {
        expected: 'a Service name and one of its ports',
        actual: 'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT = http://carts-dynamodb:8080',
        problem: 'no-port',
      },
      fix: [
        '# Point RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT at the DynamoDB Service (it comes from ConfigMap/carts: change it there):\n' +
          `kubectl -n carts patch configmap carts --type=merge -p '{"data":{"RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT":"http://carts-dynamodb:8000"}}'\n` +
          'kubectl -n carts rollout restart deployment/carts',
      ],
    },
    {
      name: 'wrong port set inline: the fix sets env on the Deployment',
      ctx: () => k3sContext((v) => Object.assign(cartVar(v, ENDPOINT), { value: 'http://carts-dynamodb:8080', source: 'env', from: undefined })),
      status: 'fail',
      fix: [
        '# Point RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT at the DynamoDB Service:\n' +
          'kubectl -n carts set env deployment/carts RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT=http://carts-dynamodb:8000\n' +
          'kubectl -n carts rollout restart deployment/carts',
      ],
    },
    {
      name: 'wrong port from a configMapKeyRef: the fix patches that ConfigMap and key',
      ctx: () =>
        k3sContext((v) =>
          Object.assign(cartVar(v, ENDPOINT), { value: 'http://carts-dynamodb:8080', source: 'env:configMapKeyRef', from: 'ConfigMap/cart-settings.endpoint' }),
        ),
      status: 'fail',
      fix: [
        '(it comes from ConfigMap/cart-settings.endpoint: change it there)',
        // The key the Deployment reads from that ConfigMap, not the variable's name (which would add a key nothing reads).
        `kubectl -n carts patch configmap cart-settings --type=merge -p '{"data":{"endpoint":"http://carts-dynamodb:8000"}}'`,
      ],
    },
    {
      name: 'wrong port from a configMapKeyRef whose key has dots: the whole key',
      ctx: () =>
        k3sContext((v) =>
          Object.assign(cartVar(v, ENDPOINT), {
            value: 'http://carts-dynamodb:8080',
            source: 'env:configMapKeyRef',
            from: 'ConfigMap/cart-settings.dynamodb.endpoint',
          }),
        ),
      status: 'fail',
      fix: [`kubectl -n carts patch configmap cart-settings --type=merge -p '{"data":{"dynamodb.endpoint":"http://carts-dynamodb:8000"}}'`],
    },
    {
      name: 'wrong port from an envFrom ConfigMap whose name has a dot: the whole name',
      ctx: () => k3sContext((v) => Object.assign(cartVar(v, ENDPOINT), { value: 'http://carts-dynamodb:8080', from: 'ConfigMap/carts.v2' })),
      status: 'fail',
      fix: [`kubectl -n carts patch configmap carts.v2 --type=merge -p '{"data":{"RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT":"http://carts-dynamodb:8000"}}'`],
    },
    {
      name: 'a Service in another namespace on the wrong port: the fix names its namespace',
      ctx: () => k3sContext((v) => ((cartVar(v, ENDPOINT).value = 'http://carts-dynamodb.data:9000'), withService('data/carts-dynamodb', 'data')(v))),
      status: 'fail',
      fix: ['http://carts-dynamodb.data:8000'],
    },
    {
      name: 'a Service that listens on no port: the fix has placeholders',
      ctx: () => k3sContext((v) => (v.services!['carts/carts-dynamodb'] = { ...dynamoService(), ports: [] })),
      status: 'fail',
      says: ['Service carts-dynamodb listens on none'],
      fix: ['http://<DYNAMODB_SERVICE>:<PORT>'],
    },
    {
      name: 'the Deployment is missing: the skip names it',
      ctx: () => k3sContext((v) => ((v.deployment as DeploymentFact).found = false)),
      status: 'skip',
      saysExactly: 'Deployment carts/carts was not found (see deployment.service-account)',
    },
    {
      name: 'not a URL: the exact message and the problem in the evidence',
      ctx: () => endpoint('carts-dynamodb:8000'),
      status: 'fail',
      saysExactly: 'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT = carts-dynamodb:8000 is not an http(s) URL.',
      evidence: { actual: 'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT = carts-dynamodb:8000', problem: 'not-a-url' },
    },
    {
      name: 'an outside host: the exact message and the problem in the evidence',
      ctx: () => endpoint('https://dynamodb.us-east-1.amazonaws.com'),
      status: 'fail',
      saysExactly:
        'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT = https://dynamodb.us-east-1.amazonaws.com points at dynamodb.us-east-1.amazonaws.com: ' +
        'it is not a Service name (name, name.namespace or name.namespace.svc[.cluster.local]).',
      evidence: { problem: 'not-a-service' },
    },
    {
      name: 'no such Service: the problem in the evidence',
      ctx: () => k3sContext((v) => (v.services!['carts/carts-dynamodb'] = { ...dynamoService(), found: false })),
      status: 'fail',
      saysExactly: 'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT = http://carts-dynamodb:8000 names Service carts/carts-dynamodb, which does not exist.',
      evidence: { problem: 'no-service' },
    },
    {
      name: 'a Service with two ports, neither dialled: both listed',
      ctx: () =>
        k3sContext((v) => {
          cartVar(v, ENDPOINT).value = 'http://carts-dynamodb:9000';
          v.services!['carts/carts-dynamodb'] = { ...dynamoService(), ports: [...dynamoService().ports, { name: 'admin', port: 8001, targetPort: 8001 }] };
        }),
      status: 'fail',
      says: ['dials port 9000; Service carts-dynamodb listens on 8000, 8001'],
    },
    ...prerequisiteCases(check, { world: k3sContext }),
  ]));

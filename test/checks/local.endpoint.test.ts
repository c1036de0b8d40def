import { describe } from '@jest/globals';
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
    ...prerequisiteCases(check, { world: k3sContext }),
  ]));

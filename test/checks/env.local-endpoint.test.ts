import { describe } from '@jest/globals';
import check from '../../src/checks/env.local-endpoint.js';
import type { DeploymentFact } from '../../src/facts/types.js';
import { contextWith } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { SECRET, add, fromConfigMap, fromSecret } from './env-fixtures.js';

describe('env.local-endpoint', () =>
  checkCases(check, [
    { name: 'none', ctx: () => contextWith(), status: 'pass' },
    { name: 'empty value means unset', ctx: () => contextWith(add(fromConfigMap('RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT', ''))), status: 'pass' },
    {
      name: 'endpoint with userinfo and a presigned query (D5)',
      ctx: () =>
        contextWith(
          add({
            name: 'AWS_ENDPOINT_URL',
            value: `http://admin:Pa55-${SECRET}@localhost:8000/?X-Amz-Security-Token=Tok3n${SECRET}`,
            source: 'env',
            redacted: false,
            resolved: true,
          }),
        ),
      status: 'fail',
      says: ['http://<redacted: userinfo>@localhost:8000/?<redacted: query>'],
      never: ['Pa55-', 'Tok3n'],
    },
    {
      name: 'retail endpoint',
      ctx: () => contextWith(add(fromConfigMap('RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT', 'http://carts-dynamodb:8000'))),
      status: 'fail',
      says: ['http://carts-dynamodb:8000'],
      fix: ['patch configmap cart-config'],
    },
    {
      name: 'AWS_ENDPOINT_URL',
      ctx: () => contextWith(add({ name: 'AWS_ENDPOINT_URL', value: 'http://localhost:4566', source: 'env', redacted: false, resolved: true })),
      status: 'fail',
    },
    // Mutation testing (issue #14): the exact wording, evidence and remediation users act on.
    { name: 'none: the whole message', ctx: () => contextWith(), status: 'pass', saysExactly: 'No DynamoDB endpoint override in cart-deployment.' },
    {
      name: 'retail endpoint from a ConfigMap: the whole message, evidence and fix',
      ctx: () => contextWith(add(fromConfigMap('RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT', 'http://carts-dynamodb:8000'))),
      status: 'fail',
      saysExactly:
        'The app is pointed at another DynamoDB endpoint: RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT from ConfigMap/cart-config (envFrom) in container cart = http://carts-dynamodb:8000.',
      evidence: {
        expected: 'no endpoint override',
        actual: [{ name: 'RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT', value: 'http://carts-dynamodb:8000', container: 'cart', from: 'ConfigMap/cart-config' }],
      },
      fix: [
        `# Remove it:\nkubectl -n retail-store-prod patch configmap cart-config --type=json -p '[{"op":"remove","path":"/data/RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT"}]'   # or drop the envFrom\nkubectl -n retail-store-prod rollout restart deployment/cart-deployment`,
      ],
    },
    {
      name: 'an endpoint hidden in a Secret beside one set in env: both named, the hidden one without a value',
      ctx: () =>
        contextWith(
          add(fromSecret('AWS_ENDPOINT_URL_DYNAMODB'), {
            name: 'AWS_ENDPOINT_URL',
            value: 'http://localhost:4566',
            source: 'env',
            redacted: false,
            resolved: true,
          }),
        ),
      status: 'fail',
      saysExactly:
        'The app is pointed at another DynamoDB endpoint: AWS_ENDPOINT_URL_DYNAMODB from Secret/aws-creds (envFrom) in container cart; AWS_ENDPOINT_URL set in env in container cart = http://localhost:4566.',
      evidence: {
        actual: [
          { name: 'AWS_ENDPOINT_URL_DYNAMODB', value: null, container: 'cart', from: 'Secret/aws-creds' },
          { name: 'AWS_ENDPOINT_URL', value: 'http://localhost:4566', container: 'cart', from: null },
        ],
      },
    },
    {
      name: 'Deployment not found: the skip names it',
      ctx: () => contextWith((v) => ((v.deployment as DeploymentFact).found = false)),
      status: 'skip',
      says: ['Deployment retail-store-prod/cart-deployment was not found'],
    },
    ...prerequisiteCases(check),
  ]));

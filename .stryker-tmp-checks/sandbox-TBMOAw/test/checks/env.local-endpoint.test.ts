// @ts-nocheck
import { describe } from '@jest/globals';
import check from '../../src/checks/env.local-endpoint.js';
import { contextWith } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { SECRET, add, fromConfigMap } from './env-fixtures.js';

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
    ...prerequisiteCases(check),
  ]));

// @ts-nocheck
import { describe } from '@jest/globals';
import check from '../../src/checks/env.static-credentials.js';
import { contextWith } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { SECRET, add, cart, fromSecret } from './env-fixtures.js';

describe('env.static-credentials', () =>
  checkCases(check, [
    { name: 'no keys', ctx: () => contextWith(), status: 'pass' },
    {
      name: 'keys from a Secret via envFrom',
      ctx: () => contextWith(add(fromSecret('AWS_ACCESS_KEY_ID'), fromSecret('AWS_SECRET_ACCESS_KEY'))),
      status: 'fail',
      says: ['AWS_SECRET_ACCESS_KEY from Secret/aws-creds'],
      never: [SECRET],
    },
    {
      name: 'inline env key',
      ctx: () => contextWith(add({ name: 'AWS_ACCESS_KEY_ID', source: 'env', redacted: true, resolved: true })),
      status: 'fail',
      fix: ['set env deployment/cart-deployment -c cart AWS_ACCESS_KEY_ID-'],
    },
    {
      name: 'RBAC forbids a Secret the doctor may not read',
      ctx: () => contextWith((v) => cart(v).envFrom.push({ kind: 'Secret', name: 'aws-creds', optional: false, found: false, unreadable: true })),
      status: 'warn',
      says: ['Secret/aws-creds'],
      fix: ['get secrets'],
    },
    ...prerequisiteCases(check),
  ]));

import { describe } from '@jest/globals';
import check from '../../src/checks/sa.exists.js';
import { ROLE_ARN, contextWith, unavailable } from '../helpers/fake-facts.js';
import { checkCases } from '../helpers/check-cases.js';
import type { ServiceAccountFact } from '../../src/facts/types.js';

describe('sa.exists', () =>
  checkCases(check, [
    { name: 'present', ctx: () => contextWith(), status: 'pass' },
    {
      name: 'missing',
      ctx: () => contextWith((v) => ((v.serviceAccount as ServiceAccountFact).found = false)),
      status: 'fail',
      fix: ['kind: ServiceAccount', 'name: cart-sa', 'namespace: retail-store-prod', ROLE_ARN, 'kubectl apply'],
      notSays: ['namespace'],
    },
    {
      // Issue 10: the input held cart-sa in another namespace, and the result did not say so.
      name: 'missing here, present in another namespace: named in message, evidence and fix',
      ctx: () => contextWith((v) => Object.assign(v.serviceAccount as ServiceAccountFact, { found: false, elsewhere: ['retail-store'] })),
      status: 'fail',
      says: ['retail-store-prod/cart-sa was not found', 'exists in namespace retail-store (retail-store/cart-sa)'],
      mentions: ['"foundInNamespaces":["retail-store"]'],
      fix: ['Wrong namespace', 'metadata.namespace: retail-store-prod', 'kubectl -n retail-store-prod', '--namespace retail-store'],
    },
    {
      name: 'missing here, present in two other namespaces',
      ctx: () => contextWith((v) => Object.assign(v.serviceAccount as ServiceAccountFact, { found: false, elsewhere: ['retail-store', 'default'] })),
      status: 'fail',
      says: ['namespaces retail-store, default'],
    },
    { name: 'cluster unreadable', ctx: () => contextWith((v) => (v.serviceAccount = unavailable('get serviceaccounts'))), status: 'error' },
  ]));

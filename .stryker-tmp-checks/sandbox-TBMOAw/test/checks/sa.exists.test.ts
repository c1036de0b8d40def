// @ts-nocheck
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
    },
    { name: 'cluster unreadable', ctx: () => contextWith((v) => (v.serviceAccount = unavailable('get serviceaccounts'))), status: 'error' },
  ]));

// @ts-nocheck
import { describe } from '@jest/globals';
import check from '../../src/checks/sa.annotation.js';
import { contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import type { RoleFact, ServiceAccountFact } from '../../src/facts/types.js';

const sa = (v: FactValues) => v.serviceAccount as ServiceAccountFact;

describe('sa.annotation', () =>
  checkCases(check, [
    { name: 'valid existing role', ctx: () => contextWith(), status: 'pass' },
    {
      name: 'no annotation',
      ctx: () => contextWith((v) => ((sa(v).annotations = {}), (v.roleRef = undefined))),
      status: 'fail',
      fix: ['kubectl -n retail-store-prod annotate serviceaccount cart-sa', 'rollout restart deployment/cart-deployment'],
    },
    {
      name: 'unrendered template',
      ctx: () => contextWith((v) => ((sa(v).annotations['eks.amazonaws.com/role-arn'] = '${role_arn}'), (v.roleRef = undefined))),
      status: 'fail',
      says: ['${role_arn}', 'Request ARN is invalid'],
    },
    { name: 'other role than --role', ctx: () => contextWith(undefined, 'guide', { role: 'expected-role' }), status: 'fail', says: ['expected-role'] },
    { name: 'role does not exist', ctx: () => contextWith((v) => ((v.role as RoleFact).found = false)), status: 'fail', says: ['does not exist'] },
    { name: 'GetRole denied', ctx: () => contextWith((v) => (v.role = unavailable())), status: 'error' },
    ...prerequisiteCases(check),
  ]));

// @ts-nocheck
import { describe } from '@jest/globals';
import check from '../../src/checks/deployment.service-account.js';
import { contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases } from '../helpers/check-cases.js';
import type { DeploymentFact } from '../../src/facts/types.js';

const dep = (v: FactValues) => v.deployment as DeploymentFact;

describe('deployment.service-account', () =>
  checkCases(check, [
    { name: 'runs as cart-sa', ctx: () => contextWith(), status: 'pass' },
    {
      name: 'default SA',
      ctx: () => contextWith((v) => Object.assign(dep(v), { serviceAccountName: undefined, effectiveServiceAccount: 'default' })),
      status: 'fail',
      says: ['"default"'],
      fix: ['serviceAccountName: cart-sa', 'kubectl -n retail-store-prod patch deployment cart-deployment'],
    },
    { name: 'deployment missing', ctx: () => contextWith((v) => (dep(v).found = false)), status: 'fail', says: ['not found'] },
    { name: 'unavailable', ctx: () => contextWith((v) => (v.deployment = unavailable('get deployments'))), status: 'error' },
  ]));

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
    // Mutation testing (issue #14): the exact wording, evidence and remediation users act on.
    {
      name: 'runs as cart-sa: the whole message and the evidence',
      ctx: () => contextWith(),
      status: 'pass',
      saysExactly: 'Deployment cart-deployment runs as ServiceAccount cart-sa.',
      evidence: { serviceAccountName: 'cart-sa' },
    },
    {
      name: 'another ServiceAccount written: the whole message, evidence and fix',
      ctx: () => contextWith((v) => Object.assign(dep(v), { serviceAccountName: 'other-sa', effectiveServiceAccount: 'other-sa' })),
      status: 'fail',
      saysExactly: 'Deployment cart-deployment has serviceAccountName: other-sa, not cart-sa.',
      evidence: { expected: 'cart-sa', actual: 'other-sa' },
      fix: [
        `# Set the ServiceAccount in the pod template (setup guide step 8): spec.template.spec.serviceAccountName: cart-sa\nkubectl -n retail-store-prod patch deployment cart-deployment -p '{"spec":{"template":{"spec":{"serviceAccountName":"cart-sa"}}}}'\n# The patch rolls the pods; the restart makes sure even an unchanged template is rolled:\nkubectl -n retail-store-prod rollout restart deployment/cart-deployment`,
      ],
    },
    {
      name: 'default SA: the whole message',
      ctx: () => contextWith((v) => Object.assign(dep(v), { serviceAccountName: undefined, effectiveServiceAccount: 'default' })),
      status: 'fail',
      saysExactly: 'Deployment cart-deployment has no serviceAccountName, so the pods run as "default", not cart-sa.',
      evidence: { expected: 'cart-sa', actual: 'default' },
    },
    {
      name: 'deployment missing: the whole message, evidence and fix',
      ctx: () => contextWith((v) => (dep(v).found = false)),
      status: 'fail',
      saysExactly: 'Deployment retail-store-prod/cart-deployment was not found.',
      evidence: { expected: 'retail-store-prod/cart-deployment', actual: null },
      fix: [
        '# Deploy the Cart Deployment with spec.template.spec.serviceAccountName: cart-sa, or pass --deployment/-n naming the one that runs the Cart service.',
      ],
    },
    { name: 'unavailable', ctx: () => contextWith((v) => (v.deployment = unavailable('get deployments'))), status: 'error' },
  ]));

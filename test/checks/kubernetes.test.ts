import { describe } from '@jest/globals';
import saExists from '../../src/checks/sa.exists.js';
import saAnnotation from '../../src/checks/sa.annotation.js';
import deploymentSa from '../../src/checks/deployment.service-account.js';
import regionMatch from '../../src/checks/region.match.js';
import { ROLE_ARN, contextWith, guidePolicy, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases } from '../helpers/check-cases.js';
import type { DeploymentFact, RoleFact, ServiceAccountFact } from '../../src/facts/types.js';

const sa = (v: FactValues) => v.serviceAccount as ServiceAccountFact;
const dep = (v: FactValues) => v.deployment as DeploymentFact;

describe('sa.exists', () =>
  checkCases(saExists, [
    { name: 'present', ctx: () => contextWith(), status: 'pass' },
    { name: 'missing', ctx: () => contextWith((v) => (sa(v).found = false)), status: 'fail', fix: ['kind: ServiceAccount', 'name: cart-sa', 'namespace: retail-store-prod', ROLE_ARN, 'kubectl apply'] },
    { name: 'cluster unreadable', ctx: () => contextWith((v) => (v.serviceAccount = unavailable('get serviceaccounts'))), status: 'error' },
  ]));

describe('sa.annotation', () =>
  checkCases(saAnnotation, [
    { name: 'valid existing role', ctx: () => contextWith(), status: 'pass' },
    { name: 'no annotation', ctx: () => contextWith((v) => ((sa(v).annotations = {}), (v.roleRef = undefined))), status: 'fail', fix: ['kubectl -n retail-store-prod annotate serviceaccount cart-sa', 'rollout restart deployment/cart-deployment'] },
    { name: 'unrendered template', ctx: () => contextWith((v) => ((sa(v).annotations['eks.amazonaws.com/role-arn'] = '${role_arn}'), (v.roleRef = undefined))), status: 'fail', message: ['${role_arn}', 'Request ARN is invalid'] },
    { name: 'other role than --role', ctx: () => contextWith(undefined, 'guide', { role: 'expected-role' }), status: 'fail', message: ['expected-role'] },
    { name: 'role does not exist', ctx: () => contextWith((v) => ((v.role as RoleFact).found = false)), status: 'fail', message: ['does not exist'] },
    { name: 'SA missing', ctx: () => contextWith((v) => (sa(v).found = false)), status: 'skip' },
    { name: 'GetRole denied', ctx: () => contextWith((v) => (v.role = unavailable())), status: 'error' },
  ]));

describe('deployment.service-account', () =>
  checkCases(deploymentSa, [
    { name: 'runs as cart-sa', ctx: () => contextWith(), status: 'pass' },
    { name: 'default SA', ctx: () => contextWith((v) => Object.assign(dep(v), { serviceAccountName: undefined, effectiveServiceAccount: 'default' })), status: 'fail', message: ['"default"'], fix: ['serviceAccountName: cart-sa', 'kubectl -n retail-store-prod patch deployment cart-deployment'] },
    { name: 'deployment missing', ctx: () => contextWith((v) => (dep(v).found = false)), status: 'fail', message: ['not found'] },
    { name: 'unavailable', ctx: () => contextWith((v) => (v.deployment = unavailable('get deployments'))), status: 'error' },
  ]));

describe('region.match', () =>
  checkCases(regionMatch, [
    { name: 'one region', ctx: () => contextWith(), status: 'pass' },
    {
      name: 'app in another region',
      ctx: () => contextWith((v) => (v.appRegion = { region: 'us-east-1', source: 'envFrom', detail: 'AWS_REGION=us-east-1 from ConfigMap/cart' })),
      status: 'fail',
      message: ['us-east-1', 'ap-south-1'],
      fix: ['set env deployment/cart-deployment AWS_REGION=ap-south-1'],
    },
    { name: 'policy ARN in another region', ctx: () => contextWith((v) => (v.policies = { identity: [{ name: 'p', document: guidePolicy('arn:aws:dynamodb:us-east-1:111122223333:table/Items') }] })), status: 'fail', message: ['policy ARN: us-east-1'] },
    { name: 'only AWS_DEFAULT_REGION', ctx: () => contextWith((v) => (v.appRegion = { source: 'none', detail: 'container cart sets only AWS_DEFAULT_REGION' })), status: 'fail', message: ['AWS_DEFAULT_REGION'] },
    { name: 'no role to read policy ARNs from: one region where seen is a warn, not a pass', ctx: () => contextWith((v) => (v.roleRef = undefined)), status: 'warn', message: ['not compared: policy ARNs'] },
    { name: 'deployment missing', ctx: () => contextWith((v) => (dep(v).found = false)), status: 'skip' },
    { name: 'policies unreadable', ctx: () => contextWith((v) => (v.policies = unavailable('iam:ListAttachedRolePolicies'))), status: 'error' },
  ]));

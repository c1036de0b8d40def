// @ts-nocheck
import { describe } from '@jest/globals';
import check from '../../src/checks/region.match.js';
import { contextWith, guidePolicy, unavailable } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';

describe('region.match', () =>
  checkCases(check, [
    { name: 'one region', ctx: () => contextWith(), status: 'pass' },
    {
      name: 'app in another region',
      ctx: () => contextWith((v) => (v.appRegion = { region: 'us-east-1', source: 'envFrom', detail: 'AWS_REGION=us-east-1 from ConfigMap/cart' })),
      status: 'fail',
      says: ['us-east-1', 'ap-south-1'],
      fix: ['set env deployment/cart-deployment AWS_REGION=ap-south-1'],
    },
    {
      name: 'policy ARN in another region',
      ctx: () => contextWith((v) => (v.policies = { identity: [{ name: 'p', document: guidePolicy('arn:aws:dynamodb:us-east-1:111122223333:table/Items') }] })),
      status: 'fail',
      says: ['policy ARN: us-east-1'],
    },
    {
      name: 'only AWS_DEFAULT_REGION',
      ctx: () => contextWith((v) => (v.appRegion = { source: 'none', detail: 'container cart sets only AWS_DEFAULT_REGION' })),
      status: 'fail',
      says: ['AWS_DEFAULT_REGION'],
    },
    {
      name: 'no role to read policy ARNs from: one region where seen is a warn, not a pass',
      ctx: () => contextWith((v) => (v.roleRef = undefined)),
      status: 'warn',
      says: ['not compared: policy ARNs'],
    },
    { name: 'policies unreadable', ctx: () => contextWith((v) => (v.policies = unavailable('iam:ListAttachedRolePolicies'))), status: 'error' },
    ...prerequisiteCases(check),
  ]));

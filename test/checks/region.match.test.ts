import { describe } from '@jest/globals';
import check from '../../src/checks/region.match.js';
import type { ClusterFact } from '../../src/facts/types.js';
import { contextWith, guidePolicy, tableNotFound, unavailable } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { appInEuWest1, replica } from './global-table-fixtures.js';

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
    {
      // Issue 10: the ARN the table would have named the target region, and counted as its region.
      name: 'table not found: its region is not compared, a warn naming table.exists, never a pass',
      ctx: () => contextWith((v) => tableNotFound(v)),
      status: 'warn',
      says: ['not compared: table (Items was not found in ap-south-1; see table.exists)'],
      fix: ['Create table Items in ap-south-1'],
    },
    {
      name: 'table not found and the app elsewhere: the regions that were seen differ',
      ctx: () =>
        contextWith((v) => {
          tableNotFound(v);
          v.appRegion = { region: 'us-east-1', source: 'env', detail: 'AWS_REGION=us-east-1' };
        }),
      status: 'fail',
      says: ['app (env): us-east-1', 'cluster: ap-south-1', 'not compared: table'],
    },
    {
      name: 'cluster not found: neither its region nor the region the webhook would inject from it is compared',
      ctx: () => contextWith((v) => (v.cluster = { ...(v.cluster as ClusterFact), found: false, arn: undefined })),
      status: 'warn',
      says: ['cluster (cart-cluster was not found)', "app (the webhook injects the cluster's region"],
    },
    {
      name: 'no AWS_REGION and the table not found: the fix says the region is unknown',
      ctx: () =>
        contextWith((v) => {
          tableNotFound(v);
          v.appRegion = { source: 'none', detail: 'container cart has no AWS_REGION' };
        }),
      status: 'fail',
      fix: ['AWS_REGION=<REGION>', 'Items was not found in ap-south-1'],
    },
    {
      name: 'DescribeTable denied to the doctor',
      ctx: () => contextWith((v) => (v.tables['ap-south-1'] = unavailable('dynamodb:DescribeTable'))),
      status: 'error',
    },
    { name: 'policies unreadable', ctx: () => contextWith((v) => (v.policies = unavailable('iam:ListAttachedRolePolicies'))), status: 'error' },
    {
      // Issue 10 item 6: the table the app calls is the replica in its region, and a call from a
      // cluster in another region works (latency, transfer cost): a warn, not ResourceNotFound.
      name: 'global table: the app calls its ACTIVE replica in eu-west-1 from a cluster in ap-south-1',
      ctx: () =>
        contextWith((v) => {
          appInEuWest1(v, { status: 'ACTIVE' }, [replica('eu-west-1')]);
          v.policies = { identity: [{ name: 'p', document: guidePolicy('arn:aws:dynamodb:*:111122223333:table/Items') }] };
        }),
      status: 'warn',
      saysExactly:
        'The app, the table it calls and the policy ARNs use eu-west-1; the cluster is in ap-south-1: app (env): eu-west-1, table: eu-west-1 (the replica of global table Items), cluster: ap-south-1. Every call crosses regions (latency, data transfer cost), but it works.',
      fix: ['set env deployment/cart-deployment AWS_REGION=ap-south-1'],
    },
    {
      name: 'global table without a replica in the app region: the table the doctor saw is in the target region, and the regions differ',
      ctx: () => contextWith((v) => appInEuWest1(v, 'missing', [replica('us-east-1')])),
      status: 'fail',
      says: ['app (env): eu-west-1', 'table: ap-south-1'],
    },
    {
      name: 'global table whose replica in the app region cannot be read: its region is not compared',
      ctx: () => contextWith((v) => appInEuWest1(v, unavailable('dynamodb:DescribeTable'), [replica('eu-west-1')])),
      status: 'error',
    },
    ...prerequisiteCases(check),
  ]));

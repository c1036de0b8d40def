import { describe, expect, it } from '@jest/globals';
import check from '../../src/checks/region.match.js';
import type { ClusterFact, DeploymentFact, RoleFact, TableFact } from '../../src/facts/types.js';
import type { PolicyDocument } from '../../src/iam/types.js';
import { runChecks } from '../../src/runner.js';
import { contextWith, guidePolicy, tableNotFound, unavailable, type FactValues } from '../helpers/fake-facts.js';
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

// The exact words, evidence and commands a user (or a JSON consumer) relies on, branch by branch.
const SET_ENV = (region: string) =>
  `kubectl -n retail-store-prod set env deployment/cart-deployment AWS_REGION=${region}\nkubectl -n retail-store-prod rollout restart deployment/cart-deployment`;
const HOME_ARN = 'arn:aws:dynamodb:ap-south-1:111122223333:table/Items';
const ALL_SEEN = 'app (injected by the webhook): ap-south-1, table: ap-south-1, cluster: ap-south-1';
const awayCluster = (v: FactValues) => {
  v.cluster = { ...(v.cluster as ClusterFact), region: 'us-west-2' };
  v.appRegion = { region: 'ap-south-1', source: 'env', detail: 'AWS_REGION=ap-south-1' };
};
/** An identity policy whose statements name, beside the table, ARNs whose region must not count. */
const mixedPolicy = (tableArn: string): PolicyDocument => ({
  source: 'p',
  version: '2012-10-17',
  statements: [
    {
      index: 0,
      effect: 'Allow',
      action: ['dynamodb:GetItem'],
      resource: [
        tableArn,
        `${tableArn}/index/byCustomer`,
        'arn:aws:dynamodb:eu-central-1:111122223333:table/Other',
        'arn:aws:dynamodb:eu-west-2:111122223333:table/ItemsOld',
        'arn:aws:dynamodb:us-*:111122223333:table/Items',
        'arn:aws:sqs:eu-north-1:111122223333:table/Items',
        '*',
      ],
    },
    { index: 1, effect: 'Deny', action: ['dynamodb:PutItem'], resource: ['arn:aws:dynamodb:sa-east-1:111122223333:table/Items'] },
    { index: 2, effect: 'Allow', action: ['s3:GetObject'] },
  ],
});

describe('region.match: what it says, records and prints', () =>
  checkCases(check, [
    {
      name: 'one region: the whole message and every region in the evidence',
      ctx: () => contextWith(),
      status: 'pass',
      saysExactly: `One region everywhere: ${ALL_SEEN}, policy ARN: ap-south-1.`,
      evidence: {
        regions: { 'app (injected by the webhook)': 'ap-south-1', table: 'ap-south-1', cluster: 'ap-south-1', 'policy ARN': 'ap-south-1' },
        notCompared: [],
      },
    },
    {
      name: 'the table region from its own region when DescribeTable reports no ARN',
      ctx: () => contextWith((v) => ((v.tables['ap-south-1'] as TableFact).arn = undefined)),
      status: 'pass',
      saysExactly: `One region everywhere: ${ALL_SEEN}, policy ARN: ap-south-1.`,
    },
    {
      name: 'only ARNs of this table in an Allow with a concrete region count: others are not policy regions',
      ctx: () => contextWith((v) => (v.policies = { identity: [{ name: 'p', document: mixedPolicy(HOME_ARN) }] })),
      status: 'pass',
      saysExactly: `One region everywhere: ${ALL_SEEN}, policy ARN: ap-south-1.`,
    },
    {
      name: 'app elsewhere: the whole message and only the set-env fix (the policy agrees with the table)',
      ctx: () => contextWith((v) => (v.appRegion = { region: 'us-east-1', source: 'envFrom', detail: 'AWS_REGION=us-east-1 from ConfigMap/cart' })),
      status: 'fail',
      saysExactly: 'Regions differ: app (envFrom): us-east-1, table: ap-south-1, cluster: ap-south-1, policy ARN: ap-south-1.',
      evidence: { regions: { 'app (envFrom)': 'us-east-1', table: 'ap-south-1' }, notCompared: [] },
      fix: [SET_ENV('ap-south-1')],
    },
    {
      name: "a policy naming the table (and its index) in another region: the policy rewritten, only this table's ARNs of its Allow statements",
      ctx: () => contextWith((v) => (v.policies = { identity: [{ name: 'p', document: mixedPolicy('arn:aws:dynamodb:us-east-1:111122223333:table/Items') }] })),
      status: 'fail',
      saysExactly: `Regions differ: ${ALL_SEEN}, policy ARN: us-east-1.`,
      evidence: { regions: { 'policy ARN': 'us-east-1' } },
      fix: [
        "# Use ap-south-1 in the table ARNs of p:\ncat > p.json <<'JSON'",
        `"Resource": [\n        "${HOME_ARN}",\n        "${HOME_ARN}/index/byCustomer",\n        "arn:aws:dynamodb:eu-central-1:111122223333:table/Other",\n` +
          '        "arn:aws:dynamodb:eu-west-2:111122223333:table/ItemsOld",\n        "arn:aws:dynamodb:us-*:111122223333:table/Items",\n' +
          '        "arn:aws:sqs:eu-north-1:111122223333:table/Items",\n        "*"\n      ]',
        // A Deny elsewhere blocks nothing the app does; moved to the table's region it would.
        '"arn:aws:dynamodb:sa-east-1:111122223333:table/Items"',
        'aws iam create-policy-version --policy-arn p --policy-document file://p.json --set-as-default',
      ],
    },
    {
      name: 'two policies, one naming the table elsewhere: only that one rewritten',
      ctx: () =>
        contextWith(
          (v) =>
            (v.policies = {
              identity: [
                { name: 'inline:good', document: guidePolicy() },
                { name: 'inline:bad', document: guidePolicy('arn:aws:dynamodb:us-east-1:111122223333:table/Items') },
              ],
            }),
        ),
      status: 'fail',
      says: ['policy ARN: ap-south-1, policy ARN: us-east-1.'],
      fix: ['# Use ap-south-1 in the table ARNs of inline:bad:', 'aws iam put-role-policy --role-name cart-dynamodb-role --policy-name bad'],
    },
    {
      name: 'no AWS_REGION: the whole message, evidence and set-env fix to the table region',
      ctx: () => contextWith((v) => (v.appRegion = { source: 'none', detail: 'container cart sets only AWS_DEFAULT_REGION' })),
      status: 'fail',
      saysExactly: 'The app has no AWS_REGION: container cart sets only AWS_DEFAULT_REGION.',
      evidence: { expected: 'ap-south-1', actual: null, detail: 'container cart sets only AWS_DEFAULT_REGION' },
      fix: [SET_ENV('ap-south-1')],
    },
    {
      name: 'no AWS_REGION and no table: null expected, the <REGION> placeholder and why',
      ctx: () =>
        contextWith((v) => {
          tableNotFound(v);
          v.appRegion = { source: 'none', detail: 'container cart has no AWS_REGION' };
        }),
      status: 'fail',
      evidence: { expected: null, actual: null },
      fix: [`# the table's region is unknown in this run (Items was not found in ap-south-1): put it in place of <REGION>\n${SET_ENV('<REGION>')}`],
    },
    {
      name: 'no role: the whole warn, what was not compared, and the fix',
      ctx: () => contextWith((v) => (v.roleRef = undefined)),
      status: 'warn',
      saysExactly: `One region where it could be seen: ${ALL_SEEN} (not compared: policy ARNs (no role to read them from)).`,
      evidence: { notCompared: ['policy ARNs (no role to read them from)'] },
      fix: ['# Fix what keeps the rest from being compared (see sa.annotation and the cluster), then run again.'],
    },
    {
      name: 'the named role does not exist: its policy ARNs are not compared',
      ctx: () => contextWith((v) => ((v.role as RoleFact).found = false)),
      status: 'warn',
      says: ['(not compared: policy ARNs (no role to read them from))'],
    },
    {
      name: 'table not found: the whole warn and the create-table advice',
      ctx: () => contextWith((v) => tableNotFound(v)),
      status: 'warn',
      saysExactly:
        'One region where it could be seen: app (injected by the webhook): ap-south-1, cluster: ap-south-1, policy ARN: ap-south-1 (not compared: table (Items was not found in ap-south-1; see table.exists)).',
      fix: ['# Create table Items in ap-south-1 (see table.exists), then run again: only a table DescribeTable returns has a region to compare.'],
    },
    {
      name: 'cluster not found: the whole warn, both unseen regions named',
      ctx: () => contextWith((v) => (v.cluster = { ...(v.cluster as ClusterFact), found: false, arn: undefined })),
      status: 'warn',
      saysExactly:
        "One region where it could be seen: table: ap-south-1, policy ARN: ap-south-1 (not compared: app (the webhook injects the cluster's region, and cluster cart-cluster was not found), cluster (cart-cluster was not found)).",
      evidence: { regions: { table: 'ap-south-1', 'policy ARN': 'ap-south-1' } },
    },
    {
      name: 'cluster not found, the app region set on the container: the app region is compared',
      ctx: () =>
        contextWith((v) => {
          v.cluster = { ...(v.cluster as ClusterFact), found: false, arn: undefined };
          v.appRegion = { region: 'ap-south-1', source: 'env', detail: 'AWS_REGION=ap-south-1' };
        }),
      status: 'warn',
      saysExactly:
        'One region where it could be seen: app (env): ap-south-1, table: ap-south-1, policy ARN: ap-south-1 (not compared: cluster (cart-cluster was not found)).',
    },
    {
      name: 'one region known only: nothing to compare is an error, never a pass',
      ctx: () =>
        contextWith((v) => {
          v.cluster = { ...(v.cluster as ClusterFact), found: false, arn: undefined };
          v.roleRef = undefined;
        }),
      status: 'error',
      says: ['only one region is known (table: ap-south-1); nothing to compare'],
    },
    {
      name: 'only the cluster elsewhere: the whole warn and the move-the-table fix',
      ctx: () => contextWith(awayCluster),
      status: 'warn',
      saysExactly:
        'The app, the table it calls and the policy ARNs use ap-south-1; the cluster is in us-west-2: app (env): ap-south-1, table: ap-south-1, cluster: us-west-2, policy ARN: ap-south-1. ' +
        'Every call crosses regions (latency, data transfer cost), but it works.',
      evidence: { regions: { 'app (env)': 'ap-south-1', table: 'ap-south-1', cluster: 'us-west-2', 'policy ARN': 'ap-south-1' }, notCompared: [] },
      fix: [`# To keep calls in one region, create the table in us-west-2 and then:\n${SET_ENV('us-west-2')}`],
    },
    {
      name: 'only the cluster elsewhere but the policy not compared: a fail, not the cross-region warn',
      ctx: () =>
        contextWith((v) => {
          awayCluster(v);
          v.roleRef = undefined;
        }),
      status: 'fail',
      saysExactly: 'Regions differ: app (env): ap-south-1, table: ap-south-1, cluster: us-west-2 (not compared: policy ARNs (no role to read them from)).',
      fix: ["# Create the table in the cluster's region, or point the app at ap-south-1."],
    },
    {
      name: 'the cluster and the app elsewhere than the table: fail, point the app at the table',
      ctx: () =>
        contextWith((v) => {
          awayCluster(v);
          v.appRegion = { region: 'us-west-2', source: 'env', detail: 'AWS_REGION=us-west-2' };
        }),
      status: 'fail',
      saysExactly: 'Regions differ: app (env): us-west-2, table: ap-south-1, cluster: us-west-2, policy ARN: ap-south-1.',
      fix: [SET_ENV('ap-south-1')],
    },
    {
      name: 'global table, the replica next to the cluster: the warn fix points the app at it',
      ctx: () =>
        contextWith((v) => {
          appInEuWest1(v, { status: 'ACTIVE' }, [replica('eu-west-1')]);
          v.policies = { identity: [{ name: 'p', document: guidePolicy('arn:aws:dynamodb:*:111122223333:table/Items') }] };
        }),
      status: 'warn',
      evidence: { regions: { 'app (env)': 'eu-west-1', table: 'eu-west-1', cluster: 'ap-south-1' }, notCompared: [] },
      fix: [`# To call the replica next to the cluster instead (global table Items has one in ap-south-1):\n${SET_ENV('ap-south-1')}`],
    },
  ]));

describe('region.match: no fix that is not needed', () => {
  it('app elsewhere, the policy in the table region: the fix is only the set-env, no policy rewrite', async () => {
    const ctx = contextWith((v) => (v.appRegion = { region: 'us-east-1', source: 'env', detail: 'AWS_REGION=us-east-1' }));
    const [result] = await runChecks([check], ctx);
    expect(result!.remediation).toBe(SET_ENV('ap-south-1'));
  });
  it('the policy elsewhere, the app in the table region: no set-env, the policy rewrite only', async () => {
    const ctx = contextWith(
      (v) => (v.policies = { identity: [{ name: 'inline:p', document: guidePolicy('arn:aws:dynamodb:us-east-1:111122223333:table/Items') }] }),
    );
    const [result] = await runChecks([check], ctx);
    expect(result!.remediation).toMatch(/^# Use ap-south-1 in the table ARNs of inline:p:\ncat > p\.json <<'JSON'\n/);
    expect(result!.remediation).not.toContain('set env');
    expect(result!.remediation).not.toContain('us-east-1');
  });
});

/** An inline policy that names no table ARN in another region in an Allow: never rewritten. */
const untouched = (): PolicyDocument => ({
  source: 'inline:other',
  version: '2012-10-17',
  statements: [
    { index: 0, effect: 'Allow', action: ['s3:GetObject'], notResource: ['arn:aws:s3:::private/*'] },
    { index: 1, effect: 'Deny', action: ['dynamodb:PutItem'], resource: ['arn:aws:dynamodb:us-east-1:111122223333:table/Items'] },
    { index: 2, effect: 'Allow', action: ['sqs:SendMessage'], resource: ['arn:aws:sqs:us-east-1:111122223333:table/Items', '*'] },
  ],
});
const onlyIndexElsewhere = (): PolicyDocument => ({
  source: 'inline:index',
  version: '2012-10-17',
  statements: [{ index: 0, effect: 'Allow', action: ['dynamodb:Query'], resource: ['arn:aws:dynamodb:us-east-1:111122223333:table/Items/index/*'] }],
});

describe('region.match: which ARNs and tables count', () =>
  checkCases(check, [
    {
      name: 'an index ARN of the table in another region counts as a policy region',
      ctx: () =>
        contextWith(
          (v) =>
            (v.policies = {
              identity: [
                { name: 'inline:table', document: guidePolicy() },
                { name: 'inline:index', document: onlyIndexElsewhere() },
              ],
            }),
        ),
      status: 'fail',
      saysExactly: `Regions differ: ${ALL_SEEN}, policy ARN: ap-south-1, policy ARN: us-east-1.`,
      fix: ['"arn:aws:dynamodb:ap-south-1:111122223333:table/Items/index/*"'],
    },
    {
      name: 'the table region is the one in its ARN',
      ctx: () => contextWith((v) => ((v.tables['ap-south-1'] as TableFact).arn = 'arn:aws:dynamodb:us-east-1:111122223333:table/Items')),
      status: 'fail',
      saysExactly: 'Regions differ: app (injected by the webhook): ap-south-1, table: us-east-1, cluster: ap-south-1, policy ARN: ap-south-1.',
    },
    {
      name: 'a table ARN that does not parse: the region DescribeTable was asked in',
      ctx: () => contextWith((v) => ((v.tables['ap-south-1'] as TableFact).arn = 'not-an-arn')),
      status: 'pass',
      saysExactly: `One region everywhere: ${ALL_SEEN}, policy ARN: ap-south-1.`,
    },
    {
      name: 'global table, the app region among several replicas: the replica there is the table',
      ctx: () =>
        contextWith((v) => {
          appInEuWest1(v, { status: 'ACTIVE' }, [replica('us-east-1'), replica('eu-west-1')]);
          v.policies = { identity: [{ name: 'p', document: guidePolicy('arn:aws:dynamodb:*:111122223333:table/Items') }] };
        }),
      status: 'warn',
      says: ['table: eu-west-1 (the replica of global table Items)'],
    },
    {
      name: 'global table, a table of its own in the app region that the global table does not list: not its replica',
      ctx: () => contextWith((v) => appInEuWest1(v, { status: 'ACTIVE' }, [replica('us-east-1')])),
      status: 'fail',
      saysExactly: 'Regions differ: app (env): eu-west-1, table: ap-south-1, cluster: ap-south-1, policy ARN: ap-south-1.',
    },
    {
      name: 'global table, the replica listed in the app region but not found there: the target region table is compared',
      ctx: () => contextWith((v) => appInEuWest1(v, 'missing', [replica('eu-west-1')])),
      status: 'fail',
      saysExactly: 'Regions differ: app (env): eu-west-1, table: ap-south-1, cluster: ap-south-1, policy ARN: ap-south-1.',
      evidence: { regions: { table: 'ap-south-1' } },
    },
    {
      name: 'Deployment not found: the skip names it',
      ctx: () => contextWith((v) => ((v.deployment as DeploymentFact).found = false)),
      status: 'skip',
      saysExactly: 'Deployment retail-store-prod/cart-deployment was not found (see deployment.service-account)',
    },
    {
      name: 'one region known only: the error says the comparison failed, not that a fact was denied',
      ctx: () =>
        contextWith((v) => {
          v.cluster = { ...(v.cluster as ClusterFact), found: false, arn: undefined };
          v.roleRef = undefined;
        }),
      status: 'error',
      evidence: { cause: 'failed' },
    },
  ]));

describe('region.match: which policies the fix rewrites', () => {
  const remediation = async (change: (v: FactValues) => void) => (await runChecks([check], contextWith(change)))[0]!.remediation;

  it('only a policy with a table ARN in another region in an Allow; not one with a Deny there, NotResource, or other services', async () => {
    const fix = await remediation(
      (v) =>
        (v.policies = {
          identity: [
            { name: 'inline:bad', document: guidePolicy('arn:aws:dynamodb:us-east-1:111122223333:table/Items') },
            { name: 'inline:other', document: untouched() },
          ],
        }),
    );
    expect(fix).toContain('# Use ap-south-1 in the table ARNs of inline:bad:');
    expect(fix).not.toContain('inline:other');
    expect(fix).not.toContain('other.json');
  });
  it('a role that does not exist has no policy to rewrite: only the set-env', async () => {
    const fix = await remediation((v) => {
      (v.role as RoleFact).found = false;
      v.appRegion = { region: 'us-east-1', source: 'env', detail: 'AWS_REGION=us-east-1' };
      v.policies = { identity: [{ name: 'inline:bad', document: guidePolicy('arn:aws:dynamodb:us-east-1:111122223333:table/Items') }] };
    });
    expect(fix).toBe(SET_ENV('ap-south-1'));
  });
});

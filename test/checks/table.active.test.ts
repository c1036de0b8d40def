import { describe } from '@jest/globals';
import check from '../../src/checks/table.active.js';
import { REGION, contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { APP_REGION, appInEuWest1, makeGlobal, replica } from './global-table-fixtures.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import type { TableFact } from '../../src/facts/types.js';

const table = (v: FactValues) => v.tables[REGION] as TableFact;

describe('table.active', () =>
  checkCases(check, [
    { name: 'ACTIVE', ctx: () => contextWith(), status: 'pass' },
    { name: 'UPDATING still serves', ctx: () => contextWith((v) => (table(v).status = 'UPDATING')), status: 'pass', says: ['UPDATING'] },
    { name: 'CREATING', ctx: () => contextWith((v) => (table(v).status = 'CREATING')), status: 'fail', fix: ['aws dynamodb wait table-exists'] },
    {
      name: 'GSI CREATING',
      ctx: () => contextWith((v) => (table(v).gsis[0]!.status = 'CREATING'), 'retail-store'),
      status: 'fail',
      says: ['idx_global_customerId'],
    },
    ...prerequisiteCases(check),
  ]));

/** The app writes to eu-west-1, whose replica answers ACTIVE itself while ap-south-1 reports its ReplicaStatus as `status`. */
const replicaReported =
  (status: string, extra: Parameters<typeof replica>[2] = {}) =>
  () =>
    contextWith((v) => appInEuWest1(v, { status: 'ACTIVE' }, [replica(APP_REGION, status, extra)]));

describe('table.active: global tables', () =>
  checkCases(check, [
    {
      name: 'the app region table is a replica, ACTIVE',
      ctx: () => contextWith((v) => makeGlobal(v, [replica('us-east-1')])),
      status: 'pass',
      says: ['replica of a global table', 'is ACTIVE'],
    },
    {
      name: 'the replica in the app region is ACTIVE, as the target region reports',
      ctx: replicaReported('ACTIVE'),
      status: 'pass',
      says: [APP_REGION, 'ap-south-1 reports its ReplicaStatus ACTIVE'],
      mentions: ['"replicaStatus":"ACTIVE"', '"reportedBy":"ap-south-1"'],
    },
    { name: 'replica UPDATING still serves', ctx: replicaReported('UPDATING'), status: 'pass', says: ['ReplicaStatus UPDATING'] },
    {
      name: 'the replica itself is CREATING (TableStatus)',
      ctx: () => contextWith((v) => appInEuWest1(v, { status: 'CREATING' }, [replica(APP_REGION, 'CREATING', { percentProgress: '40' })])),
      status: 'fail',
      says: [`${APP_REGION}`, 'is CREATING, not ACTIVE', 'ReplicaStatus CREATING (40%)'],
      fix: [`aws dynamodb wait table-exists --region ${APP_REGION} --table-name Items`],
    },
    {
      name: 'ReplicaStatus CREATING while the table answers: not ready, wait',
      ctx: replicaReported('CREATING'),
      status: 'fail',
      says: ['replica status is CREATING', 'ResourceNotFoundException'],
      fix: [`aws dynamodb wait table-exists --region ${APP_REGION} --table-name Items`, `Table.Replicas[?RegionName=='${APP_REGION}']`],
    },
    {
      name: 'CREATION_FAILED: its reason, remove and add the replica again',
      ctx: replicaReported('CREATION_FAILED', { statusDescription: 'KMS key not accessible in eu-west-1' }),
      status: 'fail',
      says: ['creating the replica failed', 'KMS key not accessible in eu-west-1'],
      fix: [
        `--replica-updates '[{"Delete":{"RegionName":"${APP_REGION}"}}]'`,
        `aws dynamodb update-table --region ap-south-1 --table-name Items --replica-updates '[{"Create":{"RegionName":"${APP_REGION}"}}]'`,
      ],
    },
    {
      name: 'DELETING: point the app at a replica that stays',
      ctx: replicaReported('DELETING'),
      status: 'fail',
      says: ['being deleted'],
      fix: ['AWS_REGION=ap-south-1'],
    },
    {
      name: 'REGION_DISABLED: enable the region again',
      ctx: replicaReported('REGION_DISABLED'),
      status: 'fail',
      says: [`region ${APP_REGION} is disabled`, '20 hours'],
      fix: [`aws account enable-region --region-name ${APP_REGION}`, 'AWS_REGION=ap-south-1'],
    },
    {
      name: "INACCESSIBLE_ENCRYPTION_CREDENTIALS: the replica's KMS key, named",
      ctx: replicaReported('INACCESSIBLE_ENCRYPTION_CREDENTIALS', { kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/abcd' }),
      status: 'fail',
      says: ["the replica's KMS key arn:aws:kms:eu-west-1:111122223333:key/abcd is inaccessible"],
      fix: [`aws kms enable-key --region ${APP_REGION} --key-id arn:aws:kms:eu-west-1:111122223333:key/abcd`],
    },
    {
      name: "the target region's view unreadable: judged on the replica's own TableStatus",
      ctx: () =>
        contextWith((v) => {
          appInEuWest1(v, { status: 'ACTIVE' }, [replica(APP_REGION, 'CREATING')]);
          v.tables[REGION] = unavailable('dynamodb:DescribeTable');
        }),
      status: 'pass',
      notSays: ['ReplicaStatus'],
    },
  ]));

// The exact words, evidence and commands a user (or a JSON consumer) relies on, branch by branch.
const WAIT_HOME = `aws dynamodb wait table-exists --region ${REGION} --table-name Items`;
const POINT_AT_HOME = [
  `kubectl -n retail-store-prod set env deployment/cart-deployment AWS_REGION=${REGION}`,
  'kubectl -n retail-store-prod rollout restart deployment/cart-deployment',
].join('\n');
const IN_EU_WEST_1 = `Table Items in ${APP_REGION}, the ${APP_REGION} replica of a global table (version 2019.11.21; other replicas: ${REGION} ACTIVE),`;
/** The ap-south-1 table lists its own replica (with `status`) among the replicas, beside `others`. */
const listsItself =
  (status: string, others = [replica('us-east-1')]) =>
  () =>
    contextWith((v) => makeGlobal(v, [replica(REGION, status), ...others]));

describe('table.active: what it says, records and prints', () =>
  checkCases(check, [
    {
      name: 'ACTIVE: the whole message and the evidence',
      ctx: () => contextWith(),
      status: 'pass',
      saysExactly: `Table Items in ${REGION} is ACTIVE.`,
      evidence: { status: 'ACTIVE' },
    },
    {
      name: 'UPDATING: says it still serves',
      ctx: () => contextWith((v) => (table(v).status = 'UPDATING')),
      status: 'pass',
      saysExactly: `Table Items in ${REGION} is UPDATING (UPDATING still serves reads and writes).`,
      evidence: { status: 'UPDATING' },
    },
    {
      name: 'CREATING: the whole message, evidence and the wait snippet',
      ctx: () => contextWith((v) => (table(v).status = 'CREATING')),
      status: 'fail',
      saysExactly: `Table Items in ${REGION} is CREATING, not ACTIVE.`,
      evidence: { expected: 'ACTIVE', actual: 'CREATING' },
      fix: [`# Wait until it is ACTIVE:\n${WAIT_HOME}`],
    },
    {
      name: 'DELETING: restore or recreate it, then wait',
      ctx: () => contextWith((v) => (table(v).status = 'DELETING')),
      status: 'fail',
      saysExactly: `Table Items in ${REGION} is DELETING, not ACTIVE.`,
      evidence: { expected: 'ACTIVE', actual: 'DELETING' },
      fix: [
        '# Table Items is DELETING: restore or recreate it (an INACCESSIBLE_ENCRYPTION_CREDENTIALS table needs its KMS key re-enabled), then wait until it is ACTIVE:\n' +
          WAIT_HOME,
      ],
    },
    {
      name: 'no TableStatus reported: never a pass, said as unknown',
      ctx: () => contextWith((v) => (table(v).status = undefined)),
      status: 'fail',
      saysExactly: `Table Items in ${REGION} is of unknown status, not ACTIVE.`,
      evidence: { expected: 'ACTIVE', actual: null },
    },
    {
      name: "every expected index ACTIVE: the table's status is the message",
      ctx: () => contextWith(() => {}, 'retail-store'),
      status: 'pass',
      saysExactly: `Table Items in ${REGION} is ACTIVE.`,
    },
    {
      name: 'expected index UPDATING still serves',
      ctx: () => contextWith((v) => (table(v).gsis[0]!.status = 'UPDATING'), 'retail-store'),
      status: 'pass',
    },
    {
      name: 'an index the app does not query, CREATING, listed first: not judged',
      ctx: () =>
        contextWith((v) => table(v).gsis.unshift({ name: 'idx_other', status: 'CREATING', keySchema: [{ name: 'other', keyType: 'HASH' }] }), 'retail-store'),
      status: 'pass',
    },
    {
      name: 'the expected index absent: left to table.key-schema, not judged here',
      ctx: () => contextWith((v) => (table(v).gsis = []), 'retail-store'),
      status: 'pass',
    },
    {
      name: 'expected index CREATING: the whole message, evidence and the status query',
      ctx: () => contextWith((v) => (table(v).gsis[0]!.status = 'CREATING'), 'retail-store'),
      status: 'fail',
      saysExactly: 'Table Items is ACTIVE, but index idx_global_customerId is CREATING.',
      evidence: { expected: 'ACTIVE', actual: { idx_global_customerId: 'CREATING' } },
      fix: [
        `# Wait until the index is ACTIVE; its status:\naws dynamodb describe-table --region ${REGION} --table-name Items --query 'Table.GlobalSecondaryIndexes[].IndexStatus'`,
      ],
    },
    {
      name: 'expected index with no IndexStatus: said as unknown, null in the evidence',
      ctx: () => contextWith((v) => (table(v).gsis[0]!.status = undefined), 'retail-store'),
      status: 'fail',
      saysExactly: 'Table Items is ACTIVE, but index idx_global_customerId is of unknown status.',
      evidence: { actual: { idx_global_customerId: null } },
    },
    {
      name: 'global, the replica ACTIVE as the target region reports: the whole message and evidence',
      ctx: replicaReported('ACTIVE', { percentProgress: '100' }),
      status: 'pass',
      saysExactly: `${IN_EU_WEST_1} is ACTIVE; ${REGION} reports its ReplicaStatus ACTIVE (100%).`,
      evidence: { status: 'ACTIVE', replicaStatus: 'ACTIVE', reportedBy: REGION },
    },
    {
      name: 'global, the replica listed with no ReplicaStatus: not judged on it, said as not reported',
      ctx: () => contextWith((v) => appInEuWest1(v, { status: 'ACTIVE' }, [{ region: APP_REGION }])),
      status: 'pass',
      saysExactly: `${IN_EU_WEST_1} is ACTIVE; ${REGION} reports its ReplicaStatus not reported.`,
      evidence: { replicaStatus: null, reportedBy: REGION },
    },
    {
      name: 'global, the replica itself CREATING: the whole message and evidence',
      ctx: () => contextWith((v) => appInEuWest1(v, { status: 'CREATING' }, [replica(APP_REGION, 'CREATING')])),
      status: 'fail',
      saysExactly: `${IN_EU_WEST_1} is CREATING, not ACTIVE; ${REGION} reports its ReplicaStatus CREATING.`,
      evidence: { expected: 'ACTIVE', actual: 'CREATING', replicaStatus: 'CREATING', reportedBy: REGION },
    },
    {
      name: 'global, ReplicaStatus CREATING: the whole message, evidence and snippet',
      ctx: replicaReported('CREATING', { statusDescription: 'copying the data' }),
      status: 'fail',
      saysExactly:
        `${IN_EU_WEST_1} is ACTIVE, but its replica status is CREATING; ${REGION} reports its ReplicaStatus CREATING: ` +
        "the replica is still being created (copying the data); until it is ACTIVE the app's calls there answer ResourceNotFoundException.",
      evidence: { expected: 'ACTIVE', actual: 'CREATING', replicaStatus: 'CREATING', reportedBy: REGION },
      fix: [
        `# Wait until the replica in ${APP_REGION} is ACTIVE:\naws dynamodb wait table-exists --region ${APP_REGION} --table-name Items\n` +
          `aws dynamodb describe-table --region ${REGION} --table-name Items --query "Table.Replicas[?RegionName=='${APP_REGION}']"`,
      ],
    },
    {
      name: 'global, the table lists its own replica CREATION_FAILED: managed from another ACTIVE replica',
      ctx: listsItself('CREATION_FAILED', [replica('us-west-2', 'CREATING'), replica('us-east-1')]),
      status: 'fail',
      saysExactly:
        `Table Items in ${REGION}, the ${REGION} replica of a global table (version 2019.11.21; other replicas: us-west-2 CREATING, us-east-1 ACTIVE), ` +
        `is ACTIVE, but its replica status is CREATION_FAILED; ${REGION} reports its ReplicaStatus CREATION_FAILED: creating the replica failed.`,
      evidence: { expected: 'ACTIVE', actual: 'CREATION_FAILED', replicaStatus: 'CREATION_FAILED', reportedBy: REGION },
      fix: [
        '# Read why it failed, fix that, then remove the failed replica and add it again:\n' +
          `aws dynamodb describe-table --region us-east-1 --table-name Items --query "Table.Replicas[?RegionName=='${REGION}']"\n` +
          `aws dynamodb update-table --region us-east-1 --table-name Items --replica-updates '[{"Delete":{"RegionName":"${REGION}"}}]'\n` +
          `aws dynamodb update-table --region us-east-1 --table-name Items --replica-updates '[{"Create":{"RegionName":"${REGION}"}}]'\n` +
          `${WAIT_HOME}\n# Meanwhile, or instead, point the app at the replica in us-east-1:\n` +
          'kubectl -n retail-store-prod set env deployment/cart-deployment AWS_REGION=us-east-1',
      ],
    },
    {
      name: 'global, the table lists its own replica DELETING and no other ACTIVE one: managed from its own region',
      ctx: listsItself('DELETING', [replica('us-east-1', 'CREATING')]),
      status: 'fail',
      says: ['its replica status is DELETING', 'the replica is being deleted.'],
      fix: [`# Point the app at a replica that stays, or add ${REGION} again once the deletion is done:\n${POINT_AT_HOME}`],
    },
    {
      name: 'global, the table lists its own replica ACTIVE: a pass that says its own region reports it',
      ctx: listsItself('ACTIVE'),
      status: 'pass',
      saysExactly: `Table Items in ${REGION}, the ${REGION} replica of a global table (version 2019.11.21; other replicas: us-east-1 ACTIVE), is ACTIVE; ${REGION} reports its ReplicaStatus ACTIVE.`,
      evidence: { replicaStatus: 'ACTIVE', reportedBy: REGION },
    },
    {
      name: 'global, REGION_DISABLED: the whole reason and snippet',
      ctx: replicaReported('REGION_DISABLED'),
      status: 'fail',
      says: [`: region ${APP_REGION} is disabled for the account; after 20 hours DynamoDB removes the replica from the replication group.`],
      fix: [
        `# Enable the opt-in region ${APP_REGION} again (AWS Account Management), then check the replica:\naws account enable-region --region-name ${APP_REGION}\n` +
          `aws dynamodb describe-table --region ${REGION} --table-name Items --query "Table.Replicas[?RegionName=='${APP_REGION}']"\n` +
          `# Meanwhile, or instead, point the app at the replica in ${REGION}:\n${POINT_AT_HOME}`,
      ],
    },
    {
      name: 'global, INACCESSIBLE_ENCRYPTION_CREDENTIALS with no key reported: a placeholder key id',
      ctx: replicaReported('INACCESSIBLE_ENCRYPTION_CREDENTIALS'),
      status: 'fail',
      says: [": the replica's KMS key (not reported) is inaccessible; after 20 hours DynamoDB removes the replica from the replication group."],
      fix: [
        `# Make the replica's KMS key in ${APP_REGION} usable again: enable it (or cancel its deletion) and keep DynamoDB's grants in its key policy:\n` +
          `aws kms describe-key --region ${APP_REGION} --key-id <KMS_KEY_ID> --query KeyMetadata.KeyState\naws kms enable-key --region ${APP_REGION} --key-id <KMS_KEY_ID>\n` +
          `# Meanwhile, or instead, point the app at the replica in ${REGION}:`,
      ],
    },
    {
      name: 'global, a ReplicaStatus with no fix of its own: said, with the replica query',
      ctx: replicaReported('REPLICATION_NOT_AUTHORIZED', { statusDescription: 'missing permissions' }),
      status: 'fail',
      says: [': its ReplicaStatus is REPLICATION_NOT_AUTHORIZED (missing permissions).'],
      fix: [
        `aws dynamodb describe-table --region ${REGION} --table-name Items --query "Table.Replicas[?RegionName=='${APP_REGION}']"\n` +
          `# Meanwhile, or instead, point the app at the replica in ${REGION}:\n${POINT_AT_HOME}`,
      ],
    },
  ]));

describe('table.active: the skip and several indexes', () =>
  checkCases(check, [
    {
      name: 'table not found: the skip names the table and the region',
      ctx: () => contextWith((v) => (table(v).found = false)),
      status: 'skip',
      saysExactly: `table Items was not found in ${REGION} (see table.exists)`,
    },
    {
      name: 'two expected indexes not ACTIVE: both named, in order',
      ctx: () => {
        const ctx = contextWith((v) => {
          table(v).gsis[0]!.status = 'CREATING';
          table(v).gsis.push({ name: 'idx_second', status: 'DELETING', keySchema: [{ name: 'x', keyType: 'HASH' }] });
        }, 'retail-store');
        return { ...ctx, expect: { ...ctx.expect, gsis: [...ctx.expect.gsis, { name: 'idx_second', hashKey: { name: 'x', type: 'S' as const } }] } };
      },
      status: 'fail',
      saysExactly: 'Table Items is ACTIVE, but index idx_global_customerId is CREATING, idx_second is DELETING.',
      evidence: { actual: { idx_global_customerId: 'CREATING', idx_second: 'DELETING' } },
    },
    {
      name: 'two expected indexes, one UPDATING: both serve',
      ctx: () => {
        const ctx = contextWith(
          (v) => table(v).gsis.push({ name: 'idx_second', status: 'UPDATING', keySchema: [{ name: 'x', keyType: 'HASH' }] }),
          'retail-store',
        );
        return { ...ctx, expect: { ...ctx.expect, gsis: [...ctx.expect.gsis, { name: 'idx_second', hashKey: { name: 'x', type: 'S' as const } }] } };
      },
      status: 'pass',
    },
  ]));

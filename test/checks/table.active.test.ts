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

import { describe } from '@jest/globals';
import check from '../../src/checks/table.exists.js';
import { REGION, contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases } from '../helpers/check-cases.js';
import type { TableFact } from '../../src/facts/types.js';
import { APP_REGION, REPLICA_ARN, appInEuWest1, makeGlobal, replica } from './global-table-fixtures.js';

const table = (v: FactValues) => v.tables[REGION] as TableFact;

describe('table.exists', () =>
  checkCases(check, [
    { name: 'table in the app region', ctx: () => contextWith(), status: 'pass', says: ['Items', REGION] },
    {
      name: 'table missing',
      ctx: () => contextWith((v) => (v.tables[REGION] = { ...table(v), found: false })),
      status: 'fail',
      fix: ['aws dynamodb create-table', '--region ap-south-1', 'AttributeName=id,AttributeType=S'],
    },
    {
      name: 'app calls another region where the table is not',
      ctx: () =>
        contextWith((v) => {
          v.appRegion = { region: 'us-east-1', source: 'env', detail: 'AWS_REGION=us-east-1' };
          v.tables['us-east-1'] = { ...table(v), region: 'us-east-1', found: false };
        }),
      status: 'fail',
      says: ['us-east-1', 'exists in ap-south-1'],
      fix: ['AWS_REGION=ap-south-1'],
    },
    { name: 'DescribeTable denied to the doctor', ctx: () => contextWith((v) => (v.tables[REGION] = unavailable('dynamodb:DescribeTable'))), status: 'error' },
  ]));

describe('table.exists: global tables', () =>
  checkCases(check, [
    {
      name: 'the app region holds the table, a replica of a global table',
      ctx: () => contextWith((v) => makeGlobal(v, [replica('us-east-1')])),
      status: 'pass',
      says: ['ap-south-1 replica of a global table', 'version 2019.11.21', 'us-east-1 ACTIVE'],
      mentions: ['"globalTable"'],
    },
    {
      name: 'the replica in the app region is found there',
      ctx: () => contextWith((v) => appInEuWest1(v, { status: 'ACTIVE' }, [replica(APP_REGION)])),
      status: 'pass',
      says: [`exists in ${APP_REGION}`, REPLICA_ARN, 'other replicas: ap-south-1 ACTIVE'],
    },
    {
      // SPEC §6: the target region's list is not an observation of the replica itself.
      name: 'listed as ACTIVE by the target region, but DescribeTable in the app region finds nothing: fail, never pass',
      ctx: () => contextWith((v) => appInEuWest1(v, 'missing', [replica(APP_REGION)])),
      status: 'fail',
      says: [`lists a replica in ${APP_REGION}`, 'ReplicaStatus ACTIVE', 'not seen to exist'],
      fix: [`aws dynamodb wait table-exists --region ${APP_REGION} --table-name Items`, 'AWS_REGION=ap-south-1'],
      mentions: ['"replicaListedIn"', '"reportedBy":"ap-south-1"'],
    },
    {
      name: 'listed as CREATION_FAILED: point the app elsewhere or add the replica again',
      ctx: () => contextWith((v) => appInEuWest1(v, 'missing', [replica(APP_REGION, 'CREATION_FAILED')])),
      status: 'fail',
      says: ['ReplicaStatus CREATION_FAILED'],
      fix: [`'[{"Create":{"RegionName":"${APP_REGION}"}}]'`],
    },
    {
      name: 'listed, but DescribeTable in the app region is denied to the doctor: error',
      ctx: () => contextWith((v) => appInEuWest1(v, unavailable('dynamodb:DescribeTable'), [replica(APP_REGION)])),
      status: 'error',
    },
    {
      name: 'no replica in the app region: the update-table command that adds one, or a region that has one',
      ctx: () => contextWith((v) => appInEuWest1(v, 'missing', [replica('us-east-1'), replica('us-west-2', 'CREATING')])),
      status: 'fail',
      says: [`none in ${APP_REGION}`, 'global table', 'us-east-1 ACTIVE', 'us-west-2 CREATING'],
      fix: [
        `aws dynamodb update-table --region ap-south-1 --table-name Items --replica-updates '[{"Create":{"RegionName":"${APP_REGION}"}}]'`,
        `aws dynamodb wait table-exists --region ${APP_REGION} --table-name Items`,
        'a region that has a replica (ap-south-1, us-east-1)',
        'AWS_REGION=ap-south-1',
      ],
    },
    {
      name: 'a table of its own in the app region, not listed as a replica, is not called one',
      ctx: () =>
        contextWith((v) => {
          appInEuWest1(v, { status: 'ACTIVE' }, [replica('us-east-1')]);
          (v.tables[APP_REGION] as TableFact).global = undefined;
        }),
      status: 'pass',
      notSays: ['replica'],
    },
  ]));

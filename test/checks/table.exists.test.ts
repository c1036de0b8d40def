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

// The exact words, evidence and commands a user (or a JSON consumer) relies on, branch by branch.
const APP_WHY = `the app's region (AWS_REGION=${APP_REGION} from the container env of container cart)`;
const HOME_WHY = `the app's region (AWS_REGION=${REGION}, injected by the EKS webhook (the cluster's region))`;
const POINT_AT_HOME = [
  `kubectl -n retail-store-prod set env deployment/cart-deployment AWS_REGION=${REGION}`,
  'kubectl -n retail-store-prod rollout restart deployment/cart-deployment',
].join('\n');

describe('table.exists: what it says, records and prints', () =>
  checkCases(check, [
    {
      name: 'pass in a one-region table: the whole message and the evidence',
      ctx: () => contextWith(),
      status: 'pass',
      saysExactly: `Table Items exists in ${REGION} (arn:aws:dynamodb:${REGION}:111122223333:table/Items).`,
      evidence: { region: REGION, arn: `arn:aws:dynamodb:${REGION}:111122223333:table/Items`, regionFrom: HOME_WHY },
    },
    {
      name: 'pass with no ARN reported says so',
      ctx: () => contextWith((v) => (table(v).arn = undefined)),
      status: 'pass',
      saysExactly: `Table Items exists in ${REGION} (no ARN reported).`,
    },
    {
      name: 'pass as a replica: the global table in the evidence, statuses null when not reported',
      ctx: () =>
        contextWith((v) =>
          makeGlobal(v, [{ region: 'us-east-1', statusDescription: 'catching up' }, replica('us-west-2', 'UPDATING', { percentProgress: '40' })]),
        ),
      status: 'pass',
      saysExactly: `Table Items exists in ${REGION} (arn:aws:dynamodb:${REGION}:111122223333:table/Items). It is the ${REGION} replica of a global table (version 2019.11.21; other replicas: us-east-1 of unknown status, us-west-2 UPDATING (40%)).`,
      evidence: {
        globalTable: {
          version: '2019.11.21',
          replicas: [
            { region: 'us-east-1', status: null, description: 'catching up' },
            { region: 'us-west-2', status: 'UPDATING' },
          ],
        },
      },
    },
    {
      name: 'the app region replica found there, listed by the target region: named as its replica',
      ctx: () =>
        contextWith((v) => {
          appInEuWest1(v, { status: 'ACTIVE' }, [replica(APP_REGION)]);
          (v.tables[APP_REGION] as TableFact).global = undefined;
        }),
      status: 'pass',
      saysExactly: `Table Items exists in ${APP_REGION} (${REPLICA_ARN}). It is the ${APP_REGION} replica of a global table (version 2019.11.21; other replicas: none listed).`,
      evidence: { region: APP_REGION, regionFrom: APP_WHY, globalTable: { version: '2019.11.21', replicas: [{ region: APP_REGION, status: 'ACTIVE' }] } },
    },
    {
      name: 'missing everywhere: the whole message, evidence and the create-table snippet',
      ctx: () => contextWith((v) => (v.tables[REGION] = { ...table(v), found: false })),
      status: 'fail',
      saysExactly: `Table Items was not found in ${REGION}, ${HOME_WHY}.`,
      evidence: { expected: { table: 'Items', region: REGION }, actual: 'ResourceNotFoundException', existsIn: null },
      fix: [
        `# Create the table in ${REGION} (setup guide step 1), unless it exists by now, and wait until it is ACTIVE:\n` +
          `aws dynamodb describe-table --region ${REGION} --table-name Items >/dev/null 2>&1 ||\n` +
          `  aws dynamodb create-table --region ${REGION} --table-name Items \\\n    --attribute-definitions AttributeName=id,AttributeType=S \\\n`,
        `    --billing-mode PAY_PER_REQUEST\naws dynamodb wait table-exists --region ${REGION} --table-name Items`,
      ],
    },
    {
      name: 'the app calls another region and the table is in the target region: point the app there',
      ctx: () =>
        contextWith((v) => {
          v.appRegion = { region: 'us-east-1', source: 'env', detail: 'AWS_REGION=us-east-1' };
          v.tables['us-east-1'] = { ...table(v), region: 'us-east-1', found: false };
        }),
      status: 'fail',
      saysExactly: `Table Items was not found in us-east-1, the app's region (AWS_REGION=us-east-1). It exists in ${REGION}: the app calls the wrong region.`,
      evidence: { expected: { table: 'Items', region: 'us-east-1' }, actual: 'ResourceNotFoundException', existsIn: REGION },
      fix: [
        `# Point the app at ${REGION}, where the table is:\n${POINT_AT_HOME}\n` +
          '# or create the table in us-east-1: aws dynamodb create-table --region us-east-1 --table-name Items …',
      ],
    },
    {
      name: 'the app calls another region and the table is in neither: no hint, the create-table snippet',
      ctx: () =>
        contextWith((v) => {
          v.appRegion = { region: 'us-east-1', source: 'env', detail: 'AWS_REGION=us-east-1' };
          v.tables['us-east-1'] = { ...table(v), region: 'us-east-1', found: false };
          v.tables[REGION] = { ...table(v), found: false };
        }),
      status: 'fail',
      saysExactly: "Table Items was not found in us-east-1, the app's region (AWS_REGION=us-east-1).",
      evidence: { existsIn: null },
      fix: ['aws dynamodb create-table --region us-east-1 --table-name Items'],
    },
    {
      name: 'the app calls another region and the target region cannot be read: no hint, still a fail',
      ctx: () =>
        contextWith((v) => {
          v.appRegion = { region: 'us-east-1', source: 'env', detail: 'AWS_REGION=us-east-1' };
          v.tables['us-east-1'] = { ...table(v), region: 'us-east-1', found: false };
          v.tables[REGION] = unavailable('dynamodb:DescribeTable');
        }),
      status: 'fail',
      saysExactly: "Table Items was not found in us-east-1, the app's region (AWS_REGION=us-east-1).",
      evidence: { existsIn: null },
    },
    {
      name: 'listed as ACTIVE, not found: the whole message, evidence and the wait-or-point snippet',
      ctx: () => contextWith((v) => appInEuWest1(v, 'missing', [replica(APP_REGION)])),
      status: 'fail',
      saysExactly:
        `Table Items was not found in ${APP_REGION}, ${APP_WHY}. Table Items in ${REGION} is a global table (version 2019.11.21; other replicas: ${APP_REGION} ACTIVE), ` +
        `and lists a replica in ${APP_REGION} (ReplicaStatus ACTIVE), but DescribeTable in ${APP_REGION} did not return it: it is not seen to exist there.`,
      evidence: {
        expected: { table: 'Items', region: APP_REGION },
        actual: 'ResourceNotFoundException',
        existsIn: REGION,
        globalTable: { version: '2019.11.21', replicas: [{ region: APP_REGION, status: 'ACTIVE' }] },
        replicaListedIn: { region: APP_REGION, status: 'ACTIVE', reportedBy: REGION },
      },
      fix: [
        `# Wait until the replica in ${APP_REGION} answers DescribeTable (ACTIVE), or point the app at ${REGION}:\n` +
          `aws dynamodb wait table-exists --region ${APP_REGION} --table-name Items\n${POINT_AT_HOME}`,
      ],
    },
    {
      name: 'listed as CREATING, not found yet: wait for it',
      ctx: () => contextWith((v) => appInEuWest1(v, 'missing', [replica(APP_REGION, 'CREATING')])),
      status: 'fail',
      says: ['(ReplicaStatus CREATING)'],
      fix: [`# Wait until the replica in ${APP_REGION} answers DescribeTable (ACTIVE), or point the app at ${REGION}:`],
    },
    {
      name: 'listed as CREATION_FAILED: the whole point-or-add-again snippet',
      ctx: () => contextWith((v) => appInEuWest1(v, 'missing', [replica(APP_REGION, 'CREATION_FAILED')])),
      status: 'fail',
      evidence: { replicaListedIn: { region: APP_REGION, status: 'CREATION_FAILED', reportedBy: REGION } },
      fix: [
        `# The replica in ${APP_REGION} is CREATION_FAILED: point the app at ${REGION}, or add the replica again:\n${POINT_AT_HOME}\n` +
          `aws dynamodb update-table --region ${REGION} --table-name Items --replica-updates '[{"Create":{"RegionName":"${APP_REGION}"}}]'`,
      ],
    },
    {
      name: 'listed with no ReplicaStatus: said as not reported, null in the evidence',
      ctx: () => contextWith((v) => appInEuWest1(v, 'missing', [{ region: APP_REGION }])),
      status: 'fail',
      says: ['(ReplicaStatus not reported)'],
      evidence: { replicaListedIn: { region: APP_REGION, status: null, reportedBy: REGION } },
      fix: [`# The replica in ${APP_REGION} is of unknown status: point the app at ${REGION}, or add the replica again:`],
    },
    {
      name: 'no replica in the app region: the whole message, evidence and snippet',
      ctx: () => contextWith((v) => appInEuWest1(v, 'missing', [replica('us-east-1'), replica('us-west-2', 'CREATING')])),
      status: 'fail',
      saysExactly:
        `Table Items was not found in ${APP_REGION}, ${APP_WHY}. Table Items in ${REGION} is a global table (version 2019.11.21; ` +
        `other replicas: us-east-1 ACTIVE, us-west-2 CREATING): none in ${APP_REGION}, so the app's calls there answer ResourceNotFoundException.`,
      evidence: {
        expected: { table: 'Items', region: APP_REGION },
        actual: 'ResourceNotFoundException',
        existsIn: REGION,
        replicaListedIn: null,
      },
      fix: [
        `# Add a replica of Items in ${APP_REGION} (DynamoDB copies the data there), and wait until it is ACTIVE:\n` +
          `aws dynamodb update-table --region ${REGION} --table-name Items --replica-updates '[{"Create":{"RegionName":"${APP_REGION}"}}]'\n` +
          `aws dynamodb wait table-exists --region ${APP_REGION} --table-name Items\n` +
          `# or point the app at a region that has a replica (${REGION}, us-east-1):\n${POINT_AT_HOME}`,
      ],
    },
  ]));

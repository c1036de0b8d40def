// @ts-nocheck
import { describe } from '@jest/globals';
import logsSymptoms from '../../src/checks/logs.symptoms.js';
import { checkCases } from '../helpers/check-cases.js';
import { contextWith, unavailable } from '../helpers/fake-facts.js';
import { scanLogText } from '../../src/logs/shapes.js';

const NODE_ROLE =
  'User: arn:aws:sts::111122223333:assumed-role/NodeInstanceRole/i-0a1b2c3d4e5f60718 is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:ap-south-1:111122223333:table/Items';
const logsOf = (...texts: string[]) =>
  contextWith(
    (v) =>
      (v.logs = {
        requested: true,
        scanned: texts.map((text, i) => ({ origin: `pod/cart-${i} container cart`, scan: scanLogText(text) })),
        scope: 'the last 500 lines within 1h of 1 of 1 pod(s)',
      }),
  );

describe('logs.symptoms', () =>
  checkCases(logsSymptoms, [
    { name: 'nothing asked: skipped, not passed', ctx: () => contextWith(), status: 'skip', says: ['--logs', '--logs-file'] },
    {
      name: 'healthy lines',
      ctx: () => logsOf('Started CartApplication in 6.5 seconds\nGET /actuator/health 200'),
      status: 'pass',
      says: ['2 log line(s)', 'none of the known'],
    },
    {
      name: 'node role used',
      ctx: () => logsOf(NODE_ROLE),
      status: 'fail',
      says: ['pod/cart-0 container cart line 1', 'node', 'pods.identity'],
      fix: ['pods.identity, sa.annotation'],
    },
    {
      name: 'no credentials, repeated',
      ctx: () =>
        logsOf('x\nbotocore.exceptions.NoCredentialsError: Unable to locate credentials\nbotocore.exceptions.NoCredentialsError: Unable to locate credentials'),
      status: 'fail',
      symptom: 'Unable to locate credentials',
      says: ['line 2 (×2)'],
    },
    {
      name: 'local endpoint refused',
      ctx: () => logsOf('connect ECONNREFUSED 127.0.0.1:8000'),
      status: 'fail',
      symptom: 'Connection refused',
      says: ['host=127.0.0.1', 'port=8000', 'env.local-endpoint'],
    },
    { name: 'the previous instance of a restarted container', ctx: () => logsOf('ok line, nothing to see', NODE_ROLE), status: 'fail', says: ['pod/cart-1'] },
    {
      name: 'a static key in a log line never reaches the report',
      ctx: () => logsOf('UnrecognizedClientException: The security token included in the request is invalid. AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'),
      status: 'fail',
      never: ['AKIAIOSFODNN7EXAMPLE'],
    },
    {
      name: 'AccessDenied by another role than the annotated one: a stale pod, pods.identity first',
      ctx: () =>
        logsOf(
          'User: arn:aws:sts::111122223333:assumed-role/cart-role-old/aws-sdk-java-1 is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:ap-south-1:111122223333:table/Items',
        ),
      status: 'fail',
      says: ["the app used role cart-role-old, but this run's role is cart-dynamodb-role", 'see pods.identity, policy.actions'],
    },
    {
      name: 'AccessDenied on another table in another region: the app configuration first',
      ctx: () =>
        logsOf(
          'User: arn:aws:sts::111122223333:assumed-role/cart-dynamodb-role/aws-sdk-java-1 is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:111122223333:table/Orders',
        ),
      status: 'fail',
      says: ['the app used table Orders, not Items', 'the app called region us-east-1, not ap-south-1', 'see env.table-name, region.match, policy.actions'],
    },
    {
      name: 'node role on another table: the credential source still comes first',
      ctx: () =>
        logsOf(
          'User: arn:aws:sts::111122223333:assumed-role/NodeInstanceRole/i-0a1b2c3d4e5f60718 is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:ap-south-1:111122223333:table/Orders',
        ),
      status: 'fail',
      says: ['the app used table Orders', 'see pods.identity, sa.annotation'],
      fix: ['in this order: pods.identity, sa.annotation'],
    },
    {
      name: '--logs but no pod to read: nothing seen is not a pass',
      ctx: () => contextWith((v) => (v.logs = { requested: true, scanned: [], scope: 'the last 500 lines within 1h of 0 of 0 pod(s)' })),
      status: 'skip',
      says: ['No log lines', 'no running pods'],
    },
    { name: 'empty logs', ctx: () => logsOf('', '\n'), status: 'skip', says: ['No log lines'] },
    { name: 'pod logs may not be read (RBAC)', ctx: () => contextWith((v) => (v.logs = unavailable('get on pods/log'))), status: 'error' },
  ]));

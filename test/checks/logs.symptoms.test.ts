import { describe } from '@jest/globals';
import logsSymptoms from '../../src/checks/logs.symptoms.js';
import { checkCases } from '../helpers/check-cases.js';
import { contextWith, unavailable } from '../helpers/fake-facts.js';
import { scanLogText, type LogScan } from '../../src/logs/shapes.js';

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

const NODE_CHECKS = 'pods.identity, sa.annotation, deployment.service-account, env.static-credentials, trust.principal, trust.subject';
const POLICIES_DENY =
  "the role's policies do not allow this call on this resource (a missing action, a wrong table or index ARN, a wrong region, a Deny or the boundary)";
const SCOPE = 'the last 500 lines within 1h of 1 of 1 pod(s)';
const denied = (principal: string, table = 'Items', region = 'ap-south-1', tail = '') =>
  `User: ${principal} is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:${region}:111122223333:table/${table}${tail}`;
const STALE_ROLE = denied('arn:aws:sts::111122223333:assumed-role/cart-role-old/aws-sdk-java-1');
/** The logs of one pod without the scope the live loader writes (a --logs-file scan names none). */
const unscoped = (text: string) => contextWith((v) => (v.logs = { requested: true, scanned: [{ origin: 'file cart.log', scan: scanLogText(text) }] }));
/** A scan with one hit of a shape no cart-doctor check explains (the facts allow it; the shapes have none today). */
const unexplained = (): LogScan => ({
  lines: 1,
  hits: [
    {
      line: 1,
      count: 1,
      finding: { shape: 'made-up', symptom: 'ValidationException', summary: 'something unexplained', checks: [], fields: { note: 'x' }, excerpt: 'made up' },
    },
  ],
});

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
    {
      name: 'healthy lines: the pass says how many lines, from where, and the evidence has no hits',
      ctx: () => logsOf('Started CartApplication in 6.5 seconds\nGET /actuator/health 200'),
      status: 'pass',
      saysExactly: `2 log line(s) from ${SCOPE} scanned: none of the known IRSA or DynamoDB error shapes.`,
      evidence: { scope: SCOPE, linesScanned: 2, hits: [] },
    },
    {
      name: 'node role: the whole hit, its fields and the checks in order',
      ctx: () => logsOf('GET /actuator/health 200', NODE_ROLE),
      status: 'fail',
      saysExactly:
        `1 error shape(s) in ${SCOPE} (AccessDeniedException): pod/cart-1 container cart line 1: the call was made with the node's instance role ` +
        `(a session named i-…): IRSA was not in effect for this pod, so the SDK fell through to IMDS ` +
        `[principal=arn:aws:sts::111122223333:assumed-role/NodeInstanceRole/i-0a1b2c3d4e5f60718, action=dynamodb:GetItem, credentialSource=the node's EC2 instance role (IMDS), not IRSA, resource=arn:aws:dynamodb:ap-south-1:111122223333:table/Items, region=ap-south-1, table=Items] → see ${NODE_CHECKS}.`,
      evidence: {
        scope: SCOPE,
        linesScanned: 2,
        hits: [
          {
            origin: 'pod/cart-1 container cart',
            line: 1,
            count: 1,
            shape: 'node-role',
            symptom: 'AccessDeniedException',
            checks: NODE_CHECKS.split(', '),
            notes: [],
            fields: { session: 'i-0a1b2c3d4e5f60718', role: 'NodeInstanceRole', table: 'Items', region: 'ap-south-1' },
            excerpt: NODE_ROLE,
          },
        ],
      },
      fix: [`Look at these checks first, in this order: ${NODE_CHECKS}. For one line: cart-doctor explain "<the line>".`],
    },
    {
      name: 'a stale role, another table and another region: every note, in order',
      ctx: () => logsOf(denied('arn:aws:sts::111122223333:assumed-role/cart-role-old/aws-sdk-java-1', 'Orders', 'us-east-1')),
      status: 'fail',
      saysExactly:
        `1 error shape(s) in ${SCOPE} (AccessDeniedException): pod/cart-0 container cart line 1: ${POLICIES_DENY}; ` +
        "the app used role cart-role-old, but this run's role is cart-dynamodb-role (a pod from before the annotation changed?); " +
        'the app used table Orders, not Items; the app called region us-east-1, not ap-south-1 ' +
        '[principal=arn:aws:sts::111122223333:assumed-role/cart-role-old/aws-sdk-java-1, action=dynamodb:GetItem, credentialSource=IRSA web identity, AWS SDK for Java, ' +
        'resource=arn:aws:dynamodb:us-east-1:111122223333:table/Orders, region=us-east-1, table=Orders] → see pods.identity, env.table-name, region.match, policy.actions, policy.resource.',
      evidence: {
        hits: [
          {
            checks: ['pods.identity', 'env.table-name', 'region.match', 'policy.actions', 'policy.resource'],
            notes: [
              "the app used role cart-role-old, but this run's role is cart-dynamodb-role (a pod from before the annotation changed?)",
              'the app used table Orders, not Items',
              'the app called region us-east-1, not ap-south-1',
            ],
          },
        ],
      },
      fix: ['in this order: pods.identity, env.table-name, region.match, policy.actions, policy.resource.'],
    },
    {
      name: 'the annotated role, the target table and region: no note',
      ctx: () => logsOf(denied('arn:aws:sts::111122223333:assumed-role/cart-dynamodb-role/aws-sdk-java-1')),
      status: 'fail',
      saysExactly:
        `1 error shape(s) in ${SCOPE} (AccessDeniedException): pod/cart-0 container cart line 1: ${POLICIES_DENY} ` +
        '[principal=arn:aws:sts::111122223333:assumed-role/cart-dynamodb-role/aws-sdk-java-1, action=dynamodb:GetItem, credentialSource=IRSA web identity, AWS SDK for Java, ' +
        'resource=arn:aws:dynamodb:ap-south-1:111122223333:table/Items, region=ap-south-1, table=Items] → see policy.actions, policy.resource, region.match.',
      evidence: { hits: [{ notes: [], checks: ['policy.actions', 'policy.resource', 'region.match'] }] },
    },
    {
      name: 'the role this run uses cannot be read: no role to compare with, no note',
      ctx: () =>
        contextWith((v) => {
          v.roleRef = unavailable('iam:GetRole');
          v.logs = { requested: true, scanned: [{ origin: 'pod/cart-0 container cart', scan: scanLogText(STALE_ROLE) }], scope: SCOPE };
        }),
      status: 'fail',
      notSays: ['the app used role'],
      says: ['see policy.actions, policy.resource, region.match'],
    },
    {
      name: 'the region this run uses cannot be read: no region to compare with, no note',
      ctx: () =>
        contextWith((v) => {
          v.region = unavailable('eks:DescribeCluster');
          v.logs = {
            requested: true,
            scanned: [
              {
                origin: 'pod/cart-0 container cart',
                scan: scanLogText(denied('arn:aws:sts::111122223333:assumed-role/cart-dynamodb-role/aws-sdk-java-1', 'Items', 'us-east-1')),
              },
            ],
            scope: SCOPE,
          };
        }),
      status: 'fail',
      notSays: ['the app called region'],
    },
    {
      name: 'static keys of an IAM user on another table: the credential source comes first',
      ctx: () => logsOf(denied('arn:aws:iam::111122223333:user/ci-bot', 'Orders')),
      status: 'fail',
      saysExactly:
        `1 error shape(s) in ${SCOPE} (AccessDeniedException): pod/cart-0 container cart line 1: the call was made as an IAM user: static keys in the pod win over IRSA; ` +
        'the app used table Orders, not Items [principal=arn:aws:iam::111122223333:user/ci-bot, action=dynamodb:GetItem, credentialSource=an IAM user: static access keys, ' +
        'resource=arn:aws:dynamodb:ap-south-1:111122223333:table/Orders, region=ap-south-1, table=Orders] → see env.static-credentials, env.table-name.',
      fix: ['in this order: env.static-credentials, env.table-name.'],
    },
    {
      name: 'two rows: both named, the first is the symptom',
      ctx: () => logsOf('connect ECONNREFUSED 127.0.0.1:8000', NODE_ROLE),
      status: 'fail',
      symptom: 'Connection refused',
      says: [
        '2 error shape(s) in the last 500 lines within 1h of 1 of 1 pod(s) (Connection refused, AccessDeniedException): ',
        // The hits shown one after the other, each whole.
        '[host=127.0.0.1, port=8000] → see env.local-endpoint; pod/cart-1 container cart line 1: ',
      ],
    },
    {
      name: 'four hits are all shown',
      ctx: () =>
        logsOf(...['Items', 'Orders', 'Carts', 'Users'].map((t) => denied('arn:aws:sts::111122223333:assumed-role/cart-dynamodb-role/aws-sdk-java-1', t))),
      status: 'fail',
      says: ['4 error shape(s)', 'pod/cart-3 container cart line 1'],
      notSays: ['more hit(s)'],
    },
    {
      name: 'a fifth hit is left to the evidence',
      ctx: () =>
        logsOf(
          ...['Items', 'Orders', 'Carts', 'Users', 'Stock'].map((t) => denied('arn:aws:sts::111122223333:assumed-role/cart-dynamodb-role/aws-sdk-java-1', t)),
        ),
      status: 'fail',
      says: ['5 error shape(s)', '; and 1 more hit(s) in the evidence.'],
      notSays: ['pod/cart-4', 'Stock'],
      evidence: { hits: [{}, {}, {}, {}, { origin: 'pod/cart-4 container cart', fields: { table: 'Stock' } }] },
    },
    {
      name: 'denied by a service control policy: the policy type is shown',
      ctx: () =>
        logsOf(
          denied(
            'arn:aws:sts::111122223333:assumed-role/cart-dynamodb-role/aws-sdk-java-1',
            'Items',
            'ap-south-1',
            ' with an explicit deny in a service control policy',
          ),
        ),
      status: 'fail',
      says: ['policyType=a service control policy (SCP) of the organization', '→ see org.guardrails.'],
    },
    {
      name: 'a hit no check explains: the message and the fix say so',
      ctx: () => contextWith((v) => (v.logs = { requested: true, scanned: [{ origin: 'file cart.log', scan: unexplained() }] })),
      status: 'fail',
      symptom: 'ValidationException',
      saysExactly: '1 error shape(s) in the logs (ValidationException): file cart.log line 1: something unexplained → see no cart-doctor check.',
      fix: ['No cart-doctor check covers this policy type; see the message. For one line: cart-doctor explain "<the line>".'],
    },
    {
      name: 'no scope (a --logs-file scan): the pass says "the logs"',
      ctx: () => unscoped('GET /actuator/health 200'),
      status: 'pass',
      saysExactly: '1 log line(s) from the logs scanned: none of the known IRSA or DynamoDB error shapes.',
      evidence: { scope: null, linesScanned: 1 },
    },
    {
      name: 'no scope: the failure says "the logs"',
      ctx: () => unscoped(NODE_ROLE),
      status: 'fail',
      says: ['1 error shape(s) in the logs (AccessDeniedException): file cart.log line 1: '],
    },
    {
      name: 'no scope and nothing read: the skip says "the logs"',
      ctx: () => contextWith((v) => (v.logs = { requested: true, scanned: [] })),
      status: 'skip',
      saysExactly: 'No log lines to scan in the logs (no running pods to read from).',
      evidence: { notApplicable: true, scope: null, linesScanned: 0, hits: [] },
    },
    {
      name: 'pods read but every line blank: the exact skip',
      ctx: () => logsOf('', '\n'),
      status: 'skip',
      saysExactly: `No log lines to scan in ${SCOPE}.`,
    },
    {
      name: 'nothing asked: the exact skip',
      ctx: () => contextWith(),
      status: 'skip',
      saysExactly: 'Logs not scanned: pass --logs (live cluster) or --logs-file FILE.',
    },
  ]));

import { describe } from '@jest/globals';
import check from '../../src/checks/network.vpc-endpoint.js';
import { ACCOUNT, REGION, ROLE_ARN, TABLE_ARN, VPC_ID, contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases, type CheckCase } from '../helpers/check-cases.js';
import { FactUnavailable } from '../../src/errors.js';
import type { RoleFact, VpcEndpointFact, VpcEndpointsFact } from '../../src/facts/types.js';
import { parsePolicyDocument } from '../../src/iam/document.js';

const GATEWAY = 'vpce-0a1b2c3d4e5f60718';
const INTERFACE = 'vpce-0f1e2d3c4b5a69788';
const INDEX_ARN = `${TABLE_ARN}/index/idx_global_customerId`;
const policy = (...statements: Record<string, unknown>[]) => parsePolicyDocument({ Version: '2008-10-17', Statement: statements }, 'endpoint policy');
const FULL = policy({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });

function withEndpoints(endpoints: Partial<VpcEndpointFact>[], change: (v: FactValues) => void = () => {}, preset: 'guide' | 'retail-store' = 'guide') {
  return () =>
    contextWith((v) => {
      (v.vpcEndpoints as VpcEndpointsFact).endpoints = endpoints.map((e) => ({ id: GATEWAY, type: 'Gateway', state: 'available', policy: FULL, ...e }));
      change(v);
    }, preset);
}

const DENY_ALL = policy({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' });
const allowIf = (condition: Record<string, Record<string, string>>) =>
  policy({ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: condition });
const ORG_ONLY = allowIf({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } });
const ORG_UNKNOWN = 'StringEquals aws:PrincipalOrgID ["o-abc123"] in endpoint policy (statement #1)';
const GUIDE_CELLS = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan'].map((a) => ({ action: `dynamodb:${a}`, resource: TABLE_ARN }));
const GUIDE_CALLS = GUIDE_CELLS.map((c) => `${c.action} on ${c.resource}`).join(', ');
const fixCommand = (id: string, region = REGION) =>
  `aws ec2 modify-vpc-endpoint --region ${region} --vpc-endpoint-id ${id} --policy-document file://dynamodb-endpoint-policy.json`;

// The whole message where it names endpoints, calls and conditions; the evidence JSON consumers read; the fix's real names.
const messageCases: CheckCase[] = [
  {
    name: 'no endpoint: the whole message and the evidence',
    ctx: () => contextWith(),
    status: 'pass',
    saysExactly: `No com.amazonaws.${REGION}.dynamodb endpoint in VPC ${VPC_ID}: the pods' traffic goes to the public DynamoDB endpoint through NAT or an internet gateway, and no endpoint policy applies.`,
    evidence: { vpcId: VPC_ID, serviceName: `com.amazonaws.${REGION}.dynamodb`, endpoints: [] },
  },
  {
    name: 'one gateway endpoint that allows: the whole message, the endpoint and its verdict in the evidence',
    ctx: withEndpoints([{}]),
    status: 'pass',
    saysExactly: `The DynamoDB endpoint ${GATEWAY} (Gateway) in VPC ${VPC_ID} allows the app's calls on its table.`,
    evidence: {
      endpoints: [{ id: GATEWAY, type: 'Gateway', state: 'available' }],
      verdicts: [{ id: GATEWAY, denied: [], notAllowed: [], unknown: [] }],
    },
  },
  {
    name: 'retail preset, two endpoints, one without a recorded policy and one of no type: the whole message',
    ctx: withEndpoints(
      [
        { policy: undefined, type: undefined },
        { id: INTERFACE, type: 'Interface', privateDnsEnabled: true },
      ],
      () => {},
      'retail-store',
    ),
    status: 'pass',
    saysExactly: `The DynamoDB endpoints ${GATEWAY} (Gateway), ${INTERFACE} (Interface) in VPC ${VPC_ID} allow the app's calls on its table and index (no policy recorded for ${GATEWAY}: the default allows everything).`,
    evidence: { endpoints: [{ id: GATEWAY }, { id: INTERFACE, type: 'Interface', privateDnsEnabled: true }] },
  },
  {
    name: 'an endpoint state in capitals (Deleted) still carries no traffic; one of no state does',
    ctx: withEndpoints([
      { state: 'Deleted', policy: DENY_ALL },
      { id: INTERFACE, state: undefined, type: 'Interface', privateDnsEnabled: true },
    ]),
    status: 'pass',
    saysExactly: `The DynamoDB endpoint ${INTERFACE} (Interface) in VPC ${VPC_ID} allows the app's calls on its table.`,
  },
  {
    name: 'endpoints for another region: the whole message names the region, the endpoints and the table region',
    ctx: withEndpoints([{ policy: DENY_ALL }, { id: INTERFACE, type: 'Interface' }], (v) => {
      v.tableArn = TABLE_ARN.replace(REGION, 'eu-west-1');
    }),
    status: 'pass',
    saysExactly: `VPC ${VPC_ID} has DynamoDB endpoints for ${REGION} only (${GATEWAY}, ${INTERFACE}); the table is in eu-west-1, so the app's calls go to the public endpoint and no endpoint policy applies.`,
  },
  {
    name: 'explicit Deny: the whole message, the verdict evidence and the fix for the endpoint in the table region',
    ctx: withEndpoints([
      {
        policy: policy(
          { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
          { Sid: 'ReadOnly', Effect: 'Deny', Principal: '*', Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], Resource: '*' },
        ),
      },
    ]),
    status: 'fail',
    saysExactly: `The DynamoDB VPC endpoint in VPC ${VPC_ID} refuses the app's calls. Gateway endpoint ${GATEWAY}: its policy explicitly denies dynamodb:PutItem on ${TABLE_ARN}, dynamodb:DeleteItem on ${TABLE_ARN} (endpoint policy (Sid ReadOnly)); the app sees AccessDeniedException "… with an explicit deny in a VPC endpoint policy".`,
    evidence: {
      verdicts: [
        {
          id: GATEWAY,
          denied: [
            { cell: { action: 'dynamodb:PutItem', resource: TABLE_ARN }, by: ['endpoint policy (Sid ReadOnly)'] },
            { cell: { action: 'dynamodb:DeleteItem', resource: TABLE_ARN }, by: ['endpoint policy (Sid ReadOnly)'] },
          ],
          notAllowed: [],
        },
      ],
    },
    fix: [
      fixCommand(GATEWAY),
      'cat > dynamodb-endpoint-policy.json',
      '"Principal": "*"',
      '"dynamodb:GetItem"',
      `"Resource": "${TABLE_ARN}"`,
      "Let the endpoint policy allow the app's calls",
    ],
  },
  {
    name: 'no Allow for any call: the whole message lists each call once',
    ctx: withEndpoints([
      { policy: policy({ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Orders` }) },
    ]),
    status: 'fail',
    saysExactly: `The DynamoDB VPC endpoint in VPC ${VPC_ID} refuses the app's calls. Gateway endpoint ${GATEWAY}: no statement of its policy allows ${GUIDE_CALLS}; the app sees AccessDeniedException "… because no VPC endpoint policy allows the … action".`,
    evidence: { verdicts: [{ id: GATEWAY, denied: [], notAllowed: GUIDE_CELLS }] },
  },
  {
    name: 'two Deny statements refuse the same call: both named',
    ctx: withEndpoints([
      {
        policy: policy(
          { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
          { Sid: 'NoWrites', Effect: 'Deny', Principal: '*', Action: 'dynamodb:PutItem', Resource: '*' },
          { Sid: 'NoPuts', Effect: 'Deny', Principal: '*', Action: 'dynamodb:Put*', Resource: '*' },
        ),
      },
    ]),
    status: 'fail',
    says: [`explicitly denies dynamodb:PutItem on ${TABLE_ARN} (endpoint policy (Sid NoWrites), endpoint policy (Sid NoPuts));`],
    fix: ['"Version": "2012-10-17"', "cat > dynamodb-endpoint-policy.json <<'JSON'", '\nJSON\n'],
  },
  {
    name: 'two conditions it cannot know: both named, each once',
    ctx: withEndpoints([
      {
        policy: policy({
          Effect: 'Allow',
          Principal: '*',
          Action: 'dynamodb:*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        }),
      },
    ]),
    status: 'warn',
    says: [`only if ${ORG_UNKNOWN}; IpAddress aws:SourceIp ["10.0.0.0/8"] in endpoint policy (statement #1), which cart-doctor cannot know.`],
  },
  {
    name: 'a refusing endpoint of no recorded type is described as a gateway',
    ctx: withEndpoints([{ type: undefined, policy: DENY_ALL }]),
    status: 'fail',
    says: [`refuses the app's calls. Gateway endpoint ${GATEWAY}: its policy explicitly denies`],
  },
  {
    name: "a certain Allow for everyone beside an Allow for the role's account under a condition it cannot know: pass",
    ctx: withEndpoints([
      {
        policy: policy(
          { Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: '*' },
          {
            Effect: 'Allow',
            Principal: { AWS: ACCOUNT },
            Action: 'dynamodb:*',
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
          },
        ),
      },
    ]),
    status: 'pass',
    evidence: { verdicts: [{ id: GATEWAY, unknown: [] }] },
  },
  {
    name: 'two endpoints without a recorded policy: both named as on the default',
    ctx: withEndpoints([{ policy: undefined }, { id: INTERFACE, type: 'Interface', privateDnsEnabled: true, policy: undefined }]),
    status: 'pass',
    says: [`(no policy recorded for ${GATEWAY}, ${INTERFACE}: the default allows everything).`],
  },
  {
    name: 'a table ARN that does not parse: judged in the endpoints’ region, never a crash',
    ctx: withEndpoints([{ policy: DENY_ALL }], (v) => {
      v.tableArn = 'Items';
    }),
    status: 'fail',
    says: ['explicitly denies dynamodb:GetItem on Items'],
    fix: [fixCommand(GATEWAY)],
  },
  {
    name: 'two endpoints refuse: both described, both fixed',
    ctx: withEndpoints([{ policy: DENY_ALL }, { id: INTERFACE, type: 'Interface', privateDnsEnabled: true, policy: DENY_ALL }]),
    status: 'fail',
    says: [`Gateway endpoint ${GATEWAY}: its policy explicitly denies`, `. Interface endpoint ${INTERFACE}: its policy explicitly denies`],
    fix: [fixCommand(GATEWAY), fixCommand(INTERFACE)],
  },
  {
    name: 'a condition it cannot know: the whole message, the unknown in the evidence, the fix for that endpoint',
    ctx: withEndpoints([{ policy: ORG_ONLY }]),
    status: 'warn',
    saysExactly: `VPC ${VPC_ID}: Gateway endpoint ${GATEWAY}: its policy allows the app's calls only if ${ORG_UNKNOWN}, which cart-doctor cannot know.`,
    evidence: { verdicts: [{ id: GATEWAY, denied: [], notAllowed: [], unknown: [ORG_UNKNOWN] }] },
    fix: [fixCommand(GATEWAY)],
  },
  {
    name: 'a Deny whose condition it cannot know: warn naming it, never a pass',
    ctx: withEndpoints([
      {
        policy: policy(
          { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
          { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } },
        ),
      },
    ]),
    status: 'warn',
    says: ['StringNotEquals aws:PrincipalOrgID ["o-abc123"] in endpoint policy (statement #2)'],
  },
  {
    name: 'a certain Allow beside one with a condition it cannot know: pass',
    ctx: withEndpoints([
      {
        policy: policy(
          { Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } },
          { Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: '*' },
        ),
      },
    ]),
    status: 'pass',
  },
  {
    name: 'an interface endpoint without private DNS that denies: the whole warning says it applies only to calls to its own name',
    ctx: withEndpoints([{ id: INTERFACE, type: 'Interface', privateDnsEnabled: false, policy: DENY_ALL }]),
    status: 'warn',
    says: [
      `VPC ${VPC_ID}: Interface endpoint ${INTERFACE}: its policy explicitly denies`,
      "(it has no private DNS, so this applies only if the app sends its calls to the endpoint's own DNS name).",
    ],
    fix: [fixCommand(INTERFACE)],
  },
  {
    name: 'an interface endpoint without private DNS with a condition it cannot know: warn without the DNS note',
    ctx: withEndpoints([{ id: INTERFACE, type: 'Interface', privateDnsEnabled: undefined, policy: ORG_ONLY }]),
    status: 'warn',
    saysExactly: `VPC ${VPC_ID}: Interface endpoint ${INTERFACE}: its policy allows the app's calls only if ${ORG_UNKNOWN}, which cart-doctor cannot know.`,
  },
  {
    name: 'a gateway with a condition it cannot know beside a denying interface without private DNS: both noted, each its own way',
    ctx: withEndpoints([{ policy: ORG_ONLY }, { id: INTERFACE, type: 'Interface', privateDnsEnabled: false, policy: DENY_ALL }]),
    status: 'warn',
    says: [
      `Interface endpoint ${INTERFACE}: its policy explicitly denies`,
      `own DNS name). Gateway endpoint ${GATEWAY}: its policy allows the app's calls only if ${ORG_UNKNOWN}, which cart-doctor cannot know.`,
    ],
    fix: [fixCommand(INTERFACE), fixCommand(GATEWAY)],
  },
  {
    name: 'aws:SecureTransport, aws:SourceVpc, aws:RequestedRegion and aws:PrincipalAccount are known for calls through it',
    ctx: withEndpoints([
      {
        policy: allowIf({
          Bool: { 'aws:SecureTransport': 'true' },
          StringEquals: { 'aws:SourceVpc': VPC_ID, 'aws:RequestedRegion': REGION, 'aws:PrincipalAccount': ACCOUNT },
        }),
      },
    ]),
    status: 'pass',
  },
  {
    name: 'cluster VPC unknown: not applicable, the whole message',
    ctx: () => contextWith((v) => ((v.vpcEndpoints as VpcEndpointsFact).vpcId = undefined)),
    status: 'skip',
    saysExactly:
      "the cluster's VPC is unknown (its DescribeCluster answer carries no resourcesVpcConfig.vpcId), so its DynamoDB endpoints were not looked up; record the snapshot again to judge them",
  },
  {
    name: "the role's ARN is unknown: skip naming the role, endpoint policies cannot be judged for it",
    ctx: withEndpoints([{ policy: DENY_ALL }], (v) => {
      v.roleRef = { name: 'cart-dynamodb-role', partition: 'aws', from: 'flag' };
      v.role = { ...(v.role as RoleFact), arn: undefined, ref: v.roleRef };
    }),
    status: 'skip',
    says: ['the ARN of role cart-dynamodb-role is unknown, so endpoint policies cannot be judged for it'],
  },
  {
    name: 'DescribeVpcEndpoints denied: the warning names what was not read',
    ctx: () => contextWith((v) => (v.vpcEndpoints = unavailable('ec2:DescribeVpcEndpoints'))),
    status: 'warn',
    says: ["the cluster VPC's list of DynamoDB endpoints"],
  },
];

describe('network.vpc-endpoint', () =>
  checkCases(check, [
    {
      name: 'no endpoint: public DynamoDB endpoint, nothing applies',
      ctx: () => contextWith(),
      status: 'pass',
      says: ['No com.amazonaws.ap-south-1.dynamodb endpoint', VPC_ID, 'NAT'],
    },
    { name: 'gateway endpoint with the default full-access policy', ctx: withEndpoints([{}]), status: 'pass', says: [GATEWAY, 'Gateway'] },
    {
      name: 'gateway endpoint with no policy in the answer: default',
      ctx: withEndpoints([{ policy: undefined }]),
      status: 'pass',
      says: ['default allows everything'],
    },
    {
      name: 'deleted endpoint carries no traffic',
      ctx: withEndpoints([{ state: 'deleted', policy: policy({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }) }]),
      status: 'pass',
    },
    {
      name: 'explicit Deny of PutItem in the endpoint policy',
      ctx: withEndpoints([
        {
          policy: policy(
            { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
            { Sid: 'ReadOnly', Effect: 'Deny', Principal: '*', Action: 'dynamodb:PutItem', Resource: '*' },
          ),
        },
      ]),
      status: 'fail',
      says: ['explicitly denies dynamodb:PutItem', 'ReadOnly', 'with an explicit deny in a VPC endpoint policy'],
      fix: [`--vpc-endpoint-id ${GATEWAY}`, 'modify-vpc-endpoint', '--reset-policy'],
    },
    {
      name: 'endpoint policy allows another table only',
      ctx: withEndpoints([
        { policy: policy({ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Orders` }) },
      ]),
      status: 'fail',
      says: ['no statement of its policy allows', 'no VPC endpoint policy allows'],
    },
    {
      name: 'NotAction allow that leaves out Scan',
      ctx: withEndpoints([{ policy: policy({ Effect: 'Allow', Principal: '*', NotAction: 'dynamodb:Scan', Resource: '*' }) }]),
      status: 'fail',
      says: ['dynamodb:Scan on'],
      notSays: ['dynamodb:GetItem on'],
    },
    {
      name: 'NotResource allow that excludes the table',
      ctx: withEndpoints([{ policy: policy({ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', NotResource: TABLE_ARN }) }]),
      status: 'fail',
    },
    {
      name: 'retail preset: the index ARN is judged too',
      ctx: withEndpoints([{ policy: policy({ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: TABLE_ARN }) }], () => {}, 'retail-store'),
      status: 'fail',
      says: [INDEX_ARN],
    },
    {
      name: 'Principal naming the role passes',
      ctx: withEndpoints([{ policy: policy({ Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 'dynamodb:*', Resource: TABLE_ARN }) }]),
      status: 'pass',
    },
    {
      name: "Principal naming the role's account passes",
      ctx: withEndpoints([{ policy: policy({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'dynamodb:*', Resource: '*' }) }]),
      status: 'pass',
    },
    {
      name: 'cross-account: Principal naming another account only',
      ctx: withEndpoints([{ policy: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'dynamodb:*', Resource: '*' }) }]),
      status: 'fail',
    },
    {
      name: 'aws:SourceVpce naming this endpoint is known true',
      ctx: withEndpoints([
        {
          policy: policy({ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': GATEWAY } } }),
        },
      ]),
      status: 'pass',
    },
    {
      name: 'aws:PrincipalArn condition for another role is false',
      ctx: withEndpoints([
        {
          policy: policy({
            Effect: 'Allow',
            Principal: '*',
            Action: 'dynamodb:*',
            Resource: '*',
            Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/other' } },
          }),
        },
      ]),
      status: 'fail',
    },
    {
      name: 'a condition it cannot know is named, never assumed',
      ctx: withEndpoints([
        {
          policy: policy({
            Effect: 'Allow',
            Principal: '*',
            Action: 'dynamodb:*',
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
          }),
        },
      ]),
      status: 'warn',
      says: ['aws:PrincipalOrgID'],
    },
    {
      name: 'interface endpoint with private DNS that denies: fail',
      ctx: withEndpoints([
        { id: INTERFACE, type: 'Interface', privateDnsEnabled: true, policy: policy({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }) },
      ]),
      status: 'fail',
      says: [`Interface endpoint ${INTERFACE}`],
    },
    {
      name: 'interface endpoint without private DNS that denies: warn (only calls to its own DNS name)',
      ctx: withEndpoints([
        { id: INTERFACE, type: 'Interface', privateDnsEnabled: false, policy: policy({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }) },
      ]),
      status: 'warn',
      says: ['private DNS'],
    },
    {
      name: 'gateway fine, interface with private DNS denies: fail names the interface',
      ctx: withEndpoints([
        {},
        {
          id: INTERFACE,
          type: 'Interface',
          privateDnsEnabled: true,
          policy: policy({ Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteItem', Resource: '*' }),
        },
      ]),
      status: 'fail',
      says: [INTERFACE],
      notSays: [`endpoint ${GATEWAY}:`],
    },
    {
      name: 'endpoints for another region than the table',
      ctx: withEndpoints([{ policy: policy({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }) }], (v) => {
        v.tableArn = TABLE_ARN.replace(REGION, 'eu-west-1');
      }),
      status: 'pass',
      says: ['eu-west-1'],
    },
    {
      name: 'cluster VPC unknown (old snapshot): skip saying so',
      ctx: () => contextWith((v) => ((v.vpcEndpoints as VpcEndpointsFact).vpcId = undefined)),
      status: 'skip',
      says: ['resourcesVpcConfig.vpcId'],
    },
    {
      name: 'DescribeVpcEndpoints not in the snapshot: skip',
      ctx: () => contextWith((v) => (v.vpcEndpoints = new FactUnavailable('not-recorded', 'x'))),
      status: 'skip',
      says: ['not in this snapshot'],
    },
    {
      name: 'DescribeVpcEndpoints denied: warn naming it',
      ctx: () => contextWith((v) => (v.vpcEndpoints = unavailable('ec2:DescribeVpcEndpoints'))),
      status: 'warn',
      says: ['ec2:DescribeVpcEndpoints'],
    },
    {
      name: 'DescribeVpcEndpoints fails otherwise: error',
      ctx: () => contextWith((v) => (v.vpcEndpoints = new FactUnavailable('failed', 'ec2:DescribeVpcEndpoints failed: Throttling'))),
      status: 'error',
    },
    ...prerequisiteCases(check),
    ...messageCases,
  ]));

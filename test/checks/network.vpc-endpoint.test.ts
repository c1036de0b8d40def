import { describe } from '@jest/globals';
import check from '../../src/checks/network.vpc-endpoint.js';
import { ACCOUNT, REGION, ROLE_ARN, TABLE_ARN, VPC_ID, contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { FactUnavailable } from '../../src/errors.js';
import type { VpcEndpointFact, VpcEndpointsFact } from '../../src/facts/types.js';
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
  ]));

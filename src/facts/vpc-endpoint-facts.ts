/**
 * DynamoDB VPC endpoints in the cluster's VPC (network.vpc-endpoint): ec2:DescribeVpcEndpoints
 * filtered by vpc-id and service-name com.amazonaws.REGION.dynamodb, gateway and interface alike.
 */
import { FactUnavailable } from '../errors.js';
import { decodeDocument, parsePolicyDocument } from '../iam/document.js';
import type { AwsSource } from '../sources/types.js';
import type { DocumentOrigin } from './aws-facts.js';
import { callRequired } from './calls.js';
import type { VpcEndpointFact, VpcEndpointsFact } from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const dynamodbServiceName = (region: string): string => `com.amazonaws.${region}.dynamodb`;

export async function loadVpcEndpoints(aws: AwsSource, vpcId: string, region: string, origin: DocumentOrigin): Promise<VpcEndpointsFact> {
  const serviceName = dynamodbServiceName(region);
  const filters = [
    { Name: 'vpc-id', Values: [vpcId] },
    { Name: 'service-name', Values: [serviceName] },
  ];
  const raw: unknown[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; ; page++) {
    if (page === 20) throw new FactUnavailable('failed', 'ec2:DescribeVpcEndpoints did not finish after 20 pages');
    const out = await callRequired(aws, {
      service: 'ec2',
      operation: 'DescribeVpcEndpoints',
      input: { Filters: filters, ...(token && { NextToken: token }) },
      region,
    });
    raw.push(...(Array.isArray(out.VpcEndpoints) ? out.VpcEndpoints : []));
    token = str(out.NextToken);
    if (!token) break;
    if (seen.has(token)) throw new FactUnavailable('failed', `ec2:DescribeVpcEndpoints returned NextToken ${token} twice`);
    seen.add(token);
  }
  const endpoints = raw.map((e): VpcEndpointFact => {
    const ep = obj(e);
    const id = str(ep.VpcEndpointId) ?? '';
    const place = `ec2:DescribeVpcEndpoints ${id} PolicyDocument`;
    return {
      id,
      type: str(ep.VpcEndpointType),
      state: str(ep.State),
      serviceName: str(ep.ServiceName),
      ...(typeof ep.PrivateDnsEnabled === 'boolean' && { privateDnsEnabled: ep.PrivateDnsEnabled }),
      ...(ep.PolicyDocument !== undefined && {
        policy: parsePolicyDocument(decodeDocument(ep.PolicyDocument, origin.file, place), `endpoint policy of ${id}`, origin.file, place),
      }),
    };
  });
  // An answer for another VPC or service (a hand-written snapshot without the filters) is not this one's.
  return { vpcId, serviceName, endpoints: endpoints.filter((e) => !e.serviceName || e.serviceName === serviceName) };
}

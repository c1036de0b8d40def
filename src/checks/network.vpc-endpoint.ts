/**
 * DynamoDB VPC endpoints in the cluster's VPC (issue #10 item 3). Sources:
 * - Amazon VPC User Guide / AWS PrivateLink Guide, "Control access to VPC endpoints using endpoint
 *   policies": an endpoint policy does not grant, it limits what may pass through the endpoint;
 *   the default policy allows everything; AWS denies with "… with an explicit deny in a VPC
 *   endpoint policy" or "… because no VPC endpoint policy allows the ACTION action".
 * - DynamoDB Developer Guide, "Gateway endpoints for Amazon DynamoDB" and "AWS PrivateLink for
 *   DynamoDB": a gateway endpoint serves only its own region and only subnets whose route tables
 *   it is associated with; an interface endpoint carries the default regional DNS name only with
 *   private DNS enabled, else only calls the app sends to the endpoint's own DNS name.
 * - IAM User Guide, "AWS global condition context keys": aws:SourceVpce and aws:SourceVpc are the
 *   endpoint and its VPC for requests through it.
 */
import { parseArn } from '../facts/arn.js';
import type { VpcEndpointFact } from '../facts/types.js';
import { contextFrom } from '../iam/evaluate.js';
import { evaluateResourcePolicy, type RoleCaller } from '../iam/resource-policy.js';
import { or } from '../iam/conditions.js';
import type { UnknownCondition } from '../iam/types.js';
import { comment, heredoc, json, snippet } from './lib/fix.js';
import { readLayer } from './lib/layer.js';
import { grantStatements, policySetup, refName, type NeededPermission, type PolicySetup } from './lib/policy-analysis.js';
import { roleCallerOf, uniqueUnknowns } from './lib/role-caller.js';
import { defineCheck, fail, notApplicable, pass, skip, warn } from './lib/types.js';

/** States in which an endpoint carries no traffic (DescribeVpcEndpoints State). */
const GONE = new Set(['deleting', 'deleted', 'rejected', 'failed', 'expired']);

interface EndpointVerdict {
  endpoint: VpcEndpointFact;
  /** Calls an Allow of the policy does not reach for sure. */
  notAllowed: NeededPermission[];
  denied: { cell: NeededPermission; by: string[] }[];
  unknown: UnknownCondition[];
  /** Whether the app's calls go through it for sure (gateway, or interface with private DNS). */
  certain: boolean;
}

function judgeEndpoint(endpoint: VpcEndpointFact, s: PolicySetup, caller: RoleCaller, vpcId: string, region: string): EndpointVerdict {
  const certain = endpoint.type !== 'Interface' || endpoint.privateDnsEnabled === true;
  const verdict: EndpointVerdict = { endpoint, notAllowed: [], denied: [], unknown: [], certain };
  // No policy in the answer: the endpoint has the default, full-access one.
  if (!endpoint.policy) return verdict;
  const context = contextFrom({
    'aws:RequestedRegion': region,
    'aws:SecureTransport': 'true',
    'aws:PrincipalArn': caller.roleArn,
    'aws:PrincipalAccount': caller.account,
    'aws:SourceVpce': endpoint.id,
    'aws:SourceVpc': vpcId,
  });
  for (const cell of s.needed) {
    const v = evaluateResourcePolicy([endpoint.policy], { action: cell.action, resource: cell.resource, caller, context });
    // An endpoint policy limits; a Principal naming the caller's account covers its role sessions too.
    const allows = or(v.grants, v.delegates);
    if (v.denies === 'true') verdict.denied.push({ cell, by: v.deniedBy.map(refName) });
    else if (allows === 'false') verdict.notAllowed.push(cell);
    else if (allows === 'unknown' || v.denies === 'unknown') verdict.unknown.push(...v.unknownConditions);
  }
  return verdict;
}

const calls = (cells: NeededPermission[]): string => [...new Set(cells.map((c) => `${c.action} on ${c.resource}`))].join(', ');

function describe(v: EndpointVerdict): string {
  const e = v.endpoint;
  const kind = `${e.type ?? 'Gateway'} endpoint ${e.id}`;
  if (v.denied.length) {
    return `${kind}: its policy explicitly denies ${calls(v.denied.map((d) => d.cell))} (${[...new Set(v.denied.flatMap((d) => d.by))].join(', ')}); the app sees AccessDeniedException "… with an explicit deny in a VPC endpoint policy"`;
  }
  if (v.notAllowed.length) {
    return `${kind}: no statement of its policy allows ${calls(v.notAllowed)}; the app sees AccessDeniedException "… because no VPC endpoint policy allows the … action"`;
  }
  return `${kind}: its policy allows the app's calls only if ${uniqueUnknowns(v.unknown).join('; ')}, which cart-doctor cannot know`;
}

export default defineCheck({
  meta: {
    id: 'network.vpc-endpoint',
    dependsOn: ['sa.annotation'],
    title: "A DynamoDB VPC endpoint in the cluster's VPC lets the app's calls through",
    symptom: 'AccessDeniedException',
    docs:
      "Reads the cluster's VPC (DescribeCluster resourcesVpcConfig.vpcId) and its DynamoDB endpoints (ec2 DescribeVpcEndpoints, " +
      'filters vpc-id and service-name com.amazonaws.REGION.dynamodb). No endpoint: the pods reach the public DynamoDB endpoint ' +
      'through NAT or an internet gateway and no endpoint policy applies. Each gateway or interface endpoint has a policy (the ' +
      "default allows everything) that is evaluated for the role's session, the app's actions and the table and index ARNs, " +
      'with aws:SourceVpce and aws:SourceVpc known: a Deny or no Allow fails (AccessDeniedException), a condition cart-doctor ' +
      'cannot know warns naming it. An interface endpoint without private DNS carries only calls sent to its own DNS name, so ' +
      "its refusals warn. Route-table associations of a gateway endpoint are not read: it is assumed to serve the cluster's subnets.",
    remediation:
      "Let the endpoint policy allow the app's calls (aws ec2 modify-vpc-endpoint --policy-document), or restore the default policy (--reset-policy).",
  },
  async run(ctx) {
    const s = await policySetup(ctx);
    if ('status' in s) return s;
    const caller = roleCallerOf(s);
    if (!caller) return skip('sa.annotation', `the ARN of role ${s.roleName} is unknown, so endpoint policies cannot be judged for it`);
    const read = await readLayer(() => ctx.facts.vpcEndpoints(), {
      what: "the cluster VPC's list of DynamoDB endpoints",
      permission: 'ec2:DescribeVpcEndpoints',
    });
    if ('outcome' in read) return read.outcome;
    const { vpcId, serviceName, endpoints } = read.value;
    if (!vpcId) {
      return notApplicable(
        `the cluster's VPC is unknown (its DescribeCluster answer carries no resourcesVpcConfig.vpcId), so its DynamoDB endpoints were not looked up; record the snapshot again to judge them`,
      );
    }
    const live = endpoints.filter((e) => !GONE.has((e.state ?? '').toLowerCase()));
    const evidence = { vpcId, serviceName, endpoints: live.map((e) => ({ id: e.id, type: e.type, state: e.state, privateDnsEnabled: e.privateDnsEnabled })) };
    if (!live.length) {
      return pass(
        `No ${serviceName} endpoint in VPC ${vpcId}: the pods' traffic goes to the public DynamoDB endpoint through NAT or an internet gateway, and no endpoint policy applies.`,
        evidence,
      );
    }
    const endpointRegion = serviceName.split('.')[2] ?? '';
    const tableRegion = parseArn(s.tableArn)?.region ?? endpointRegion;
    if (tableRegion !== endpointRegion) {
      return pass(
        `VPC ${vpcId} has DynamoDB endpoints for ${endpointRegion} only (${live.map((e) => e.id).join(', ')}); the table is in ${tableRegion}, so the app's calls go to the public endpoint and no endpoint policy applies.`,
        evidence,
      );
    }
    const verdicts = live.map((e) => judgeEndpoint(e, s, caller, vpcId, tableRegion));
    const refusing = verdicts.filter((v) => v.denied.length || v.notAllowed.length);
    const failing = refusing.filter((v) => v.certain);
    const uncertain = [...refusing.filter((v) => !v.certain), ...verdicts.filter((v) => !refusing.includes(v) && v.unknown.length)];
    const allowAll = { Version: '2012-10-17', Statement: grantStatements(s.needed).map((st) => ({ ...st, Principal: '*' })) };
    const fixFor = (ids: string[]) =>
      snippet(
        comment(
          `The policy below replaces the endpoint's whole policy: if other workloads in VPC ${vpcId} use the endpoint, add its statement to the current one instead:`,
        ),
        ...ids.map(
          (id) => `aws ec2 describe-vpc-endpoints --region ${tableRegion} --vpc-endpoint-ids ${id} --query 'VpcEndpoints[0].PolicyDocument' --output text`,
        ),
        comment("Let the endpoint policy allow the app's calls (or restore the default full-access policy with --reset-policy instead of --policy-document):"),
        heredoc('dynamodb-endpoint-policy.json', json(allowAll), 'JSON'),
        ...ids.map(
          (id) => `aws ec2 modify-vpc-endpoint --region ${tableRegion} --vpc-endpoint-id ${id} --policy-document file://dynamodb-endpoint-policy.json`,
        ),
      );
    const verdictEvidence = verdicts.map((v) => ({ id: v.endpoint.id, denied: v.denied, notAllowed: v.notAllowed, unknown: uniqueUnknowns(v.unknown) }));
    const details = { ...evidence, verdicts: verdictEvidence };
    if (failing.length) {
      return fail(
        `The DynamoDB VPC endpoint in VPC ${vpcId} refuses the app's calls. ${failing.map(describe).join('. ')}.`,
        details,
        fixFor(failing.map((v) => v.endpoint.id)),
      );
    }
    if (uncertain.length) {
      const notes = uncertain.map((v) =>
        !v.certain && (v.denied.length || v.notAllowed.length)
          ? `${describe(v)} (it has no private DNS, so this applies only if the app sends its calls to the endpoint's own DNS name)`
          : describe(v),
      );
      return warn(`VPC ${vpcId}: ${notes.join('. ')}.`, details, fixFor(uncertain.map((v) => v.endpoint.id)));
    }
    const defaults = live.filter((e) => !e.policy).map((e) => e.id);
    return pass(
      `The DynamoDB endpoint${live.length > 1 ? 's' : ''} ${live.map((e) => `${e.id} (${e.type ?? 'Gateway'})`).join(', ')} in VPC ${vpcId} allow${live.length > 1 ? '' : 's'} the app's calls on its table${s.needed.some((n) => n.resource.includes('/index/')) ? ' and index' : ''}${defaults.length ? ` (no policy recorded for ${defaults.join(', ')}: the default allows everything)` : ''}.`,
      details,
    );
  },
});

/**
 * The answers AWS gives for the layers beyond the role's own policies (issue #10), shaped as the
 * APIs return them and with the inputs the live source sends: the table's resource policy
 * (DynamoDB GetResourcePolicy), the cluster VPC's DynamoDB endpoints (EC2 DescribeVpcEndpoints),
 * IAM's policy simulator (SimulatePrincipalPolicy) and organization guardrails (AWS
 * Organizations DescribeOrganization / ListParents / ListPoliciesForTarget / DescribePolicy).
 * The healthy worlds record the healthy answers; a scenario replaces one layer's answer with
 * `recordLayer`, since a replay uses the first entry that fits a call.
 */
import { ACCOUNT, REGION, VPC_ID } from './ids.mjs';

/** The calls of the layers of issue #10 a healthy world answers (service:operation). */
export const LAYER_OPERATIONS = [
  'dynamodb:GetResourcePolicy',
  'ec2:DescribeVpcEndpoints',
  'iam:SimulatePrincipalPolicy',
  'organizations:DescribeOrganization',
  'organizations:ListParents',
  'organizations:ListPoliciesForTarget',
  'organizations:DescribePolicy',
];

/** Replaces the world's answers for the operations `entries` answer (a scenario's layer) with them. */
export function recordLayer(w, entries) {
  const replaced = new Set(entries.map((e) => `${e.service}:${e.operation}`));
  w.aws = [...w.aws.filter((e) => !replaced.has(`${e.service}:${e.operation}`)), ...entries];
}

/** The table's resource policy (a JSON string), or for `undefined` the PolicyNotFoundException a table without one answers. */
export function tableResourcePolicy(tableArn, document) {
  const entry = { service: 'dynamodb', operation: 'GetResourcePolicy', region: REGION, input: { ResourceArn: tableArn } };
  if (document) entry.output = { Policy: JSON.stringify(document), RevisionId: '1738584164118' };
  else entry.error = { name: 'PolicyNotFoundException', message: `Resource-based policy not found for the provided ResourceArn: ${tableArn}` };
  return entry;
}

/** DescribeVpcEndpoints for the cluster's VPC and DynamoDB, as EC2 answers it (policies are JSON strings). */
export function vpcEndpoints(endpoints) {
  return {
    service: 'ec2',
    operation: 'DescribeVpcEndpoints',
    region: REGION,
    input: {
      Filters: [
        { Name: 'vpc-id', Values: [VPC_ID] },
        { Name: 'service-name', Values: [`com.amazonaws.${REGION}.dynamodb`] },
      ],
    },
    output: {
      VpcEndpoints: endpoints.map((e) => ({
        VpcEndpointId: e.id,
        VpcEndpointType: 'Gateway',
        VpcId: VPC_ID,
        ServiceName: `com.amazonaws.${REGION}.dynamodb`,
        State: 'available',
        PolicyDocument: JSON.stringify(e.policy),
        RouteTableIds: ['rtb-0123456789abcdef0'],
        CreationTimestamp: '2025-02-03T11:20:00Z',
      })),
    },
  };
}

/** What the doctor asks the simulator: every action × resource, with the context values it knows. */
export function simulationInput(roleArn, actions, resources) {
  const context = [
    ['aws:RequestedRegion', 'string', REGION],
    ['aws:SecureTransport', 'boolean', 'true'],
    ['aws:PrincipalArn', 'string', roleArn],
    ['aws:PrincipalAccount', 'string', ACCOUNT],
  ];
  return {
    PolicySourceArn: roleArn,
    ActionNames: actions,
    ResourceArns: resources,
    ContextEntries: context.map(([key, type, value]) => ({ ContextKeyName: key, ContextKeyType: type, ContextKeyValues: [value] })),
  };
}

/**
 * One EvaluationResult for an action on one resource, as AWS answers with explicit ResourceArns;
 * `source` is the policy whose statement matched ({ id, type }), absent when none did.
 * OrganizationsDecisionDetail comes only for an account in an organization (`allowedByOrganizations` given),
 * PermissionsBoundaryDecisionDetail only for a role with a boundary (`allowedByBoundary` given).
 */
export function evaluation(action, resource, decision, { source, allowedByOrganizations, allowedByBoundary, missing = [] } = {}) {
  const statements = source
    ? [{ SourcePolicyId: source.id, SourcePolicyType: source.type, StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 241 } }]
    : [];
  return {
    EvalActionName: action,
    EvalResourceName: resource,
    EvalDecision: decision,
    MatchedStatements: statements,
    MissingContextValues: [],
    ...(allowedByOrganizations !== undefined && { OrganizationsDecisionDetail: { AllowedByOrganizations: allowedByOrganizations } }),
    ...(allowedByBoundary !== undefined && { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: allowedByBoundary } }),
    EvalDecisionDetails: {},
    ResourceSpecificResults: [
      { EvalResourceName: resource, EvalResourceDecision: decision, MatchedStatements: statements, MissingContextValues: missing, EvalDecisionDetails: {} },
    ],
  };
}

/**
 * The simulator's answer to `input`, `pageSize` results a page (IsTruncated / Marker). Later pages
 * are listed first, so that the first page's input (contained in theirs) cannot answer them.
 */
export function simulation(input, results, pageSize = results.length) {
  const pages = [];
  for (let at = 0; at < results.length; at += pageSize) pages.push(results.slice(at, at + pageSize));
  const marker = (i) => `AAEAApage${i + 1}ofsimulation`;
  return pages
    .map((page, i) => {
      const last = i === pages.length - 1;
      return {
        service: 'iam',
        operation: 'SimulatePrincipalPolicy',
        input: i === 0 ? input : { ...input, Marker: marker(i - 1) },
        output: { EvaluationResults: page, IsTruncated: !last, ...(!last && { Marker: marker(i) }) },
      };
    })
    .reverse();
}

/**
 * The simulator's answer to the world's recorded request once a scenario changed what it decides:
 * `answer(action, resource)` gives the new evaluation, or nothing where the recorded one stands.
 * `inOrganization` adds AllowedByOrganizations true to the results that keep none.
 */
export function resimulate(w, answer, { pageSize, inOrganization = false } = {}) {
  const recorded = w.aws.filter((e) => e.operation === 'SimulatePrincipalPolicy');
  if (recorded.length !== 1) throw new Error('resimulate answers a world whose simulator answer is one page');
  const [{ input, output }] = recorded;
  const results = output.EvaluationResults.map((r) => {
    const result = answer(r.EvalActionName, r.EvalResourceName) ?? r;
    return inOrganization && !result.OrganizationsDecisionDetail ? { ...result, OrganizationsDecisionDetail: { AllowedByOrganizations: true } } : result;
  });
  recordLayer(w, simulation(input, results, pageSize));
}

/** The account is in no organization: no SCP or RCP applies. */
export function notInOrganization() {
  return {
    service: 'organizations',
    operation: 'DescribeOrganization',
    input: {},
    error: { name: 'AWSOrganizationsNotInUseException', message: 'Your account is not a member of an organization.' },
  };
}

/**
 * A healthy account's answers, as the setup guide leaves it: the table has no resource policy,
 * the cluster's VPC has no DynamoDB endpoint (the guide lists VPC endpoints as a later step), the
 * account is in no organization (a member account could not read its SCPs: org.guardrails would
 * warn), and the simulator allows exactly what the role's policy `source` grants (`grants`:
 * [action, resource] pairs); every other pair asked is an implicitDeny.
 */
export function healthyLayers({ roleArn, tableArn, grants, source }) {
  const actions = [...new Set(grants.map(([action]) => action))];
  const resources = [...new Set(grants.map(([, resource]) => resource))];
  const granted = new Set(grants.map(([action, resource]) => `${action} ${resource}`));
  const results = actions.flatMap((action) =>
    resources.map((resource) =>
      granted.has(`${action} ${resource}`) ? evaluation(action, resource, 'allowed', { source }) : evaluation(action, resource, 'implicitDeny'),
    ),
  );
  return [
    tableResourcePolicy(tableArn, undefined),
    vpcEndpoints([]),
    ...simulation(simulationInput(roleArn, actions, resources), results),
    notInOrganization(),
  ];
}

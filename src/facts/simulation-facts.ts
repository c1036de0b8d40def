/**
 * IAM's own policy simulator on the Cart role (iam:SimulatePrincipalPolicy; IAM API Reference):
 * one request for every action × resource the app needs, paged with Marker / IsTruncated.
 * With explicit ResourceArns AWS may answer per resource in `ResourceSpecificResults`; each
 * such entry is one decision here, else the result's own EvalResourceName is.
 */
import type { AwsSource } from '../sources/types.js';
import { paged } from './calls.js';
import type { SimulatedDecision, SimulationFact, SimulationRequest } from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const matched = (statements: unknown): string[] => [
  ...new Set(
    list(statements).map((m) => {
      const s = obj(m);
      const id = str(s.SourcePolicyId) ?? '?';
      return str(s.SourcePolicyType) ? `${id} (${str(s.SourcePolicyType)})` : id;
    }),
  ),
];
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');
const flag = (detail: unknown, key: string): boolean | undefined => {
  const v = obj(detail)[key];
  return typeof v === 'boolean' ? v : undefined;
};

function decisionsOf(result: unknown): SimulatedDecision[] {
  const r = obj(result);
  const action = str(r.EvalActionName) ?? '';
  const common = {
    action,
    allowedByOrganizations: flag(r.OrganizationsDecisionDetail, 'AllowedByOrganizations'),
    allowedByBoundary: flag(r.PermissionsBoundaryDecisionDetail, 'AllowedByPermissionsBoundary'),
  };
  const perResource = list(r.ResourceSpecificResults);
  if (perResource.length) {
    return perResource.map((p) => {
      const s = obj(p);
      return {
        ...common,
        resource: str(s.EvalResourceName) ?? '',
        decision: str(s.EvalResourceDecision) ?? str(r.EvalDecision) ?? '',
        matched: matched(s.MatchedStatements),
        missingContext: [...new Set([...strings(s.MissingContextValues), ...strings(r.MissingContextValues)])],
        ...(flag(s.PermissionsBoundaryDecisionDetail, 'AllowedByPermissionsBoundary') !== undefined && {
          allowedByBoundary: flag(s.PermissionsBoundaryDecisionDetail, 'AllowedByPermissionsBoundary'),
        }),
      };
    });
  }
  return [
    {
      ...common,
      resource: str(r.EvalResourceName) ?? '*',
      decision: str(r.EvalDecision) ?? '',
      matched: matched(r.MatchedStatements),
      missingContext: strings(r.MissingContextValues),
    },
  ];
}

export async function loadSimulation(aws: AwsSource, request: SimulationRequest): Promise<SimulationFact> {
  const input = {
    PolicySourceArn: request.roleArn,
    ActionNames: request.actions,
    ResourceArns: request.resources,
    ...(request.context.length && {
      ContextEntries: request.context.map((c) => ({ ContextKeyName: c.key, ContextKeyType: c.type, ContextKeyValues: [c.value] })),
    }),
  };
  const results = await paged(aws, { service: 'iam', operation: 'SimulatePrincipalPolicy', input }, 'EvaluationResults');
  return { results: results.flatMap(decisionsOf) };
}

/**
 * Scenarios for the layers AWS consults beyond the role's own policies (issue #10): AWS's
 * policy simulator (policy.simulated) and organization guardrails (org.guardrails). Answers are
 * shaped as the AWS APIs return them (IAM API Reference, SimulatePrincipalPolicy; AWS
 * Organizations API Reference, ListParents / ListPoliciesForTarget / DescribePolicy).
 */
import { GUIDE_ACTIONS, roleArnOf, tableArnOf } from './worlds.mjs';

const ROLE_ARN = roleArnOf('cart-dynamodb-role');
const TABLE = tableArnOf('Items');

/** One EvaluationResult per action on the table, as AWS answers with explicit ResourceArns. */
function evaluation(action, decision, { matched = decision === 'allowed', allowedByOrganizations = true, missing = [] } = {}) {
  const statements = matched
    ? [{ SourcePolicyId: 'cart-dynamodb-policy', SourcePolicyType: 'user-managed', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 241 } }]
    : [];
  return {
    EvalActionName: action,
    EvalResourceName: TABLE,
    EvalDecision: decision,
    MatchedStatements: statements,
    MissingContextValues: [],
    OrganizationsDecisionDetail: { AllowedByOrganizations: allowedByOrganizations },
    EvalDecisionDetails: {},
    ResourceSpecificResults: [
      { EvalResourceName: TABLE, EvalResourceDecision: decision, MatchedStatements: statements, MissingContextValues: missing, EvalDecisionDetails: {} },
    ],
  };
}

/** The simulator's answer in two pages (IsTruncated / Marker), the second listed first so the first page's input cannot answer it. */
function simulation(results) {
  const input = { PolicySourceArn: ROLE_ARN, ActionNames: GUIDE_ACTIONS, ResourceArns: [TABLE] };
  const marker = 'AAEAAfirstpageofsimulation';
  return [
    { service: 'iam', operation: 'SimulatePrincipalPolicy', input: { ...input, Marker: marker }, output: { EvaluationResults: results.slice(3), IsTruncated: false } },
    { service: 'iam', operation: 'SimulatePrincipalPolicy', input, output: { EvaluationResults: results.slice(0, 3), IsTruncated: true, Marker: marker } },
  ];
}

export const LAYER_SCENARIOS = [
  {
    name: 'simulator-agrees',
    world: 'guide',
    summary: "AWS's policy simulator (recorded in two pages) allows all six calls, as cart-doctor does: policy.simulated passes naming both.",
    mutate: (w) => w.aws.push(...simulation(GUIDE_ACTIONS.map((a) => evaluation(a, 'allowed')))),
  },
  {
    name: 'simulator-scp-denies',
    world: 'guide',
    summary:
      "AWS's policy simulator says an organization SCP denies dynamodb:DeleteItem although the role's policies allow it: policy.simulated warns with both reasoning lines.",
    mutate: (w) =>
      w.aws.push(
        ...simulation(
          GUIDE_ACTIONS.map((a) =>
            a === 'dynamodb:DeleteItem' ? evaluation(a, 'implicitDeny', { matched: true, allowedByOrganizations: false }) : evaluation(a, 'allowed'),
          ),
        ),
      ),
  },
];


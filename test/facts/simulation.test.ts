/**
 * iam:SimulatePrincipalPolicy through the real gateway with recorded answers (aws-sdk-client-mock):
 * paging by Marker, per-resource results, and moto's HTML 500 as an unusable read (never a pass).
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { IAMClient, SimulatePrincipalPolicyCommand, type EvaluationResult, type PolicyEvaluationDecisionType } from '@aws-sdk/client-iam';
import { FactUnavailable } from '../../src/errors.js';
import { loadSimulation } from '../../src/facts/simulation-facts.js';
import { LiveAwsSource } from '../../src/sources/aws-live.js';

const ROLE = 'arn:aws:iam::111122223333:role/cart-dynamodb-role';
const TABLE = 'arn:aws:dynamodb:ap-south-1:111122223333:table/Items';
const INDEX = `${TABLE}/index/idx_global_customerId`;
const REQUEST = {
  roleArn: ROLE,
  actions: ['dynamodb:GetItem', 'dynamodb:Query'],
  resources: [TABLE, INDEX],
  context: [
    { key: 'aws:RequestedRegion', type: 'string' as const, value: 'ap-south-1' },
    { key: 'aws:SecureTransport', type: 'boolean' as const, value: 'true' },
  ],
};
const matched = [
  { SourcePolicyId: 'cart-items', SourcePolicyType: 'user-managed' as const, StartPosition: { Line: 1, Column: 1 }, EndPosition: { Line: 1, Column: 90 } },
];
/** As AWS answers with explicit ResourceArns: per action, one ResourceSpecificResult per resource. */
const result = (action: string, perResource: [string, PolicyEvaluationDecisionType][]): EvaluationResult => ({
  EvalActionName: action,
  EvalResourceName: '*',
  EvalDecision: perResource.every(([, d]) => d === 'allowed') ? 'allowed' : 'implicitDeny',
  MatchedStatements: [],
  MissingContextValues: [],
  OrganizationsDecisionDetail: { AllowedByOrganizations: true },
  ResourceSpecificResults: perResource.map(([resource, decision]) => ({
    EvalResourceName: resource,
    EvalResourceDecision: decision,
    MatchedStatements: decision === 'allowed' ? matched : [],
    MissingContextValues: decision === 'allowed' ? [] : ['aws:SourceVpce'],
  })),
});

describe('loadSimulation through the live gateway (recorded answers)', () => {
  const iam = mockClient(IAMClient);
  beforeEach(() => {
    iam.reset();
  });
  const aws = () => new LiveAwsSource({ timeoutMs: 2000, region: 'ap-south-1' });

  it('sends the role, actions, ARNs and context entries, follows Marker, and reads per-resource decisions', async () => {
    iam
      .on(SimulatePrincipalPolicyCommand)
      .resolvesOnce({
        EvaluationResults: [
          result('dynamodb:GetItem', [
            [TABLE, 'allowed'],
            [INDEX, 'allowed'],
          ]),
        ],
        IsTruncated: true,
        Marker: 'page2',
        $metadata: {},
      })
      .resolvesOnce({
        EvaluationResults: [
          result('dynamodb:Query', [
            [TABLE, 'allowed'],
            [INDEX, 'implicitDeny'],
          ]),
        ],
        IsTruncated: false,
        $metadata: {},
      });
    const fact = await loadSimulation(aws(), REQUEST);
    const inputs = iam.commandCalls(SimulatePrincipalPolicyCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      {
        PolicySourceArn: ROLE,
        ActionNames: REQUEST.actions,
        ResourceArns: [TABLE, INDEX],
        ContextEntries: [
          { ContextKeyName: 'aws:RequestedRegion', ContextKeyType: 'string', ContextKeyValues: ['ap-south-1'] },
          { ContextKeyName: 'aws:SecureTransport', ContextKeyType: 'boolean', ContextKeyValues: ['true'] },
        ],
      },
      expect.objectContaining({ Marker: 'page2' }),
    ]);
    expect(fact.results.map((r) => [r.action, r.resource, r.decision, r.matched, r.missingContext])).toEqual([
      ['dynamodb:GetItem', TABLE, 'allowed', ['cart-items (user-managed)'], []],
      ['dynamodb:GetItem', INDEX, 'allowed', ['cart-items (user-managed)'], []],
      ['dynamodb:Query', TABLE, 'allowed', ['cart-items (user-managed)'], []],
      ['dynamodb:Query', INDEX, 'implicitDeny', [], ['aws:SourceVpce']],
    ]);
    expect(fact.results.every((r) => r.allowedByOrganizations === true)).toBe(true);
  });

  it('an HTML 500 (moto has no simulator) is an unusable read, never an empty answer', async () => {
    iam.on(SimulatePrincipalPolicyCommand).rejects(Object.assign(new SyntaxError('Unexpected token < in XML'), { $metadata: { httpStatusCode: 500 } }));
    const err = await loadSimulation(aws(), REQUEST).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FactUnavailable);
    expect([(err as FactUnavailable).kind, (err as Error).message]).toEqual(['unusable', expect.stringContaining('HTTP 500')]);
  });

  it('an answer without EvaluationResults is unusable', async () => {
    iam.on(SimulatePrincipalPolicyCommand).resolves({ $metadata: {} });
    await expect(loadSimulation(aws(), REQUEST)).rejects.toMatchObject({ kind: 'unusable' });
  });

  it('AccessDenied is the doctor being denied, named as such', async () => {
    iam.on(SimulatePrincipalPolicyCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    await expect(loadSimulation(aws(), REQUEST)).rejects.toMatchObject({ kind: 'denied', message: expect.stringContaining('iam:SimulatePrincipalPolicy') });
  });
});

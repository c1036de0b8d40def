/**
 * The shipped least-privilege policy covers every call the doctor makes: record the calls of
 * real runs, then ask our own evaluator whether the policy allows each one.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { CHECKS } from '../src/checks/registry.js';
import { resolveConfig } from '../src/config/resolve.js';
import { FactStore } from '../src/facts/store.js';
import { evaluateIdentity, contextFrom } from '../src/iam/evaluate.js';
import { parsePolicyDocument } from '../src/iam/document.js';
import { doctorIamPolicy, doctorRbac } from '../src/permissions.js';
import { runChecks } from '../src/runner.js';
import { RecordingAwsSource } from '../src/sources/recorder.js';
import { SnapshotAwsSource, parseSnapshot } from '../src/sources/snapshot.js';
import { InMemoryKubeSource } from '../src/sources/objects.js';
import type { AwsCall } from '../src/sources/types.js';
import { READ_ONLY_OPERATION } from '../src/sources/aws-live.js';

const FIXTURES = [
  'fixtures/healthy-guide.yaml',
  'fixtures/scenarios/pod-identity-shadows-irsa.yaml',
  'fixtures/scenarios/trust-old-cluster-issuer.yaml',
  'fixtures/scenarios/oidc-provider-missing.yaml',
  'fixtures/scenarios/region-mismatch.yaml',
  'fixtures/scenarios/policy-boundary-blocks-action.yaml',
  'fixtures/scenarios/table-policy-deny.yaml',
  'fixtures/scenarios/table-policy-none.yaml',
  'fixtures/scenarios/simulator-agrees.yaml',
  'fixtures/scenarios/org-scp-denies-delete.yaml',
];

/** The IAM action and resource ARN a call is authorized against (irsa.md §1). */
function authorizationOf(call: AwsCall, account: string, region: string): { action: string; resource: string } {
  const i = call.input as Record<string, string>;
  const action = `${call.service}:${call.operation}`;
  switch (call.operation) {
    case 'DescribeCluster':
      return { action, resource: `arn:aws:eks:${call.region ?? region}:${account}:cluster/${i.name}` };
    case 'GetRole':
    case 'ListAttachedRolePolicies':
    case 'ListRolePolicies':
    case 'GetRolePolicy':
      return { action, resource: `arn:aws:iam::${account}:role/${i.RoleName}` };
    case 'SimulatePrincipalPolicy':
      return { action, resource: i.PolicySourceArn! };
    case 'GetPolicy':
    case 'GetPolicyVersion':
      return { action, resource: i.PolicyArn! };
    case 'GetOpenIDConnectProvider':
      return { action, resource: i.OpenIDConnectProviderArn! };
    case 'ListPodIdentityAssociations':
      return { action, resource: `arn:aws:eks:${call.region ?? region}:${account}:cluster/${i.clusterName}` };
    case 'DescribePodIdentityAssociation':
      return { action, resource: `arn:aws:eks:${call.region ?? region}:${account}:podidentityassociation/${i.clusterName}/${i.associationId}` };
    case 'DescribeKey':
    case 'GetKeyPolicy':
      return { action, resource: i.KeyId! };
    case 'DescribeTable':
      return { action, resource: `arn:aws:dynamodb:${call.region}:${account}:table/${i.TableName}` };
    case 'GetResourcePolicy':
      return { action, resource: i.ResourceArn! };
    default:
      return { action, resource: '*' };
  }
}

describe("the doctor's own IAM policy", () => {
  it.each(FIXTURES)('covers every call of a run on %s', async (file) => {
    const snapshot = await parseSnapshot(readFileSync(file, 'utf8'), file);
    const config = resolveConfig({ snapshotTarget: snapshot.target, flags: {} });
    const aws = new RecordingAwsSource(new SnapshotAwsSource(snapshot));
    const facts = new FactStore(config, { aws, kube: snapshot.kubernetes ?? new InMemoryKubeSource('none', []), origin: { file } });
    await runChecks(CHECKS, { ...config, facts });
    const calls = aws.entries;
    expect(calls.length).toBeGreaterThan(3);

    const account = '111122223333';
    const region = config.target.region!;
    const policy = parsePolicyDocument(
      doctorIamPolicy({ account, region, cluster: config.target.cluster, role: 'cart-dynamodb-role', table: config.target.table }),
      'doctor',
    );
    for (const call of calls) {
      expect(call.operation).toMatch(READ_ONLY_OPERATION);
      const { action, resource } = authorizationOf({ ...call, input: call.input ?? {} } as AwsCall, account, region);
      const decision = evaluateIdentity([policy], { action, resource, context: contextFrom({}) });
      expect(`${action} on ${resource}: ${decision.result}`).toBe(`${action} on ${resource}: allow`);
    }
  });

  it('grants nothing that writes', () => {
    const policy = doctorIamPolicy({});
    const actions = policy.Statement.flatMap((s) => s.Action);
    expect(actions.every((a) => READ_ONLY_OPERATION.test(a.split(':')[1]!))).toBe(true);
    expect(doctorRbac({ namespace: 'carts' })).not.toMatch(/create|update|patch|delete|\*/);
  });
});

describe('the shipped permissions/ files', () => {
  // `package.json` ships permissions/: they must be what `cart-doctor permissions` prints with placeholders.
  it('permissions/cart-doctor-iam-policy.json is the placeholder policy', () => {
    expect(JSON.parse(readFileSync('permissions/cart-doctor-iam-policy.json', 'utf8'))).toEqual(doctorIamPolicy({}));
  });
  it('permissions/cart-doctor-rbac.yaml is the placeholder RBAC', () => {
    expect(readFileSync('permissions/cart-doctor-rbac.yaml', 'utf8')).toBe(doctorRbac({}));
  });
});

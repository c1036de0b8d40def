import { describe, it, expect } from '@jest/globals';
import check from '../../src/checks/oidc.provider.js';
import type { Target } from '../../src/config/types.js';
import type { ClusterFact, OidcProviderFact, ServiceAccountFact } from '../../src/facts/types.js';
import { checkCases, type CheckCase } from '../helpers/check-cases.js';
import { contextWith, unavailable } from '../helpers/fake-facts.js';
import { ACCOUNT, HOST, OLD_HOST, OLD_ID, PROVIDER_ARN, run } from './iam-fixtures.js';

const provider = (change: Partial<OidcProviderFact>) => contextWith((v) => Object.assign(v.oidcProvider as OidcProviderFact, change));
const oldArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${OLD_HOST}`;
const otherRegionArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/FFFF`;

const cases: CheckCase[] = [
  { name: 'the provider exists and lists sts.amazonaws.com', ctx: contextWith(), status: 'pass', says: [PROVIDER_ARN, 'sts.amazonaws.com'] },
  { name: 'several client ids, sts among them', ctx: provider({ clientIds: ['other', 'sts.amazonaws.com'] }), status: 'pass' },
  {
    name: 'the SA overrides the audience and the provider lists it',
    ctx: contextWith((v) => {
      (v.serviceAccount as ServiceAccountFact).annotations['eks.amazonaws.com/audience'] = 'my-aud';
      (v.oidcProvider as OidcProviderFact).clientIds = ['my-aud'];
    }),
    status: 'pass',
    says: ['my-aud'],
  },
  {
    name: 'an unreadable ServiceAccount: the default audience',
    ctx: contextWith((v) => (v.serviceAccount = unavailable('serviceaccounts get'))),
    status: 'pass',
  },
  {
    name: 'T11: no provider, one left from a recreated cluster',
    ctx: provider({ found: false, clientIds: [], others: [oldArn, otherRegionArn] }),
    status: 'fail',
    says: [`No OpenIDConnect provider found in your account for https://${HOST}`, `A provider exists for id ${OLD_ID}`, 'recreated cluster'],
    notSays: ['FFFF'],
  },
  {
    name: 'T11: no provider, none listed',
    ctx: provider({ found: false, clientIds: [] }),
    status: 'fail',
    says: ['No OpenIDConnect provider found'],
    notSays: ['recreated'],
  },
  {
    name: 'T11: no provider, an empty list of others',
    ctx: provider({ found: false, clientIds: [], others: [] }),
    status: 'fail',
    says: ['No OpenIDConnect provider'],
    fix: ['associate-iam-oidc-provider', 'cart-cluster'],
  },
  {
    name: 'the provider lacks the audience (sts.amazon.com)',
    ctx: provider({ clientIds: ['sts.amazon.com'] }),
    status: 'fail',
    says: ['["sts.amazon.com"]', 'not sts.amazonaws.com', 'Incorrect token audience'],
  },
  {
    name: 'the SA overrides the audience and the provider does not list it',
    ctx: contextWith((v) => ((v.serviceAccount as ServiceAccountFact).annotations['eks.amazonaws.com/audience'] = 'my-aud')),
    status: 'fail',
    says: ['not my-aud'],
    mentions: ['--client-id my-aud'],
  },
  {
    name: 'iam:GetOpenIDConnectProvider denied to the doctor',
    ctx: contextWith((v) => (v.oidcProvider = unavailable('iam:GetOpenIDConnectProvider'))),
    status: 'error',
    says: ['iam:GetOpenIDConnectProvider'],
  },
];

const otherIdArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST.replace(/[^/]+$/, 'SECONDOLDID')}`;
const missing = `No IAM OIDC provider ${PROVIDER_ARN}: STS will answer "InvalidIdentityToken: No OpenIDConnect provider found in your account for https://${HOST}".`;
const withCluster = (change: (c: ClusterFact) => void, target: Partial<Target> = {}) =>
  contextWith(
    (v) => {
      Object.assign(v.oidcProvider as OidcProviderFact, { found: false, clientIds: [] });
      change(v.cluster as ClusterFact);
      v.region = 'us-west-2';
    },
    'guide',
    target,
  );

// The whole message, the evidence JSON consumers read, and the names in the fix.
const moreCases: CheckCase[] = [
  {
    // ListOpenIDConnectProviders may already list a provider that GetOpenIDConnectProvider did not find (created in between).
    name: 'T11: the list names the expected provider itself: it is not called stale',
    ctx: provider({ found: false, clientIds: [], others: [PROVIDER_ARN, oldArn] }),
    status: 'fail',
    saysExactly: `${missing} A provider exists for id ${OLD_ID} on the same regional issuer: left from a recreated cluster?`,
  },
  {
    name: 'T11: no provider, two left from recreated clusters: both ids',
    ctx: provider({ found: false, clientIds: [], others: [oldArn, otherIdArn, otherRegionArn] }),
    status: 'fail',
    saysExactly: `${missing} A provider exists for id ${OLD_ID}, SECONDOLDID on the same regional issuer: left from a recreated cluster?`,
    evidence: { expected: { arn: PROVIDER_ARN, clientId: 'sts.amazonaws.com' }, actual: null, otherProviders: [oldArn, otherIdArn, otherRegionArn] },
  },
  {
    name: 'T11: no provider, none listed: the whole message and the whole fix',
    ctx: provider({ found: false, clientIds: [] }),
    status: 'fail',
    saysExactly: missing,
    evidence: { otherProviders: null },
    fix: [
      [
        '# Create the IAM OIDC provider for cluster cart-cluster (setup guide step 4), unless it exists by now:',
        `aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${PROVIDER_ARN} >/dev/null 2>&1 ||`,
        `  aws iam create-open-id-connect-provider --url https://${HOST} --client-id-list sts.amazonaws.com`,
        '# or: eksctl utils associate-iam-oidc-provider --cluster cart-cluster --region ap-south-1 --approve',
      ].join('\n'),
    ],
  },
  {
    name: "the fix names --cluster and the cluster's own region over --region and the AWS config",
    ctx: withCluster((c) => ((c.name = 'described-name'), (c.region = 'eu-west-1')), { region: 'eu-central-1' }),
    status: 'fail',
    fix: ['--cluster cart-cluster --region eu-west-1 --approve', 'for cluster cart-cluster '],
  },
  {
    name: 'without --cluster, the fix names the cluster found',
    ctx: withCluster((c) => (c.name = 'described-name'), { cluster: undefined }),
    status: 'fail',
    fix: ['--cluster described-name --region ap-south-1 --approve'],
  },
  {
    name: 'the cluster reports no region: --region',
    ctx: withCluster((c) => delete c.region, { region: 'eu-central-1' }),
    status: 'fail',
    fix: ['--cluster cart-cluster --region eu-central-1 --approve'],
  },
  {
    name: 'no region from the cluster or --region: the AWS config',
    ctx: withCluster((c) => delete c.region, { region: undefined }),
    status: 'fail',
    fix: ['--cluster cart-cluster --region us-west-2 --approve'],
  },
  {
    name: 'no region known at all: the fix leaves --region out',
    ctx: contextWith(
      (v) => {
        Object.assign(v.oidcProvider as OidcProviderFact, { found: false, clientIds: [] });
        delete (v.cluster as ClusterFact).region;
        v.region = unavailable('region');
      },
      'guide',
      { region: undefined },
    ),
    status: 'fail',
    fix: ['# or: eksctl utils associate-iam-oidc-provider --cluster cart-cluster --approve'],
  },
  {
    name: 'the provider lacks the audience: the whole message and the evidence',
    ctx: provider({ clientIds: ['sts.amazon.com', 'other'] }),
    status: 'fail',
    saysExactly: `The OIDC provider ${PROVIDER_ARN} lists client ids ["sts.amazon.com","other"], not sts.amazonaws.com: STS will answer "InvalidIdentityToken: Incorrect token audience".`,
    evidence: { expected: { arn: PROVIDER_ARN, clientId: 'sts.amazonaws.com' }, actual: { arn: PROVIDER_ARN, clientIds: ['sts.amazon.com', 'other'] } },
    fix: [`aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${PROVIDER_ARN} --client-id sts.amazonaws.com`],
  },
  {
    name: 'the provider exists: the whole message and the evidence',
    ctx: contextWith(),
    status: 'pass',
    saysExactly: `The OIDC provider ${PROVIDER_ARN} exists and lists sts.amazonaws.com.`,
    evidence: { expected: { arn: PROVIDER_ARN, clientId: 'sts.amazonaws.com' }, actual: { arn: PROVIDER_ARN, clientIds: ['sts.amazonaws.com'] } },
  },
];

describe('oidc.provider', () => {
  checkCases(check, [...cases, ...moreCases]);

  it('fixes a missing provider with eksctl or the aws CLI, for this cluster and region', async () => {
    const result = await run(check, provider({ found: false, clientIds: [] }));
    expect(result.remediation).toContain('eksctl utils associate-iam-oidc-provider --cluster cart-cluster --region ap-south-1 --approve');
    expect(result.remediation).toContain(`aws iam create-open-id-connect-provider --url https://${HOST} --client-id-list sts.amazonaws.com`);
    expect(result.evidence).toMatchObject({ expected: { arn: PROVIDER_ARN, clientId: 'sts.amazonaws.com' }, actual: null });
  });

  it('fixes a missing audience by adding the client id to this provider', async () => {
    const result = await run(check, provider({ clientIds: ['sts.amazon.com'] }));
    expect(result.remediation).toBe(
      `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${PROVIDER_ARN} --client-id sts.amazonaws.com`,
    );
    expect(result.evidence).toMatchObject({ actual: { clientIds: ['sts.amazon.com'] } });
  });
});

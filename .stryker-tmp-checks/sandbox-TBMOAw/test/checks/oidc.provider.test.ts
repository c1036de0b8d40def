// @ts-nocheck
import { describe, it, expect } from '@jest/globals';
import check from '../../src/checks/oidc.provider.js';
import type { OidcProviderFact, ServiceAccountFact } from '../../src/facts/types.js';
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

describe('oidc.provider', () => {
  checkCases(check, cases);

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

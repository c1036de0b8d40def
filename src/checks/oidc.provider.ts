import { defineCheck, fail, pass } from './types.js';

export default defineCheck({
  meta: {
    id: 'oidc.provider',
    title: "An IAM OIDC provider exists for this cluster's issuer and lists sts.amazonaws.com",
    symptom: 'AccessDeniedException',
    docs:
      "Calls iam:GetOpenIDConnectProvider for arn:aws:iam::ACCOUNT:oidc-provider/HOST, HOST being the cluster's " +
      'identity.oidc.issuer without https://, in the role\'s account. Missing, STS answers "InvalidIdentityToken: No ' +
      'OpenIDConnect provider found in your account"; without the token audience in ClientIDList, "Incorrect token audience".',
    remediation: 'Create the IAM OIDC provider for the cluster (setup guide step 4), with client id sts.amazonaws.com.',
  },
  async run({ target, expect, facts }) {
    const provider = await facts.oidcProvider();
    const sa = await facts.serviceAccount().catch(() => undefined);
    const audience = sa?.annotations['eks.amazonaws.com/audience'] ?? expect.audience;
    const region = (await facts.cluster()).region ?? target.region ?? '<REGION>';
    const evidence = { expected: { arn: provider.expectedArn, clientId: audience }, actual: provider.found ? { arn: provider.expectedArn, clientIds: provider.clientIds } : null };
    if (!provider.found) {
      const hostBase = provider.host.replace(/\/id\/[^/]+$/, '/id/');
      const stale = (provider.others ?? []).filter((arn) => arn.includes(hostBase));
      const hint = stale.length ? ` A provider exists for ${stale.map((a) => a.slice(a.lastIndexOf('/') + 1)).join(', ')} on the same region: left from a recreated cluster?` : '';
      return fail(
        `No IAM OIDC provider for ${provider.host}: STS will answer "No OpenIDConnect provider found in your account for https://${provider.host}".${hint}`,
        { ...evidence, otherProviders: provider.others ?? null },
        `eksctl utils associate-iam-oidc-provider --cluster ${target.cluster ?? '<CLUSTER>'} --region ${region} --approve\n  or: aws iam create-open-id-connect-provider --url https://${provider.host} --client-id-list ${audience}`,
      );
    }
    if (!provider.clientIds.includes(audience)) {
      return fail(
        `The OIDC provider for ${provider.host} lists ${JSON.stringify(provider.clientIds)}, not ${audience}: STS will answer "Incorrect token audience".`,
        evidence,
        `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${provider.expectedArn} --client-id ${audience}`,
      );
    }
    return pass(`The OIDC provider ${provider.expectedArn} exists and lists ${audience}.`, evidence);
  },
});

// @ts-nocheck
import { tokenAudience } from './lib/trust-analysis.js';
import { comment, snippet } from './lib/fix.js';
import { defineCheck, fail, pass } from './lib/types.js';

/** Providers of other clusters on the same regional issuer host: `…/id/OTHER` (a recreated cluster). */
function sameRegionProviders(host: string, others: string[] | undefined): string[] {
  const prefix = `oidc-provider/${host.replace(/\/id\/[^/]*$/, '')}/id/`;
  return (others ?? []).filter((arn) => arn.includes(prefix) && !arn.endsWith(`oidc-provider/${host}`)).map((arn) => arn.slice(arn.lastIndexOf('/') + 1));
}

export default defineCheck({
  meta: {
    id: 'oidc.provider',
    dependsOn: [],
    title: "An IAM OIDC provider exists for this cluster's issuer and lists sts.amazonaws.com",
    symptom: 'AccessDeniedException',
    docs:
      "Calls iam:GetOpenIDConnectProvider for arn:aws:iam::ACCOUNT:oidc-provider/HOST, HOST being the cluster's " +
      'identity.oidc.issuer without https://, in the role\'s account. Missing, STS answers "InvalidIdentityToken: No ' +
      'OpenIDConnect provider found in your account"; without the token audience in ClientIDList, "Incorrect token audience".',
    remediation: 'Create the IAM OIDC provider for the cluster (setup guide step 4), with client id sts.amazonaws.com.',
  },
  async run(ctx) {
    const { target, facts } = ctx;
    // A cluster the doctor cannot find makes this reject with FactUnavailable: an error about --cluster, not a verdict.
    const provider = await facts.oidcProvider();
    const audience = await tokenAudience(ctx);
    const cluster = await facts.cluster();
    const clusterName = target.cluster ?? cluster.name;
    const region = cluster.region ?? target.region ?? (await facts.region().catch(() => undefined));
    const expected = { arn: provider.expectedArn, clientId: audience };

    if (!provider.found) {
      const stale = sameRegionProviders(provider.host, provider.others);
      const hint = stale.length ? ` A provider exists for id ${stale.join(', ')} on the same regional issuer: left from a recreated cluster?` : '';
      return fail(
        `No IAM OIDC provider ${provider.expectedArn}: STS will answer "InvalidIdentityToken: No OpenIDConnect provider found in your account for https://${provider.host}".${hint}`,
        { expected, actual: null, otherProviders: provider.others ?? null },
        snippet(
          comment(`Create the IAM OIDC provider for cluster ${clusterName} (setup guide step 4), unless it exists by now:`),
          `aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${provider.expectedArn} >/dev/null 2>&1 ||`,
          `  aws iam create-open-id-connect-provider --url https://${provider.host} --client-id-list ${audience}`,
          comment(`or: eksctl utils associate-iam-oidc-provider --cluster ${clusterName}${region ? ` --region ${region}` : ''} --approve`),
        ),
      );
    }
    if (!provider.clientIds.includes(audience)) {
      return fail(
        `The OIDC provider ${provider.expectedArn} lists client ids ${JSON.stringify(provider.clientIds)}, not ${audience}: STS will answer "InvalidIdentityToken: Incorrect token audience".`,
        { expected, actual: { arn: provider.expectedArn, clientIds: provider.clientIds } },
        `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${provider.expectedArn} --client-id ${audience}`,
      );
    }
    return pass(`The OIDC provider ${provider.expectedArn} exists and lists ${audience}.`, {
      expected,
      actual: { arn: provider.expectedArn, clientIds: provider.clientIds },
    });
  },
});

// @ts-nocheck
import { decodeDocument, parsePolicyDocument } from '../iam/document.js';
import type { AwsSource } from '../sources/types.js';
import { callRequired } from './calls.js';
import type { DocumentOrigin } from './aws-facts.js';
import type { PodIdentityAssociationFact, PodIdentityFact } from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * EKS Pod Identity associations of one ServiceAccount (docs/design/irsa.md §1.8, §8). The list has no
 * role, so each association is described; its session policy intersects the role's policies.
 */
export async function loadPodIdentity(
  aws: AwsSource,
  cluster: { name: string; region?: string },
  namespace: string,
  serviceAccount: string,
  origin: DocumentOrigin,
): Promise<PodIdentityFact> {
  const ids: string[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    const input = { clusterName: cluster.name, namespace, serviceAccount, ...(nextToken && { nextToken }) };
    const out = await callRequired(aws, { service: 'eks', operation: 'ListPodIdentityAssociations', input, region: cluster.region });
    for (const a of Array.isArray(out.associations) ? out.associations : []) {
      const summary = obj(a);
      // The filter is the server's; a source that ignores it must not hand us another SA's association.
      if ((summary.namespace ?? namespace) !== namespace || (summary.serviceAccount ?? serviceAccount) !== serviceAccount) continue;
      const id = str(summary.associationId);
      if (id) ids.push(id);
    }
    nextToken = str(out.nextToken);
    if (nextToken && seen.has(nextToken)) break;
    if (nextToken) seen.add(nextToken);
  } while (nextToken);

  const associations = await Promise.all(
    ids.map(async (associationId): Promise<PodIdentityAssociationFact> => {
      const out = await callRequired(aws, {
        service: 'eks',
        operation: 'DescribePodIdentityAssociation',
        input: { clusterName: cluster.name, associationId },
        region: cluster.region,
      });
      const a = obj(out.association);
      const policy = str(a.policy);
      const place = `eks:DescribePodIdentityAssociation ${associationId} association.policy`;
      return {
        id: associationId,
        ...(str(a.associationArn) && { arn: str(a.associationArn) }),
        ...(str(a.roleArn) && { roleArn: str(a.roleArn) }),
        ...(str(a.targetRoleArn) && { targetRoleArn: str(a.targetRoleArn) }),
        ...(policy && {
          sessionPolicy: parsePolicyDocument(decodeDocument(policy, origin.file, place), `session policy of association ${associationId}`, origin.file, place),
        }),
        ...(typeof a.disableSessionTags === 'boolean' && { disableSessionTags: a.disableSessionTags }),
      };
    }),
  );
  return { cluster: cluster.name, associations };
}

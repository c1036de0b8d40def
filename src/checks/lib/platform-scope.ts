/**
 * Which checks judge which platform (docs/k3s.md). On K3s there is no IRSA, no IAM and no AWS
 * table, and the local endpoint, fake keys and create-table flag that the env checks forbid are
 * the setup itself: those checks are `skip` ("not used on K3s"), never pass. The `local.*`
 * checks judge K3s only. A check's own `meta.platforms` wins over this list.
 */
import type { Platform } from '../../config/platform.js';
import type { CheckId, CheckMeta, Outcome } from './types.js';
import { notApplicable } from './types.js';

/** The links of the EKS chain that do not exist on K3s. */
const EKS_ONLY: ReadonlySet<CheckId> = new Set<CheckId>([
  'sa.annotation',
  'pods.identity',
  'identity.pod-identity',
  'env.static-credentials',
  'env.local-endpoint',
  'env.create-table',
  'oidc.provider',
  'trust.principal',
  'trust.subject',
  'trust.audience',
  'policy.actions',
  'policy.resource',
  'region.match',
  'table.exists',
  'table.active',
  'table.key-schema',
  'table.billing-mode',
  // The AWS layers around the table (issue #10): there is no AWS on K3s.
  'table.resource-policy',
  'table.kms-key',
  'network.vpc-endpoint',
  'policy.simulated',
  'org.guardrails',
]);

export function platformsOf(meta: CheckMeta): readonly Platform[] {
  return meta.platforms ?? (EKS_ONLY.has(meta.id) ? ['eks'] : ['eks', 'k3s']);
}

/** The skip of a check that does not judge this platform; undefined when it does. */
export function outsidePlatform(meta: CheckMeta, platform: Platform): Outcome | undefined {
  if (platformsOf(meta).includes(platform)) return undefined;
  return notApplicable(platform === 'k3s' ? 'not used on K3s' : 'only on K3s', { platform });
}

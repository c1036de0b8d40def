import type { Check } from './lib/types.js';
import tableExists from './table.exists.js';
import tableActive from './table.active.js';
import tableKeySchema from './table.key-schema.js';
import tableBillingMode from './table.billing-mode.js';
import regionMatch from './region.match.js';
import policyActions from './policy.actions.js';
import policyResource from './policy.resource.js';
import policySimulated from './policy.simulated.js';
import orgGuardrails from './org.guardrails.js';
import oidcProvider from './oidc.provider.js';
import trustPrincipal from './trust.principal.js';
import trustSubject from './trust.subject.js';
import trustAudience from './trust.audience.js';
import saExists from './sa.exists.js';
import saAnnotation from './sa.annotation.js';
import deploymentServiceAccount from './deployment.service-account.js';
import envStaticCredentials from './env.static-credentials.js';
import envLocalEndpoint from './env.local-endpoint.js';
import envCreateTable from './env.create-table.js';
import envTableName from './env.table-name.js';
import podsIdentity from './pods.identity.js';
import identityPodIdentity from './identity.pod-identity.js';
import logsSymptoms from './logs.symptoms.js';
import localEndpoint from './local.endpoint.js';
import localService from './local.service.js';
import localCredentials from './local.credentials.js';
import localTable from './local.table.js';
import tableResourcePolicy from './table.resource-policy.js';
import tableKmsKey from './table.kms-key.js';
import networkVpcEndpoint from './network.vpc-endpoint.js';

/** Every check, in report order: the chain from the Deployment to the table. */
export const CHECKS: readonly Check[] = [
  deploymentServiceAccount,
  saExists,
  saAnnotation,
  podsIdentity,
  identityPodIdentity,
  envStaticCredentials,
  envLocalEndpoint,
  envCreateTable,
  envTableName,
  oidcProvider,
  trustPrincipal,
  trustSubject,
  trustAudience,
  policyActions,
  policyResource,
  policySimulated,
  orgGuardrails,
  regionMatch,
  tableExists,
  tableActive,
  tableKeySchema,
  tableBillingMode,
  tableResourcePolicy,
  tableKmsKey,
  networkVpcEndpoint,
  logsSymptoms,
  // K3s (docs/k3s.md): skipped on EKS, as the EKS-only links above are on K3s.
  localEndpoint,
  localService,
  localCredentials,
  localTable,
];

import type { Facts } from '../../facts/types.js';
import type { Expectations, Target } from '../../config/types.js';
import type { SymptomError } from './symptoms.js';
import type { Platform } from '../../config/platform.js';

export type Status = 'pass' | 'warn' | 'fail' | 'error' | 'skip';

export const CHECK_IDS = [
  'table.exists',
  'table.active',
  'table.key-schema',
  'table.billing-mode',
  'region.match',
  'policy.actions',
  'policy.resource',
  'oidc.provider',
  'trust.principal',
  'trust.subject',
  'trust.audience',
  'sa.exists',
  'sa.annotation',
  'deployment.service-account',
  'env.static-credentials',
  'env.local-endpoint',
  'env.create-table',
  'env.table-name',
  'pods.identity',
  'identity.pod-identity',
  'logs.symptoms',
  'local.endpoint',
  'local.service',
  'local.credentials',
  'local.table',
  'table.resource-policy',
  'table.kms-key',
  'network.vpc-endpoint',
  'policy.simulated',
  'org.guardrails',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

/** Static description of a check; lives next to its logic. */
export interface CheckMeta {
  id: CheckId;
  /**
   * The checks whose failure makes this one a `skip` (it cannot judge without their link). A
   * skip names one of them; the docs say "skipped when X fails". Empty: never skipped for that.
   */
  dependsOn: readonly CheckId[];
  /** What must be true, as a statement ("The DynamoDB table exists in the app's region"). */
  title: string;
  /** The Common-failures row the app shows when this check fails. */
  symptom: SymptomError;
  /** Why it matters and what exactly is verified: the text `explain` and the README show. */
  docs: string;
  /** Generic fix; a result may carry a run-specific one with the real names. */
  remediation: string;
  /** The platforms it judges (src/checks/lib/platform-scope.ts); absent: as that file's list says. */
  platforms?: readonly Platform[];
}

export type Evidence = Record<string, unknown>;

/** What a check's judgement returns. `error` is the runner's, from a thrown FactUnavailable. */
export interface Outcome {
  status: Exclude<Status, 'error'>;
  /** What was observed, one or two sentences naming the real objects. */
  message: string;
  evidence?: Evidence;
  /** The exact fix for this run (command or YAML with the real names). */
  remediation?: string;
  /** When this outcome shows another Common-failures row than the check's usual one. */
  symptom?: SymptomError;
}

export interface CheckContext {
  target: Target;
  expect: Expectations;
  facts: Facts;
  /** `--platform` (or detected); absent = eks. */
  platform?: Platform;
}

export interface Check {
  meta: CheckMeta;
  run(ctx: CheckContext): Promise<Outcome>;
}

/** Identity helper so each check file is typed without casts. */
export function defineCheck(check: Check): Check {
  return check;
}

export function pass(message: string, evidence?: Evidence): Outcome {
  return { status: 'pass', message, evidence };
}
export function warn(message: string, evidence?: Evidence, remediation?: string, symptom?: SymptomError): Outcome {
  return { status: 'warn', message, evidence, remediation, ...(symptom && { symptom }) };
}
export function fail(message: string, evidence?: Evidence, remediation?: string, symptom?: SymptomError): Outcome {
  return { status: 'fail', message, evidence, remediation, ...(symptom && { symptom }) };
}
/** A skip names the check it depends on, so the user knows where to look first. */
export function skip(prerequisite: CheckId, reason: string): Outcome {
  return { status: 'skip', message: `${reason} (see ${prerequisite})`, evidence: { prerequisite } };
}
/** A skip with no failed prerequisite: there is nothing of this kind to judge in this run. */
export function notApplicable(reason: string, evidence?: Evidence): Outcome {
  return { status: 'skip', message: reason, evidence: { notApplicable: true, ...evidence } };
}

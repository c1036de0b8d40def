/**
 * The "Common failures" rows. The first four are the setup guide's table, kept verbatim
 * (docs/design/SPEC.md §4.1); the rest are added for failures the guide does not name.
 */
export const SYMPTOMS = {
  AccessDeniedException: 'IAM policy / trust issue',
  ResourceNotFoundException: "Table doesn't exist",
  'Unable to locate credentials': 'IRSA broken',
  'Connection refused': 'Using local endpoint in EKS',
  ValidationException: "Table key schema or index doesn't match what the app uses",
  ProvisionedThroughputExceededException: 'Provisioned table throttles bursts',
  'Pods not created': 'ServiceAccount missing',
  'Unable to load region': 'AWS_REGION not set for the SDK',
  UnrecognizedClientException: 'K3s fake keys sent to real AWS (no local endpoint)',
} as const;

export type SymptomError = keyof typeof SYMPTOMS;

export interface Symptom {
  error: SymptomError;
  meaning: string;
}

export function symptom(error: SymptomError): Symptom {
  return { error, meaning: SYMPTOMS[error] };
}

/**
 * The table's KMS key (table.kms-key): kms:DescribeKey for its manager and state, kms:GetKeyPolicy
 * for who may use it. Both take the key ARN from DescribeTable's SSEDescription.KMSMasterKeyArn.
 */
import { FactUnavailable } from '../errors.js';
import { decodeDocument, parsePolicyDocument } from '../iam/document.js';
import type { PolicyDocument } from '../iam/types.js';
import type { AwsSource } from '../sources/types.js';
import { parseArn } from './arn.js';
import type { DocumentOrigin } from './aws-facts.js';
import { callOrNotFound, callRequired } from './calls.js';
import type { KmsKeyFact } from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** A key lives in the region its ARN names; KMS answers only there. */
const regionOf = (keyArn: string): string | undefined => parseArn(keyArn)?.region || undefined;

export async function loadKmsKey(aws: AwsSource, keyArn: string): Promise<KmsKeyFact> {
  const out = await callOrNotFound(aws, { service: 'kms', operation: 'DescribeKey', input: { KeyId: keyArn }, region: regionOf(keyArn) });
  if (!out) return { arn: keyArn, found: false };
  const meta = obj(out.KeyMetadata);
  const deletionDate = meta.DeletionDate instanceof Date ? meta.DeletionDate.toISOString() : str(meta.DeletionDate);
  return {
    arn: keyArn,
    found: true,
    keyManager: str(meta.KeyManager),
    keyState: str(meta.KeyState),
    ...(deletionDate && { deletionDate }),
    keyArn: str(meta.Arn),
  };
}

export async function loadKmsKeyPolicy(aws: AwsSource, keyArn: string, origin: DocumentOrigin): Promise<PolicyDocument> {
  const out = await callRequired(aws, {
    service: 'kms',
    operation: 'GetKeyPolicy',
    input: { KeyId: keyArn, PolicyName: 'default' },
    region: regionOf(keyArn),
  });
  const place = `kms:GetKeyPolicy ${keyArn} Policy`;
  if (out.Policy === undefined) throw new FactUnavailable('unusable', `${place} is missing`);
  return parsePolicyDocument(decodeDocument(out.Policy, origin.file, place), `key policy of ${keyArn}`, origin.file, place);
}

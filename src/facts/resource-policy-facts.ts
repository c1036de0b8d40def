/**
 * The table's resource-based policy (DynamoDB GetResourcePolicy). One call on the table ARN
 * covers its indexes too: DynamoDB attaches policies to tables and streams only, and index
 * access is governed by the table's policy with the index ARN as the statement's Resource
 * (DynamoDB API Reference, PutResourcePolicy `ResourceArn`; DeleteResourcePolicy `ResourceArn`).
 * `PolicyNotFoundException` is the normal answer for a table without a policy.
 */
import { decodeDocument, parsePolicyDocument } from '../iam/document.js';
import type { AwsSource } from '../sources/types.js';
import { parseArn } from './arn.js';
import type { DocumentOrigin } from './aws-facts.js';
import { callOrNotFound } from './calls.js';
import type { ResourcePolicyFact } from './types.js';

const NO_POLICY = /^PolicyNotFound(Exception)?$/;

export async function loadResourcePolicy(aws: AwsSource, tableArn: string, origin: DocumentOrigin): Promise<ResourcePolicyFact> {
  const region = parseArn(tableArn)?.region;
  const call = { service: 'dynamodb' as const, operation: 'GetResourcePolicy', input: { ResourceArn: tableArn }, ...(region && { region }) };
  const out = await callOrNotFound(aws, call, NO_POLICY);
  if (!out) return { resourceArn: tableArn, found: false };
  const place = `dynamodb:GetResourcePolicy ${tableArn} Policy`;
  const document = parsePolicyDocument(
    decodeDocument(out.Policy, origin.file, place),
    `the resource policy of table ${parseArn(tableArn)?.resource.replace(/^table\//, '') ?? tableArn}`,
    origin.file,
    place,
  );
  return { resourceArn: tableArn, found: true, document, ...(typeof out.RevisionId === 'string' && { revisionId: out.RevisionId }) };
}

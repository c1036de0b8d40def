/**
 * The table's KMS key (issue #10 item 2). Sources:
 * - DynamoDB Developer Guide, "DynamoDB encryption at rest" / "usage notes": no SSEDescription
 *   (or no SSEType KMS) = the AWS owned key; SSEType KMS = the AWS managed key aws/dynamodb or a
 *   customer managed key, named by KMSMasterKeyArn.
 * - AWS KMS Developer Guide, "How Amazon DynamoDB uses AWS KMS": DynamoDB decrypts the table key
 *   with kms:Decrypt on behalf of the principal that reads or writes the table (the table key is
 *   cached up to 5 minutes, so every reader and writer needs it), through DynamoDB
 *   (kms:ViaService dynamodb.REGION.amazonaws.com, kms:CallerAccount the caller's account) and with
 *   the encryption context aws:dynamodb:tableName / aws:dynamodb:subscriberId. A disabled key or
 *   one pending deletion makes the table INACCESSIBLE_ENCRYPTION_CREDENTIALS.
 * - AWS KMS Developer Guide, "Key policies": every KMS key has a key policy and it is required;
 *   the account-root "Enable IAM policies" statement delegates to IAM, so then the role's IAM
 *   policies must allow the action too.
 * - re:Post "How do I troubleshoot AccessDeniedException … DynamoDB": a customer or AWS managed key
 *   the caller may not use is one of the causes of AccessDeniedException.
 */
import { contextFrom, evaluateIdentity } from '../iam/evaluate.js';
import { evaluateResourcePolicy } from '../iam/resource-policy.js';
import { parseArn } from '../facts/arn.js';
import type { KmsKeyFact, TableFact } from '../facts/types.js';
import { comment, heredoc, json, snippet } from './lib/fix.js';
import { readLayer } from './lib/layer.js';
import { policySetup, refName } from './lib/policy-analysis.js';
import { roleCallerOf, uniqueUnknowns } from './lib/role-caller.js';
import { foundTable } from './lib/support.js';
import { defineCheck, fail, pass, skip, warn, type CheckContext, type Outcome } from './lib/types.js';

/** The one KMS action the app's reads and writes need from the caller (see the sources above). */
export const KMS_ACTION = 'kms:Decrypt';

/** Key states in which KMS refuses every cryptographic operation (KMS Developer Guide, "Key states of AWS KMS keys"). */
const UNUSABLE: Record<string, (arn: string, region: string) => string> = {
  Disabled: (arn, region) => `aws kms enable-key --region ${region} --key-id ${arn}`,
  PendingDeletion: (arn, region) =>
    snippet(`aws kms cancel-key-deletion --region ${region} --key-id ${arn}`, `aws kms enable-key --region ${region} --key-id ${arn}`),
  PendingReplicaDeletion: (arn, region) =>
    snippet(`aws kms cancel-key-deletion --region ${region} --key-id ${arn}`, `aws kms enable-key --region ${region} --key-id ${arn}`),
  PendingImport: (arn, region) =>
    comment(`Import the key material again (aws kms get-parameters-for-import / import-key-material --region ${region} --key-id ${arn}).`),
  Unavailable: (arn) => comment(`Reconnect the custom key store that holds ${arn} (aws kms connect-custom-key-store).`),
};

function keyOwnedByAws(table: TableFact): boolean {
  return !table.sse || table.sse.type !== 'KMS';
}

async function judgeKeyPolicy(ctx: CheckContext, table: TableFact, key: KmsKeyFact, keyArn: string): Promise<Outcome> {
  const s = await policySetup(ctx);
  if ('status' in s) return s;
  const caller = roleCallerOf(s);
  if (!caller) return skip('sa.annotation', `the ARN of role ${s.roleName} is unknown, so the key policy cannot be judged for it`);
  const read = await readLayer(() => ctx.facts.kmsKeyPolicy(keyArn), { what: `the key policy of ${keyArn}`, permission: 'kms:GetKeyPolicy' });
  if ('outcome' in read) return read.outcome;
  const keyPolicy = read.value;
  const tableAccount = (table.arn && parseArn(table.arn)?.account) || caller.account;
  const context = contextFrom({
    'kms:ViaService': `dynamodb.${table.region}.amazonaws.com`,
    'kms:CallerAccount': caller.account,
    'aws:PrincipalArn': caller.roleArn,
    'aws:PrincipalAccount': caller.account,
    'aws:RequestedRegion': parseArn(keyArn)?.region || table.region,
    'kms:EncryptionContext:aws:dynamodb:tableName': table.name,
    'kms:EncryptionContext:aws:dynamodb:subscriberId': tableAccount,
    'kms:EncryptionContextKeys': ['aws:dynamodb:tableName', 'aws:dynamodb:subscriberId'],
  });
  const request = { action: KMS_ACTION, resource: key.keyArn ?? keyArn, context };
  const onKey = evaluateResourcePolicy([keyPolicy], { ...request, caller });
  const identity = evaluateIdentity(
    s.policies.identity.map((p) => p.document),
    request,
    s.policies.boundary ? [s.policies.boundary.document] : undefined,
  );
  const evidence = {
    key: keyArn,
    action: KMS_ACTION,
    keyPolicy: { grants: onKey.grants, delegates: onKey.delegates, denies: onKey.denies },
    identity: identity.result,
  };
  const region = table.region;
  const getPolicy = `aws kms get-key-policy --region ${region} --key-id ${keyArn} --policy-name default --query Policy --output text > key-policy.json`;
  const putPolicy = `aws kms put-key-policy --region ${region} --key-id ${keyArn} --policy-name default --policy file://key-policy.json`;
  const viaDynamo = { StringEquals: { 'kms:ViaService': `dynamodb.${region}.amazonaws.com`, 'kms:CallerAccount': caller.account } };

  if (onKey.denies === 'true') {
    return fail(
      `The key policy of ${keyArn} denies ${KMS_ACTION} to role ${s.roleName} (${onKey.deniedBy.map(refName).join(', ')}): DynamoDB cannot decrypt the table key for the app, so every read and write of ${table.name} fails with AccessDeniedException.`,
      { ...evidence, deniedBy: onKey.deniedBy },
      snippet(comment('Drop or narrow the Deny in the key policy, then put it back:'), getPolicy, putPolicy),
    );
  }
  if (identity.explicitDeny) {
    return fail(
      `The IAM policies of ${s.roleName} explicitly deny ${KMS_ACTION} on ${keyArn} (${identity.deniedBy.map(refName).join(', ')}): DynamoDB cannot decrypt the table key for the app (AccessDeniedException).`,
      { ...evidence, deniedBy: identity.deniedBy },
      comment(`Remove the Deny on ${KMS_ACTION} for ${keyArn} from the role's policies (see policy.actions for the same edit on DynamoDB actions).`),
    );
  }
  const unknowns = uniqueUnknowns([...onKey.unknownConditions, ...(onKey.delegates === 'true' ? identity.unknownConditions : [])]);
  if (onKey.denies === 'unknown') {
    return warn(
      `The key policy of ${keyArn} may deny ${KMS_ACTION} to role ${s.roleName}: it depends on ${unknowns.join('; ')}, which cart-doctor cannot know.`,
      { ...evidence, unknownConditions: unknowns },
    );
  }
  if (onKey.grants === 'true') {
    return pass(
      `Table ${table.name} uses customer managed key ${keyArn} (Enabled); its key policy allows ${KMS_ACTION} to role ${s.roleName} (${onKey.allowedBy.map(refName).join(', ')}).`,
      evidence,
    );
  }
  const grantIam = snippet(
    comment(`Allow ${KMS_ACTION} on the key in the role's IAM policies (the key policy delegates to them):`),
    heredoc(
      'cart-kms-decrypt.json',
      json({ Version: '2012-10-17', Statement: [{ Sid: 'CartTableKey', Effect: 'Allow', Action: KMS_ACTION, Resource: keyArn, Condition: viaDynamo }] }),
      'JSON',
    ),
    `aws iam put-role-policy --role-name ${s.roleName} --policy-name cart-kms-decrypt --policy-document file://cart-kms-decrypt.json`,
  );
  if (onKey.delegates === 'true') {
    if (identity.result === 'allow') {
      return pass(
        `Table ${table.name} uses customer managed key ${keyArn} (Enabled); its key policy delegates to IAM and the policies of ${s.roleName} allow ${KMS_ACTION} on it.`,
        evidence,
      );
    }
    if (identity.result === 'unknown') {
      return warn(
        `The key policy of ${keyArn} delegates to IAM, and the policies of ${s.roleName} allow ${KMS_ACTION} on it only if ${unknowns.join('; ')}: cart-doctor cannot know that.`,
        { ...evidence, unknownConditions: unknowns },
      );
    }
    const why = identity.deniedAt === 'boundary' ? `its permissions boundary ${s.policies.boundary?.name ?? ''} does not allow it` : 'no statement allows it';
    return fail(
      `The key policy of ${keyArn} delegates to IAM (the account's "Enable IAM policies" statement), but the policies of ${s.roleName} do not allow ${KMS_ACTION} on the key (${why}): DynamoDB cannot decrypt the table key for the app (AccessDeniedException).`,
      evidence,
      grantIam,
    );
  }
  if (onKey.grants === 'unknown' || onKey.delegates === 'unknown') {
    return warn(`The key policy of ${keyArn} allows ${KMS_ACTION} to role ${s.roleName} only if ${unknowns.join('; ')}: cart-doctor cannot know that.`, {
      ...evidence,
      unknownConditions: unknowns,
    });
  }
  const statement = {
    Sid: 'AllowCartThroughDynamoDB',
    Effect: 'Allow',
    Principal: { AWS: caller.roleArn },
    Action: KMS_ACTION,
    Resource: '*',
    Condition: viaDynamo,
  };
  return fail(
    `The key policy of ${keyArn} neither allows ${KMS_ACTION} to role ${s.roleName} nor delegates to the IAM policies of account ${caller.account}: DynamoDB cannot decrypt the table key for the app, so reads and writes of ${table.name} fail with AccessDeniedException (KMS grants are not read: a grant to the role would also do).`,
    evidence,
    snippet(
      comment('Add this statement to the key policy (key policies are required: IAM policies alone cannot open a key that does not delegate):'),
      getPolicy,
      comment(json(statement)),
      putPolicy,
    ),
  );
}

export default defineCheck({
  meta: {
    id: 'table.kms-key',
    dependsOn: ['table.exists', 'sa.annotation'],
    title: "The table's KMS key is usable by the app's role",
    symptom: 'AccessDeniedException',
    docs:
      "Reads DescribeTable's SSEDescription. No SSEDescription (or no SSEType KMS) means the AWS owned key: nothing to check. " +
      'Otherwise kms DescribeKey on KMSMasterKeyArn: the AWS managed key aws/dynamodb (KeyManager AWS) allows every principal of ' +
      'the account through DynamoDB; a customer managed key must be Enabled (Disabled or PendingDeletion make the table ' +
      'INACCESSIBLE_ENCRYPTION_CREDENTIALS) and its key policy (kms GetKeyPolicy) must allow kms:Decrypt to the role, directly ' +
      'or through the account\'s "Enable IAM policies" statement plus the role\'s IAM policies. DynamoDB calls kms:Decrypt for ' +
      "the app's reads and writes with kms:ViaService dynamodb.REGION.amazonaws.com and kms:CallerAccount set; a refusal reaches the " +
      'app as AccessDeniedException. KMS grants are not read.',
    remediation:
      "Enable the key (aws kms enable-key) and allow kms:Decrypt to the role in the key policy or, when the key policy delegates to IAM, in the role's policies.",
  },
  async run(ctx) {
    const { region, table } = await foundTable(ctx);
    const name = ctx.target.table;
    if (!table.found) return skip('table.exists', `table ${name} was not found in ${region}`);
    if (keyOwnedByAws(table)) {
      return pass(`Table ${name} is encrypted with the AWS owned key (no SSEType KMS in its SSEDescription): no key policy or key state can refuse the app.`, {
        sseType: table.sse?.type ?? 'none (AWS owned key)',
      });
    }
    const keyArn = table.sse?.kmsKeyArn;
    const inaccessible = table.status === 'INACCESSIBLE_ENCRYPTION_CREDENTIALS';
    if (!keyArn) {
      return warn(`Table ${name} reports SSEType KMS but no KMSMasterKeyArn, so its key cannot be checked.`, { sse: table.sse });
    }
    const read = await readLayer(() => ctx.facts.kmsKey(keyArn), { what: `the table's KMS key ${keyArn}`, permission: 'kms:DescribeKey' });
    if ('outcome' in read && !inaccessible) return read.outcome;
    const key = 'value' in read ? read.value : undefined;
    const evidence = { key: keyArn, tableStatus: table.status, keyManager: key?.keyManager, keyState: key?.keyState };
    const restore =
      key?.keyState && UNUSABLE[key.keyState] ? UNUSABLE[key.keyState]!(keyArn, region) : `aws kms describe-key --region ${region} --key-id ${keyArn}`;
    if (inaccessible) {
      return fail(
        `Table ${name} is INACCESSIBLE_ENCRYPTION_CREDENTIALS${table.sse?.inaccessibleSince ? ` since ${table.sse.inaccessibleSince}` : ''}: DynamoDB cannot use its KMS key ${keyArn}${key?.keyState ? ` (key state ${key.keyState})` : ''}, so every read and write fails.`,
        evidence,
        restore,
      );
    }
    if (!key!.found) {
      return fail(`Table ${name} is encrypted with KMS key ${keyArn}, which does not exist (NotFoundException): its data cannot be decrypted.`, evidence);
    }
    if (key!.keyManager === 'AWS') {
      return pass(
        `Table ${name} uses the AWS managed key aws/dynamodb (${keyArn}): its key policy allows every principal of the account through DynamoDB.`,
        evidence,
      );
    }
    const state = key!.keyState ?? 'unknown';
    if (UNUSABLE[state]) {
      return fail(
        `Table ${name} is encrypted with customer managed key ${keyArn}, which is ${state}${key!.deletionDate ? ` (deletion on ${key!.deletionDate})` : ''}: KMS refuses to decrypt the table key, so the table becomes INACCESSIBLE_ENCRYPTION_CREDENTIALS and the app's calls fail.`,
        evidence,
        restore,
      );
    }
    if (state !== 'Enabled') {
      return warn(`Table ${name} is encrypted with customer managed key ${keyArn}, whose state is ${state}, not Enabled.`, evidence, restore);
    }
    return judgeKeyPolicy(ctx, table, key!, keyArn);
  },
});

import { describe } from '@jest/globals';
import check from '../../src/checks/table.kms-key.js';
import { ACCOUNT, REGION, ROLE_ARN, contextWith, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { FactUnavailable } from '../../src/errors.js';
import type { KmsKeyFact, RoleFact, TableFact } from '../../src/facts/types.js';
import { parsePolicyDocument } from '../../src/iam/document.js';
import type { PolicyDocument } from '../../src/iam/types.js';

const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_ACCOUNT = '444455556666';
const CROSS_KEY_ARN = `arn:aws:kms:${REGION}:${OTHER_ACCOUNT}:key/9999abcd-12ab-34cd-56ef-1234567890ab`;
const table = (v: FactValues) => v.tables[REGION] as TableFact;
const VIA = { StringEquals: { 'kms:ViaService': `dynamodb.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT } };

const keyPolicy = (...statements: Record<string, unknown>[]): PolicyDocument =>
  parsePolicyDocument({ Version: '2012-10-17', Statement: statements }, `key policy of ${KEY_ARN}`);
const enableIam = (account = ACCOUNT) => ({
  Sid: 'Enable IAM policies',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${account}:root` },
  Action: 'kms:*',
  Resource: '*',
});
const allowRole = (extra: Record<string, unknown> = {}) => ({
  Sid: 'CartUse',
  Effect: 'Allow',
  Principal: { AWS: ROLE_ARN },
  Action: ['kms:Decrypt', 'kms:DescribeKey'],
  Resource: '*',
  ...extra,
});
const iamDecrypt = (extra: Record<string, unknown> = {}) =>
  parsePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN, ...extra }] }, 'inline:cart-kms');

/** The healthy world with the table on a customer managed key in `state`, its policy and the role's extra IAM documents. */
function cmk(
  options: {
    key?: Partial<KmsKeyFact> | Error;
    policy?: PolicyDocument | Error;
    iam?: PolicyDocument[];
    keyArn?: string;
    change?: (v: FactValues) => void;
  } = {},
) {
  const keyArn = options.keyArn ?? KEY_ARN;
  return () =>
    contextWith((v) => {
      table(v).sse = { status: 'ENABLED', type: 'KMS', kmsKeyArn: keyArn };
      v.kmsKeys[keyArn] =
        options.key instanceof Error ? options.key : { arn: keyArn, found: true, keyManager: 'CUSTOMER', keyState: 'Enabled', keyArn, ...options.key };
      if (options.policy !== undefined) v.keyPolicies[keyArn] = options.policy;
      const p = v.policies as { identity: { name: string; document: PolicyDocument }[] };
      for (const d of options.iam ?? []) p.identity.push({ name: d.source, document: d });
      options.change?.(v);
    });
}

describe('table.kms-key', () =>
  checkCases(check, [
    { name: 'no SSEDescription: AWS owned key, nothing fetched', ctx: () => contextWith(), status: 'pass', says: ['AWS owned key'] },
    { name: 'AWS managed key aws/dynamodb', ctx: cmk({ key: { keyManager: 'AWS' } }), status: 'pass', says: ['AWS managed key'] },
    { name: 'customer key, key policy names the role', ctx: cmk({ policy: keyPolicy(allowRole({ Condition: VIA })) }), status: 'pass', says: ['CartUse'] },
    {
      name: 'customer key, delegation to IAM and the role allows kms:Decrypt',
      ctx: cmk({ policy: keyPolicy(enableIam()), iam: [iamDecrypt()] }),
      status: 'pass',
      says: ['delegates to IAM'],
    },
    {
      name: 'customer key, delegation to IAM but the role has no kms:Decrypt',
      ctx: cmk({ policy: keyPolicy(enableIam()) }),
      status: 'fail',
      says: ['no statement allows it', 'AccessDeniedException'],
      fix: ['put-role-policy', 'kms:Decrypt', 'kms:ViaService'],
    },
    {
      name: 'customer key, delegation but the boundary does not allow kms:Decrypt',
      ctx: cmk({
        policy: keyPolicy(enableIam()),
        iam: [iamDecrypt()],
        change: (v) => {
          const boundary = parsePolicyDocument(
            { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] },
            'arn:aws:iam::111122223333:policy/b',
          );
          (v.policies as { boundary?: unknown }).boundary = { name: boundary.source, document: boundary };
        },
      }),
      status: 'fail',
      says: ['permissions boundary'],
    },
    {
      name: 'customer key, key policy neither grants nor delegates',
      ctx: cmk({
        policy: keyPolicy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/admin' }, Action: 'kms:*', Resource: '*' }),
        iam: [iamDecrypt()],
      }),
      status: 'fail',
      says: ['neither allows', 'KMS grants are not read'],
      fix: ['put-key-policy', ROLE_ARN],
    },
    {
      name: 'explicit Deny in the key policy',
      ctx: cmk({ policy: keyPolicy(allowRole(), { Sid: 'NoCart', Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }) }),
      status: 'fail',
      says: ['denies', 'NoCart'],
    },
    {
      name: 'explicit Deny in the role policies',
      ctx: cmk({
        policy: keyPolicy(allowRole()),
        iam: [parsePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'kms:*', Resource: '*' }] }, 'inline:no-kms')],
      }),
      status: 'fail',
      says: ['explicitly deny', 'inline:no-kms'],
    },
    {
      name: 'NotAction Deny that spares kms:Decrypt passes',
      ctx: cmk({ policy: keyPolicy(allowRole(), { Effect: 'Deny', Principal: '*', NotAction: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' }) }),
      status: 'pass',
    },
    {
      name: 'NotResource in the IAM grant excluding the key fails under delegation',
      ctx: cmk({
        policy: keyPolicy(enableIam()),
        iam: [
          parsePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', NotResource: KEY_ARN }] }, 'inline:kms-other'),
        ],
      }),
      status: 'fail',
    },
    {
      name: 'kms:ViaService for another service is false',
      ctx: cmk({ policy: keyPolicy(allowRole({ Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } } })) }),
      status: 'fail',
    },
    {
      name: 'encryption context of the table is known',
      ctx: cmk({ policy: keyPolicy(allowRole({ Condition: { StringEquals: { 'kms:EncryptionContext:aws:dynamodb:tableName': 'Items' } } })) }),
      status: 'pass',
    },
    {
      name: 'a condition it cannot know is named, never assumed',
      ctx: cmk({ policy: keyPolicy(allowRole({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })) }),
      status: 'warn',
      says: ['aws:SourceIp'],
    },
    {
      name: 'cross-account key whose policy delegates to its own account only',
      ctx: cmk({
        keyArn: CROSS_KEY_ARN,
        change: (v) => (v.keyPolicies[CROSS_KEY_ARN] = keyPolicy(enableIam(OTHER_ACCOUNT))),
        iam: [iamDecrypt({ Resource: CROSS_KEY_ARN })],
      }),
      status: 'fail',
      says: ['neither allows'],
    },
    {
      name: "cross-account key whose policy delegates to the role's account, and IAM allows",
      ctx: cmk({
        keyArn: CROSS_KEY_ARN,
        change: (v) => (v.keyPolicies[CROSS_KEY_ARN] = keyPolicy(enableIam(ACCOUNT))),
        iam: [iamDecrypt({ Resource: CROSS_KEY_ARN })],
      }),
      status: 'pass',
    },
    {
      name: 'customer key Disabled',
      ctx: cmk({ key: { keyState: 'Disabled' } }),
      status: 'fail',
      says: ['Disabled', 'INACCESSIBLE_ENCRYPTION_CREDENTIALS'],
      fix: ['aws kms enable-key'],
    },
    {
      name: 'customer key PendingDeletion',
      ctx: cmk({ key: { keyState: 'PendingDeletion', deletionDate: '2026-12-07T00:00:00Z' } }),
      status: 'fail',
      says: ['PendingDeletion', '2026-12-07'],
      fix: ['cancel-key-deletion'],
    },
    { name: 'customer key PendingImport', ctx: cmk({ key: { keyState: 'PendingImport' } }), status: 'fail', fix: ['import-key-material'] },
    { name: 'customer key Unavailable', ctx: cmk({ key: { keyState: 'Unavailable' } }), status: 'fail', fix: ['connect-custom-key-store'] },
    { name: 'customer key Updating', ctx: cmk({ key: { keyState: 'Updating' } }), status: 'warn', says: ['Updating'] },
    { name: 'the key does not exist', ctx: cmk({ key: { found: false } }), status: 'fail', says: ['does not exist'] },
    {
      name: 'table INACCESSIBLE_ENCRYPTION_CREDENTIALS even when DescribeKey is denied',
      ctx: cmk({ key: unavailable('kms:DescribeKey'), change: (v) => (table(v).status = 'INACCESSIBLE_ENCRYPTION_CREDENTIALS') }),
      status: 'fail',
      says: ['INACCESSIBLE_ENCRYPTION_CREDENTIALS'],
    },
    { name: 'DescribeKey denied to the doctor: warn naming it', ctx: cmk({ key: unavailable('kms:DescribeKey') }), status: 'warn', says: ['kms:DescribeKey'] },
    {
      name: 'DescribeKey not in the snapshot: skip',
      ctx: cmk({ key: new FactUnavailable('not-recorded', 'x') }),
      status: 'skip',
      says: ['not in this snapshot'],
    },
    {
      name: 'GetKeyPolicy denied to the doctor: warn naming it',
      ctx: cmk({ policy: unavailable('kms:GetKeyPolicy') }),
      status: 'warn',
      says: ['kms:GetKeyPolicy'],
    },
    { name: 'GetKeyPolicy not in the snapshot: skip', ctx: cmk(), status: 'skip', says: ['not in this snapshot'] },
    {
      name: 'GetKeyPolicy fails otherwise: error',
      ctx: cmk({ policy: new FactUnavailable('failed', 'kms:GetKeyPolicy failed: Throttling') }),
      status: 'error',
    },
    {
      name: 'customer key but the role does not exist: skip naming sa.annotation',
      ctx: cmk({ policy: keyPolicy(allowRole()), change: (v) => ((v.role as RoleFact).found = false) }),
      status: 'skip',
      says: ['(see sa.annotation)'],
    },
    { name: 'SSEType KMS without a key ARN warns', ctx: () => contextWith((v) => (table(v).sse = { type: 'KMS' })), status: 'warn' },
    {
      name: 'AWS owned key: the whole message and no SSEType in the evidence',
      ctx: () => contextWith(),
      status: 'pass',
      saysExactly: `Table Items is encrypted with the AWS owned key (no SSEType KMS in its SSEDescription): no key policy or key state can refuse the app.`,
      evidence: { sseType: 'none (AWS owned key)' },
    },
    {
      name: 'SSEDescription without SSEType KMS is the AWS owned key too',
      ctx: () => contextWith((v) => (table(v).sse = { status: 'ENABLED', type: 'AES256' })),
      status: 'pass',
      says: ['AWS owned key'],
      evidence: { sseType: 'AES256' },
    },
    {
      name: 'AWS managed key: the whole message and the key in the evidence',
      ctx: cmk({ key: { keyManager: 'AWS' } }),
      status: 'pass',
      saysExactly: `Table Items uses the AWS managed key aws/dynamodb (${KEY_ARN}): its key policy allows every principal of the account through DynamoDB.`,
      evidence: { key: KEY_ARN, tableStatus: 'ACTIVE', keyManager: 'AWS', keyState: 'Enabled' },
    },
    {
      name: 'customer key granted in the key policy: the whole message and the verdicts in the evidence',
      ctx: cmk({ policy: keyPolicy(allowRole({ Condition: VIA })) }),
      status: 'pass',
      saysExactly: `Table Items uses customer managed key ${KEY_ARN} (Enabled); its key policy allows kms:Decrypt to role cart-dynamodb-role (key policy of ${KEY_ARN} (Sid CartUse)).`,
      evidence: { key: KEY_ARN, action: 'kms:Decrypt', keyPolicy: { grants: 'true', delegates: 'false', denies: 'false' }, identity: 'deny' },
    },
    {
      name: 'customer key delegated to IAM that allows: the whole message',
      ctx: cmk({ policy: keyPolicy(enableIam()), iam: [iamDecrypt()] }),
      status: 'pass',
      saysExactly: `Table Items uses customer managed key ${KEY_ARN} (Enabled); its key policy delegates to IAM and the policies of cart-dynamodb-role allow kms:Decrypt on it.`,
      evidence: { keyPolicy: { grants: 'false', delegates: 'true', denies: 'false' }, identity: 'allow' },
    },
    {
      name: 'customer key delegated to IAM that does not allow: the whole message and the policy to put',
      ctx: cmk({ policy: keyPolicy(enableIam()) }),
      status: 'fail',
      saysExactly: `The key policy of ${KEY_ARN} delegates to IAM (the account's "Enable IAM policies" statement), but the policies of cart-dynamodb-role do not allow kms:Decrypt on the key (no statement allows it): DynamoDB cannot decrypt the table key for the app (AccessDeniedException).`,
      fix: [
        "# Allow kms:Decrypt on the key in the role's IAM policies (the key policy delegates to them):",
        '"Sid": "CartTableKey"',
        `"Resource": "${KEY_ARN}"`,
        `"kms:ViaService": "dynamodb.${REGION}.amazonaws.com",\n          "kms:CallerAccount": "${ACCOUNT}"`,
        'aws iam put-role-policy --role-name cart-dynamodb-role --policy-name cart-kms-decrypt --policy-document file://cart-kms-decrypt.json',
      ],
    },
    {
      name: 'delegated, the boundary does not allow: the message names the boundary',
      ctx: cmk({
        policy: keyPolicy(enableIam()),
        iam: [iamDecrypt()],
        change: (v) => {
          const boundary = parsePolicyDocument(
            { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] },
            'arn:aws:iam::111122223333:policy/b',
          );
          (v.policies as { boundary?: unknown }).boundary = { name: boundary.source, document: boundary };
        },
      }),
      status: 'fail',
      says: ['(its permissions boundary arn:aws:iam::111122223333:policy/b does not allow it)'],
    },
    {
      name: 'delegated, the IAM grant depends on a condition it cannot know: warn naming it',
      ctx: cmk({ policy: keyPolicy(enableIam()), iam: [iamDecrypt({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })] }),
      status: 'warn',
      saysExactly: `The key policy of ${KEY_ARN} delegates to IAM, and the policies of cart-dynamodb-role allow kms:Decrypt on it only if IpAddress aws:SourceIp ["10.0.0.0/8"] in inline:cart-kms (statement #1): cart-doctor cannot know that.`,
      evidence: { unknownConditions: ['IpAddress aws:SourceIp ["10.0.0.0/8"] in inline:cart-kms (statement #1)'] },
    },
    {
      name: 'neither grants nor delegates: the whole message and the statement to add',
      ctx: cmk({
        policy: keyPolicy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/admin' }, Action: 'kms:*', Resource: '*' }),
      }),
      status: 'fail',
      saysExactly: `The key policy of ${KEY_ARN} neither allows kms:Decrypt to role cart-dynamodb-role nor delegates to the IAM policies of account 111122223333: DynamoDB cannot decrypt the table key for the app, so reads and writes of Items fail with AccessDeniedException (KMS grants are not read: a grant to the role would also do).`,
      fix: [
        '# Add this statement to the key policy (key policies are required: IAM policies alone cannot open a key that does not delegate):',
        `aws kms get-key-policy --region ${REGION} --key-id ${KEY_ARN} --policy-name default --query Policy --output text > key-policy.json`,
        '#   "Sid": "AllowCartThroughDynamoDB"',
        `#     "AWS": "${ROLE_ARN}"`,
        `#       "kms:ViaService": "dynamodb.${REGION}.amazonaws.com",\n#       "kms:CallerAccount": "${ACCOUNT}"`,
        `aws kms put-key-policy --region ${REGION} --key-id ${KEY_ARN} --policy-name default --policy file://key-policy.json`,
      ],
    },
    {
      name: 'explicit Deny in the key policy: the whole message, the evidence and the fix',
      ctx: cmk({ policy: keyPolicy(allowRole(), { Sid: 'NoCart', Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }) }),
      status: 'fail',
      saysExactly: `The key policy of ${KEY_ARN} denies kms:Decrypt to role cart-dynamodb-role (key policy of ${KEY_ARN} (Sid NoCart)): DynamoDB cannot decrypt the table key for the app, so every read and write of Items fails with AccessDeniedException.`,
      evidence: { keyPolicy: { denies: 'true' }, deniedBy: [{ index: 1 }] },
      fix: [
        `# Drop or narrow the Deny in the key policy, then put it back:\naws kms get-key-policy --region ${REGION} --key-id ${KEY_ARN} --policy-name default`,
      ],
    },
    {
      name: 'explicit Deny in the role policies: the whole message and the fix',
      ctx: cmk({
        policy: keyPolicy(allowRole()),
        iam: [parsePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'kms:*', Resource: '*' }] }, 'inline:no-kms')],
      }),
      status: 'fail',
      saysExactly: `The IAM policies of cart-dynamodb-role explicitly deny kms:Decrypt on ${KEY_ARN} (inline:no-kms (statement #1)): DynamoDB cannot decrypt the table key for the app (AccessDeniedException).`,
      evidence: { identity: 'deny', deniedBy: [{ index: 0 }] },
      fix: [`# Remove the Deny on kms:Decrypt for ${KEY_ARN} from the role's policies (see policy.actions for the same edit on DynamoDB actions).`],
    },
    {
      name: 'a key policy Deny that depends on a condition it cannot know: may deny',
      ctx: cmk({
        policy: keyPolicy(allowRole(), {
          Sid: 'OnlyOffice',
          Effect: 'Deny',
          Principal: '*',
          Action: 'kms:*',
          Resource: '*',
          Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        }),
      }),
      status: 'warn',
      saysExactly: `The key policy of ${KEY_ARN} may deny kms:Decrypt to role cart-dynamodb-role: it depends on NotIpAddress aws:SourceIp ["10.0.0.0/8"] in key policy of ${KEY_ARN} (Sid OnlyOffice), which cart-doctor cannot know.`,
      evidence: {
        keyPolicy: { denies: 'unknown' },
        unknownConditions: [`NotIpAddress aws:SourceIp ["10.0.0.0/8"] in key policy of ${KEY_ARN} (Sid OnlyOffice)`],
      },
    },
    {
      name: 'a grant that depends on a condition it cannot know: the whole warning',
      ctx: cmk({ policy: keyPolicy(allowRole({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })) }),
      status: 'warn',
      saysExactly: `The key policy of ${KEY_ARN} allows kms:Decrypt to role cart-dynamodb-role only if IpAddress aws:SourceIp ["10.0.0.0/8"] in key policy of ${KEY_ARN} (Sid CartUse): cart-doctor cannot know that.`,
      evidence: { keyPolicy: { grants: 'unknown' }, unknownConditions: [`IpAddress aws:SourceIp ["10.0.0.0/8"] in key policy of ${KEY_ARN} (Sid CartUse)`] },
    },
    {
      name: 'the request context: subscriber, caller account and the key region are known',
      ctx: cmk({
        keyArn: KEY_ARN.replace(REGION, 'us-east-1'),
        change: (v) =>
          (v.keyPolicies[KEY_ARN.replace(REGION, 'us-east-1')] = keyPolicy(
            allowRole({
              Condition: {
                StringEquals: {
                  'kms:EncryptionContext:aws:dynamodb:subscriberId': ACCOUNT,
                  'aws:PrincipalAccount': ACCOUNT,
                  'aws:PrincipalArn': ROLE_ARN,
                  'aws:RequestedRegion': 'us-east-1',
                  'kms:ViaService': `dynamodb.${REGION}.amazonaws.com`,
                },
                'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['aws:dynamodb:tableName', 'aws:dynamodb:subscriberId'] },
              },
            }),
          )),
      }),
      status: 'pass',
    },
    {
      name: 'the encryption context names another table: not granted',
      ctx: cmk({ policy: keyPolicy(allowRole({ Condition: { StringEquals: { 'kms:EncryptionContext:aws:dynamodb:tableName': 'Orders' } } })) }),
      status: 'fail',
    },
    {
      name: 'customer key Disabled: the whole message and the command',
      ctx: cmk({ key: { keyState: 'Disabled' } }),
      status: 'fail',
      saysExactly: `Table Items is encrypted with customer managed key ${KEY_ARN}, which is Disabled: KMS refuses to decrypt the table key, so the table becomes INACCESSIBLE_ENCRYPTION_CREDENTIALS and the app's calls fail.`,
      evidence: { key: KEY_ARN, tableStatus: 'ACTIVE', keyManager: 'CUSTOMER', keyState: 'Disabled' },
      fix: [`aws kms enable-key --region ${REGION} --key-id ${KEY_ARN}`],
    },
    {
      name: 'customer key PendingDeletion: cancel, then enable',
      ctx: cmk({ key: { keyState: 'PendingDeletion', deletionDate: '2026-12-07T00:00:00Z' } }),
      status: 'fail',
      saysExactly: `Table Items is encrypted with customer managed key ${KEY_ARN}, which is PendingDeletion (deletion on 2026-12-07T00:00:00Z): KMS refuses to decrypt the table key, so the table becomes INACCESSIBLE_ENCRYPTION_CREDENTIALS and the app's calls fail.`,
      fix: [`aws kms cancel-key-deletion --region ${REGION} --key-id ${KEY_ARN}\naws kms enable-key --region ${REGION} --key-id ${KEY_ARN}`],
    },
    {
      name: 'customer key PendingReplicaDeletion: cancel, then enable',
      ctx: cmk({ key: { keyState: 'PendingReplicaDeletion' } }),
      status: 'fail',
      says: ['which is PendingReplicaDeletion: KMS refuses'],
      fix: [`aws kms cancel-key-deletion --region ${REGION} --key-id ${KEY_ARN}\naws kms enable-key --region ${REGION} --key-id ${KEY_ARN}`],
    },
    {
      name: 'customer key PendingImport: the whole fix',
      ctx: cmk({ key: { keyState: 'PendingImport' } }),
      status: 'fail',
      fix: [`# Import the key material again (aws kms get-parameters-for-import / import-key-material --region ${REGION} --key-id ${KEY_ARN}).`],
    },
    {
      name: 'customer key Unavailable: the whole fix',
      ctx: cmk({ key: { keyState: 'Unavailable' } }),
      status: 'fail',
      fix: [`# Reconnect the custom key store that holds ${KEY_ARN} (aws kms connect-custom-key-store).`],
    },
    {
      name: 'customer key Updating: the whole warning and describe-key',
      ctx: cmk({ key: { keyState: 'Updating' } }),
      status: 'warn',
      saysExactly: `Table Items is encrypted with customer managed key ${KEY_ARN}, whose state is Updating, not Enabled.`,
      fix: [`aws kms describe-key --region ${REGION} --key-id ${KEY_ARN}`],
    },
    {
      name: 'customer key without a state: warn, state unknown',
      ctx: cmk({ key: { keyState: undefined } }),
      status: 'warn',
      says: ['whose state is unknown, not Enabled'],
    },
    {
      name: 'the key does not exist: the whole message',
      ctx: cmk({ key: { found: false } }),
      status: 'fail',
      saysExactly: `Table Items is encrypted with KMS key ${KEY_ARN}, which does not exist (NotFoundException): its data cannot be decrypted.`,
    },
    {
      name: 'INACCESSIBLE_ENCRYPTION_CREDENTIALS with a disabled key: since when, the key state and the fix',
      ctx: cmk({
        key: { keyState: 'Disabled' },
        change: (v) => {
          table(v).status = 'INACCESSIBLE_ENCRYPTION_CREDENTIALS';
          table(v).sse = { ...table(v).sse!, inaccessibleSince: '2026-11-30T08:00:00Z' };
        },
      }),
      status: 'fail',
      saysExactly: `Table Items is INACCESSIBLE_ENCRYPTION_CREDENTIALS since 2026-11-30T08:00:00Z: DynamoDB cannot use its KMS key ${KEY_ARN} (key state Disabled), so every read and write fails.`,
      evidence: { tableStatus: 'INACCESSIBLE_ENCRYPTION_CREDENTIALS', keyState: 'Disabled' },
      fix: [`aws kms enable-key --region ${REGION} --key-id ${KEY_ARN}`],
    },
    {
      name: 'INACCESSIBLE_ENCRYPTION_CREDENTIALS with DescribeKey denied: the whole message, describe-key',
      ctx: cmk({ key: unavailable('kms:DescribeKey'), change: (v) => (table(v).status = 'INACCESSIBLE_ENCRYPTION_CREDENTIALS') }),
      status: 'fail',
      saysExactly: `Table Items is INACCESSIBLE_ENCRYPTION_CREDENTIALS: DynamoDB cannot use its KMS key ${KEY_ARN}, so every read and write fails.`,
      fix: [`aws kms describe-key --region ${REGION} --key-id ${KEY_ARN}`],
    },
    {
      name: 'SSEType KMS without a key ARN: the whole warning and the SSEDescription',
      ctx: () => contextWith((v) => (table(v).sse = { type: 'KMS' })),
      status: 'warn',
      saysExactly: `Table Items reports SSEType KMS but no KMSMasterKeyArn, so its key cannot be checked.`,
      evidence: { sse: { type: 'KMS' } },
    },
    {
      name: 'the table is not found: skip naming table and region',
      ctx: cmk({ change: (v) => (table(v).found = false) }),
      status: 'skip',
      saysExactly: `table Items was not found in ap-south-1 (see table.exists)`,
    },
    {
      name: "the role's ARN is unknown: skip saying the key policy cannot be judged",
      ctx: cmk({
        policy: keyPolicy(allowRole()),
        change: (v) => {
          v.roleRef = { name: 'cart-dynamodb-role', partition: 'aws', from: 'flag' };
          v.role = { ...(v.role as RoleFact), ref: v.roleRef, arn: undefined };
        },
      }),
      status: 'skip',
      saysExactly: `the ARN of role cart-dynamodb-role is unknown, so the key policy cannot be judged for it (see sa.annotation)`,
    },
    {
      name: 'GetKeyPolicy denied: the warning names the key policy read',
      ctx: cmk({ policy: unavailable('kms:GetKeyPolicy') }),
      status: 'warn',
      says: [`cart-doctor may not read the key policy of ${KEY_ARN} (kms:GetKeyPolicy was denied)`],
    },
    {
      name: "DescribeKey denied: the warning names the table's key",
      ctx: cmk({ key: unavailable('kms:DescribeKey') }),
      status: 'warn',
      says: [`cart-doctor may not read the table's KMS key ${KEY_ARN} (kms:DescribeKey was denied)`],
    },
    // The AWS owned key needs no role: sa.annotation failing leaves nothing to skip for.
    ...prerequisiteCases(check, {
      except: [
        'sa.annotation fails: no role-arn annotation, so no role named',
        'sa.annotation fails: the role-arn annotation is not a role ARN',
        'sa.annotation fails: the named role does not exist',
        'sa.annotation errors: iam:GetRole denied to the doctor',
      ],
    }),
  ]));

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

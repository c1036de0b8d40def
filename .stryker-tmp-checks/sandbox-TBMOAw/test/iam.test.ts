// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../src/errors.js';
import { evaluateCondition } from '../src/iam/conditions.js';
import { decodeDocument, parsePolicyDocument } from '../src/iam/document.js';
import { contextFrom, evaluateIdentity, evaluateTrust } from '../src/iam/evaluate.js';
import type { Decision, PolicyDocument, Principal, Tri } from '../src/iam/types.js';

const ACCOUNT = '111122223333';
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Items`;
const INDEX = `${TABLE}/index/idx_global_customerId`;
const HOST = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST}`;
const SUB = 'system:serviceaccount:retail-store-prod:cart-sa';

type Raw = Record<string, unknown>;

function doc(statements: Raw[], source = 'policy', version: string | null = '2012-10-17'): PolicyDocument {
  return parsePolicyDocument(version === null ? { Statement: statements } : { Version: version, Statement: statements }, source);
}

const allow = (Action: unknown, Resource: unknown = TABLE, extra: Raw = {}): Raw => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: unknown, Resource: unknown = TABLE, extra: Raw = {}): Raw => ({ Effect: 'Deny', Action, Resource, ...extra });

/** What the doctor knows about a cart request through IRSA without a VPC endpoint. */
const cartContext = contextFrom(
  { 'aws:RequestedRegion': 'us-east-1', 'aws:SecureTransport': 'true', 'aws:PrincipalAccount': ACCOUNT },
  { absent: (k) => k === 'aws:sourcevpce' || k.startsWith('aws:principaltag/') },
);

interface IdentityCase {
  name: string;
  policies: Raw[][];
  boundary?: Raw[][];
  action: string;
  resource?: string;
  version?: string | null;
  result: Decision['result'];
  explicitDeny?: boolean;
  deniedAt?: Decision['deniedAt'];
  unknownKeys?: string[];
}

const identityCases: IdentityCase[] = [
  { name: 'Action as a string', policies: [[allow('dynamodb:GetItem')]], action: 'dynamodb:GetItem', result: 'allow' },
  { name: 'Action as an array', policies: [[allow(['dynamodb:PutItem', 'dynamodb:GetItem'])]], action: 'dynamodb:GetItem', result: 'allow' },
  { name: 'Action array without the action', policies: [[allow(['dynamodb:PutItem'])]], action: 'dynamodb:GetItem', result: 'deny', deniedAt: 'identity' },
  { name: 'actions are case-insensitive', policies: [[allow('DynamoDB:getitem')]], action: 'dynamodb:GetItem', result: 'allow' },
  { name: 'dynamodb:* covers Query', policies: [[allow('dynamodb:*')]], action: 'dynamodb:Query', result: 'allow' },
  { name: 'dynamodb:* does not cover s3', policies: [[allow('dynamodb:*', '*')]], action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', result: 'deny' },
  { name: 'dynamodb:Get* covers GetItem', policies: [[allow('dynamodb:Get*')]], action: 'dynamodb:GetItem', result: 'allow' },
  { name: 'dynamodb:Get* does not cover PutItem', policies: [[allow('dynamodb:Get*')]], action: 'dynamodb:PutItem', result: 'deny' },
  { name: '? matches one character', policies: [[allow('dynamodb:?etItem')]], action: 'dynamodb:GetItem', result: 'allow' },
  { name: '? does not match a run', policies: [[allow('dynamodb:?etItem')]], action: 'dynamodb:BatchGetItem', result: 'deny' },
  { name: '"*" alone covers every action', policies: [[allow('*', '*')]], action: 'dynamodb:Scan', result: 'allow' },
  {
    name: 'NotAction with Allow grants the rest',
    policies: [[{ Effect: 'Allow', NotAction: 'dynamodb:DeleteItem', Resource: TABLE }]],
    action: 'dynamodb:GetItem',
    result: 'allow',
  },
  {
    name: 'NotAction with Allow excludes the listed action',
    policies: [[{ Effect: 'Allow', NotAction: ['dynamodb:Delete*'], Resource: TABLE }]],
    action: 'dynamodb:DeleteItem',
    result: 'deny',
  },
  {
    name: 'table/* crosses / to the index ARN',
    policies: [[allow('dynamodb:Query', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/*`)]],
    action: 'dynamodb:Query',
    resource: INDEX,
    result: 'allow',
  },
  { name: 'table/Items does not cover its index', policies: [[allow('dynamodb:Query')]], action: 'dynamodb:Query', resource: INDEX, result: 'deny' },
  {
    name: 'table/Items/index/* covers the index',
    policies: [[allow('dynamodb:Query', `${TABLE}/index/*`)]],
    action: 'dynamodb:Query',
    resource: INDEX,
    result: 'allow',
  },
  {
    name: 'table/Items* also covers table/Items2',
    policies: [[allow('dynamodb:GetItem', `${TABLE}*`)]],
    action: 'dynamodb:GetItem',
    resource: `${TABLE}2`,
    result: 'allow',
  },
  {
    name: 'resource id is case-sensitive',
    policies: [[allow('dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/items`)]],
    action: 'dynamodb:GetItem',
    result: 'deny',
  },
  {
    name: 'region segment is case-insensitive',
    policies: [[allow('dynamodb:GetItem', `arn:aws:dynamodb:US-EAST-1:${ACCOUNT}:table/Items`)]],
    action: 'dynamodb:GetItem',
    result: 'allow',
  },
  {
    name: 'region * matches any region',
    policies: [[allow('dynamodb:GetItem', `arn:aws:dynamodb:*:${ACCOUNT}:table/Items`)]],
    action: 'dynamodb:GetItem',
    result: 'allow',
  },
  {
    name: 'wrong region',
    policies: [[allow('dynamodb:GetItem', `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/Items`)]],
    action: 'dynamodb:GetItem',
    result: 'deny',
  },
  {
    name: 'wrong account',
    policies: [[allow('dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:999999999999:table/Items')]],
    action: 'dynamodb:GetItem',
    result: 'deny',
  },
  { name: 'short ARN is padded with *', policies: [[allow('dynamodb:GetItem', 'arn:aws:dynamodb:*')]], action: 'dynamodb:GetItem', result: 'allow' },
  { name: 'short ARN of another service', policies: [[allow('dynamodb:GetItem', 'arn:aws:s3')]], action: 'dynamodb:GetItem', result: 'deny' },
  {
    name: 'NotResource not listing the table',
    policies: [[{ Effect: 'Allow', Action: 'dynamodb:GetItem', NotResource: `${TABLE}-archive` }]],
    action: 'dynamodb:GetItem',
    result: 'allow',
  },
  {
    name: 'NotResource listing the table',
    policies: [[{ Effect: 'Allow', Action: 'dynamodb:GetItem', NotResource: [TABLE] }]],
    action: 'dynamodb:GetItem',
    result: 'deny',
  },
  {
    name: 'explicit deny wins',
    policies: [[allow('dynamodb:*')], [deny('dynamodb:DeleteItem')]],
    action: 'dynamodb:DeleteItem',
    result: 'deny',
    explicitDeny: true,
    deniedAt: 'identity',
  },
  {
    name: 'a deny of another action leaves the allow',
    policies: [[allow('dynamodb:*'), deny('dynamodb:DeleteItem')]],
    action: 'dynamodb:GetItem',
    result: 'allow',
  },
  {
    name: 'an allow in the second policy is enough',
    policies: [[allow('s3:*', '*')], [allow('dynamodb:GetItem')]],
    action: 'dynamodb:GetItem',
    result: 'allow',
  },
  {
    name: 'boundary blocks one action',
    policies: [[allow('dynamodb:*')]],
    boundary: [[allow(['dynamodb:GetItem', 'dynamodb:Query'], '*')]],
    action: 'dynamodb:DeleteItem',
    result: 'deny',
    explicitDeny: false,
    deniedAt: 'boundary',
  },
  {
    name: 'boundary lets the other actions through',
    policies: [[allow('dynamodb:*')]],
    boundary: [[allow(['dynamodb:GetItem', 'dynamodb:Query'], '*')]],
    action: 'dynamodb:Query',
    result: 'allow',
  },
  { name: 'boundary allowing everything', policies: [[allow('dynamodb:GetItem')]], boundary: [[allow('*', '*')]], action: 'dynamodb:GetItem', result: 'allow' },
  {
    name: 'boundary alone never grants',
    policies: [[allow('s3:GetObject', '*')]],
    boundary: [[allow('*', '*')]],
    action: 'dynamodb:GetItem',
    result: 'deny',
    deniedAt: 'identity',
  },
  {
    name: 'explicit deny in the boundary',
    policies: [[allow('dynamodb:*')]],
    boundary: [[allow('*', '*'), deny('dynamodb:PutItem', '*')]],
    action: 'dynamodb:PutItem',
    result: 'deny',
    explicitDeny: true,
    deniedAt: 'boundary',
  },
  {
    name: 'conditional allow on a fine-grained key is unknown',
    policies: [[allow('dynamodb:GetItem', TABLE, { Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:userid}'] } } })]],
    action: 'dynamodb:GetItem',
    result: 'unknown',
    unknownKeys: ['dynamodb:LeadingKeys'],
  },
  {
    name: 'deny with an unknown condition: possibly denied',
    policies: [[allow('dynamodb:*'), deny('*', '*', { Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })]],
    action: 'dynamodb:GetItem',
    result: 'unknown',
    unknownKeys: ['aws:SourceIp'],
  },
  {
    name: 'unknown deny after an implicit deny stays deny',
    policies: [[deny('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })]],
    action: 'dynamodb:GetItem',
    result: 'deny',
    explicitDeny: false,
  },
  {
    name: 'aws:RequestedRegion known: decided',
    policies: [[allow('dynamodb:*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2'] } } })]],
    action: 'dynamodb:GetItem',
    result: 'allow',
  },
  {
    name: 'aws:RequestedRegion of another region',
    policies: [[allow('dynamodb:*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })]],
    action: 'dynamodb:GetItem',
    result: 'deny',
  },
  {
    name: 'a certain allow outweighs a conditional one',
    policies: [[allow('dynamodb:GetItem', TABLE, { Condition: { StringEquals: { 'dynamodb:Select': 'ALL_ATTRIBUTES' } } }), allow('dynamodb:GetItem')]],
    action: 'dynamodb:GetItem',
    result: 'allow',
  },
  {
    name: 'deny whose condition is false does not apply',
    policies: [[allow('dynamodb:*'), deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': false } } })]],
    action: 'dynamodb:GetItem',
    result: 'allow',
  },
  {
    name: 'unknown condition in the boundary',
    policies: [[allow('dynamodb:*')]],
    boundary: [[allow('*', '*', { Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } })]],
    action: 'dynamodb:GetItem',
    result: 'unknown',
    unknownKeys: ['aws:CurrentTime'],
  },
  {
    name: 'policy variable in Resource never matches',
    policies: [[allow('dynamodb:GetItem', `arn:aws:dynamodb:*:*:table/\${aws:username}`)]],
    action: 'dynamodb:GetItem',
    resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/\${aws:username}`,
    result: 'deny',
  },
  {
    name: 'without Version a variable is literal text',
    version: null,
    policies: [[allow('dynamodb:GetItem', `arn:aws:dynamodb:*:*:table/\${aws:username}`)]],
    action: 'dynamodb:GetItem',
    resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/\${aws:username}`,
    result: 'allow',
  },
  {
    name: '${*} is a literal star, not a wildcard',
    policies: [[allow('dynamodb:GetItem', `arn:aws:dynamodb:*:*:table/It\${*}`)]],
    action: 'dynamodb:GetItem',
    resource: TABLE,
    result: 'deny',
  },
];

describe('evaluateIdentity', () => {
  it.each(identityCases)('$name', (c) => {
    const version = c.version === undefined ? '2012-10-17' : c.version;
    const policies = c.policies.map((s, i) => doc(s, `policy-${i}`, version));
    const boundary = c.boundary?.map((s, i) => doc(s, `boundary-${i}`, version));
    const d = evaluateIdentity(policies, { action: c.action, resource: c.resource ?? TABLE, context: cartContext }, boundary);
    expect(d.result).toBe(c.result);
    if (c.explicitDeny !== undefined) expect(d.explicitDeny).toBe(c.explicitDeny);
    if (c.deniedAt !== undefined) expect(d.deniedAt).toBe(c.deniedAt);
    if (c.result !== 'unknown') expect(d.unknownConditions).toEqual([]);
    if (c.unknownKeys) expect(d.unknownConditions.map((u) => u.key)).toEqual(c.unknownKeys);
  });
});

interface ConditionCase {
  name: string;
  condition: Raw;
  known?: Record<string, string | string[]>;
  absent?: string[];
  value: Tri;
  falseKeys?: string[];
  unknownKeys?: string[];
}

const conditionCases: ConditionCase[] = [
  {
    name: 'StringEquals treats * literally',
    condition: { StringEquals: { [`${HOST}:sub`]: 'system:serviceaccount:retail-store-prod:*' } },
    known: { [`${HOST}:sub`]: SUB },
    value: 'false',
    falseKeys: [`${HOST}:sub`],
  },
  { name: 'StringEquals exact value', condition: { StringEquals: { [`${HOST}:sub`]: SUB } }, known: { [`${HOST}:sub`]: SUB }, value: 'true' },
  { name: 'StringEquals is case-sensitive', condition: { StringEquals: { k: 'Cart' } }, known: { k: 'cart' }, value: 'false' },
  { name: 'StringEqualsIgnoreCase', condition: { StringEqualsIgnoreCase: { k: 'Cart' } }, known: { k: 'cart' }, value: 'true' },
  { name: 'StringNotEqualsIgnoreCase', condition: { StringNotEqualsIgnoreCase: { k: 'Cart' } }, known: { k: 'cart' }, value: 'false' },
  {
    name: 'StringLike expands *',
    condition: { StringLike: { [`${HOST}:sub`]: 'system:serviceaccount:retail-store-prod:*' } },
    known: { [`${HOST}:sub`]: SUB },
    value: 'true',
  },
  { name: 'StringLike expands ?', condition: { StringLike: { k: 'cart-?a' } }, known: { k: 'cart-sa' }, value: 'true' },
  { name: 'StringLike glob that does not match', condition: { StringLike: { k: 'system:serviceaccount:default:*' } }, known: { k: SUB }, value: 'false' },
  {
    name: 'StringNotLike with a non-matching value',
    condition: { StringNotLike: { k: 'system:serviceaccount:kube-system:*' } },
    known: { k: SUB },
    value: 'true',
  },
  { name: 'StringNotLike with a matching value', condition: { StringNotLike: { k: 'system:serviceaccount:*' } }, known: { k: SUB }, value: 'false' },
  { name: 'several values of one key: OR', condition: { StringEquals: { k: ['a', 'b', 'c'] } }, known: { k: 'b' }, value: 'true' },
  { name: 'negated with several values: AND of negations (one equal)', condition: { StringNotEquals: { k: ['a', 'b'] } }, known: { k: 'b' }, value: 'false' },
  { name: 'negated with several values: AND of negations (none equal)', condition: { StringNotEquals: { k: ['a', 'b'] } }, known: { k: 'c' }, value: 'true' },
  {
    name: 'several keys: AND',
    condition: { StringEquals: { [`${HOST}:sub`]: SUB, [`${HOST}:aud`]: 'sts.amazon.com' } },
    known: { [`${HOST}:sub`]: SUB, [`${HOST}:aud`]: 'sts.amazonaws.com' },
    value: 'false',
    falseKeys: [`${HOST}:aud`],
  },
  {
    name: 'several operators: AND',
    condition: { StringEquals: { a: '1' }, StringLike: { b: 'x*' } },
    known: { a: '1', b: 'y' },
    value: 'false',
    falseKeys: ['b'],
  },
  {
    name: 'key names are case-insensitive',
    condition: { StringEquals: { 'AWS:RequestedRegion': 'us-east-1' } },
    known: { 'aws:requestedregion': 'us-east-1' },
    value: 'true',
  },
  {
    name: 'absent key with a positive operator is false',
    condition: { StringEquals: { [`https://${HOST}:sub`]: SUB } },
    absent: [`https://${HOST}:sub`],
    value: 'false',
    falseKeys: [`https://${HOST}:sub`],
  },
  {
    name: 'absent key with a negated operator is true',
    condition: { StringNotEquals: { [`https://${HOST}:sub`]: 'x' } },
    absent: [`https://${HOST}:sub`],
    value: 'true',
  },
  { name: 'absent key with ArnNotLike is true', condition: { ArnNotLike: { 'aws:SourceArn': 'arn:aws:*:*:*:*' } }, absent: ['aws:sourcearn'], value: 'true' },
  { name: 'IfExists on an absent key', condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, absent: ['aws:sourcevpce'], value: 'true' },
  {
    name: 'IfExists on a present key that differs',
    condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } },
    known: { 'aws:SourceVpce': 'vpce-2' },
    value: 'false',
  },
  { name: 'Null true on an absent key', condition: { Null: { 'aws:SourceVpce': 'true' } }, absent: ['aws:sourcevpce'], value: 'true' },
  { name: 'Null true on a present key', condition: { Null: { 'aws:SourceVpce': true } }, known: { 'aws:SourceVpce': 'vpce-1' }, value: 'false' },
  { name: 'Null false on an absent key', condition: { Null: { 'aws:SourceVpce': 'false' } }, absent: ['aws:sourcevpce'], value: 'false' },
  {
    name: 'ForAllValues with the key missing is true',
    condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } },
    absent: ['aws:tagkeys'],
    value: 'true',
  },
  {
    name: 'ForAnyValue with the key missing is false',
    condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } },
    absent: ['aws:tagkeys'],
    value: 'false',
  },
  {
    name: 'ForAllValues: every request value listed',
    condition: { 'ForAllValues:StringEquals': { k: ['a', 'b', 'c'] } },
    known: { k: ['a', 'c'] },
    value: 'true',
  },
  {
    name: 'ForAllValues: one request value not listed',
    condition: { 'ForAllValues:StringEquals': { k: ['a', 'b'] } },
    known: { k: ['a', 'z'] },
    value: 'false',
  },
  { name: 'ForAnyValue: one request value listed', condition: { 'ForAnyValue:StringLike': { k: ['a*'] } }, known: { k: ['zz', 'ab'] }, value: 'true' },
  { name: 'numbers as condition values', condition: { NumericLessThan: { 's3:max-keys': 10 } }, known: { 's3:max-keys': '5' }, value: 'true' },
  { name: 'NumericLessThan false', condition: { NumericLessThan: { 's3:max-keys': 10 } }, known: { 's3:max-keys': '10' }, value: 'false' },
  { name: 'NumericGreaterThanEquals with a decimal', condition: { NumericGreaterThanEquals: { n: '1.5' } }, known: { n: '1.5' }, value: 'true' },
  { name: 'NumericEquals with a non-number is false', condition: { NumericEquals: { n: '0x10' } }, known: { n: '16' }, value: 'false' },
  { name: 'Bool with a JSON boolean', condition: { Bool: { 'aws:SecureTransport': true } }, known: { 'aws:SecureTransport': 'true' }, value: 'true' },
  { name: 'Bool false against true', condition: { Bool: { 'aws:SecureTransport': 'false' } }, known: { 'aws:SecureTransport': 'true' }, value: 'false' },
  { name: 'DateGreaterThan with ISO-8601', condition: { DateGreaterThan: { t: '2024-01-01T00:00:00Z' } }, known: { t: '2025-06-01T12:00:00Z' }, value: 'true' },
  { name: 'DateGreaterThan with epoch seconds', condition: { DateGreaterThan: { t: 1735689600 } }, known: { t: '2024-06-01T00:00:00Z' }, value: 'false' },
  {
    name: 'DateLessThanEquals with an offset',
    condition: { DateLessThanEquals: { t: '2024-01-01T01:00:00+01:00' } },
    known: { t: '2024-01-01T00:00:00Z' },
    value: 'true',
  },
  {
    name: 'IpAddress inside the CIDR',
    condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } },
    known: { 'aws:SourceIp': '203.0.113.7' },
    value: 'true',
  },
  {
    name: 'IpAddress outside the CIDR',
    condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
    known: { 'aws:SourceIp': '198.51.100.1' },
    value: 'false',
  },
  {
    name: 'NotIpAddress outside the CIDR',
    condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    known: { 'aws:SourceIp': '198.51.100.1' },
    value: 'true',
  },
  { name: 'IpAddress with IPv6', condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, known: { 'aws:SourceIp': '2001:db8::1' }, value: 'true' },
  { name: 'IpAddress on an unknown key', condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, value: 'unknown', unknownKeys: ['aws:SourceIp'] },
  {
    name: 'ArnLike per part with wildcards',
    condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/cart-*` } },
    known: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/cart-dynamodb-role` },
    value: 'true',
  },
  {
    name: 'ArnEquals also takes wildcards',
    condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/*` } },
    known: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/x` },
    value: 'true',
  },
  { name: 'ArnLike * does not cross a colon', condition: { ArnLike: { a: 'arn:aws:*' } }, known: { a: `arn:aws:iam::${ACCOUNT}:role/x` }, value: 'false' },
  { name: 'StringLike on an ARN crosses colons', condition: { StringLike: { a: 'arn:aws:*' } }, known: { a: `arn:aws:iam::${ACCOUNT}:role/x` }, value: 'true' },
  { name: 'unknown operator is unknown, never true', condition: { StringMatchesRegex: { k: '.*' } }, known: { k: 'x' }, value: 'unknown', unknownKeys: ['k'] },
  { name: 'unknown key is unknown', condition: { StringEquals: { 'dynamodb:Select': 'ALL_ATTRIBUTES' } }, value: 'unknown', unknownKeys: ['dynamodb:Select'] },
  {
    name: 'false beats unknown',
    condition: { StringEquals: { 'dynamodb:Select': 'x', 'aws:RequestedRegion': 'eu-west-1' } },
    known: { 'aws:RequestedRegion': 'us-east-1' },
    value: 'false',
  },
  {
    name: 'negated operator on an unknown key is unknown',
    condition: { StringNotLike: { 'aws:SourceIp': '10.*' } },
    value: 'unknown',
    unknownKeys: ['aws:SourceIp'],
  },
  {
    name: 'policy variable resolved from the context',
    condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } },
    known: { 's3:prefix': 'home/ann/docs', 'aws:username': 'ann' },
    value: 'true',
  },
  {
    name: 'policy variable value stays literal in StringLike',
    condition: { StringLike: { 's3:prefix': 'home/${aws:username}' } },
    known: { 's3:prefix': 'home/annie', 'aws:username': 'ann*' },
    value: 'false',
  },
  {
    name: 'policy variable the doctor cannot resolve',
    condition: { StringEquals: { k: '${aws:userid}' } },
    known: { k: 'AROA:x' },
    value: 'unknown',
    unknownKeys: ['k'],
  },
  {
    name: 'policy variable default for an absent key',
    condition: { StringEquals: { k: "${aws:PrincipalTag/team, 'none'}" } },
    known: { k: 'none' },
    absent: ['aws:principaltag/team'],
    value: 'true',
  },
];

describe('evaluateCondition', () => {
  it.each(conditionCases)('$name', (c) => {
    const absent = new Set((c.absent ?? []).map((k) => k.toLowerCase()));
    const ctx = contextFrom(c.known ?? {}, { absent: (k) => absent.has(k) });
    const stmt = doc([allow('*', '*', { Condition: c.condition })]).statements[0]!;
    const r = evaluateCondition(stmt.condition, ctx, { source: 'p', index: 0 });
    expect(r.value).toBe(c.value);
    if (c.falseKeys) expect(r.falseKeys).toEqual(c.falseKeys);
    if (c.unknownKeys) expect(r.unknown.map((u) => u.key)).toEqual(c.unknownKeys);
  });

  it('names the undecided condition with operator, key and values', () => {
    const r = evaluateCondition({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['a', 'b'] } }, contextFrom({}), {
      source: 'arn:p',
      index: 2,
      sid: 'S',
    });
    expect(r.unknown).toEqual([
      { statement: { source: 'arn:p', index: 2, sid: 'S' }, operator: 'ForAllValues:StringEquals', key: 'dynamodb:LeadingKeys', values: ['a', 'b'] },
    ]);
  });

  it('passes the key to the context lower-cased', () => {
    const seen: string[] = [];
    evaluateCondition({ StringEquals: { 'AWS:SourceVpce': ['x'] } }, (k) => (seen.push(k), { kind: 'absent' }), { source: 'p', index: 0 });
    expect(seen).toEqual(['aws:sourcevpce']);
  });
});

const sampleDoc = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Read',
      Effect: 'Allow',
      Action: 'dynamodb:GetItem',
      Resource: TABLE,
      Condition: { Bool: { 'aws:SecureTransport': true }, NumericLessThan: { n: [1, 2] } },
    },
  ],
};
const expected: PolicyDocument = {
  source: 'p',
  version: '2012-10-17',
  statements: [
    {
      index: 0,
      sid: 'Read',
      effect: 'Allow',
      action: ['dynamodb:GetItem'],
      resource: [TABLE],
      condition: { Bool: { 'aws:SecureTransport': ['true'] }, NumericLessThan: { n: ['1', '2'] } },
    },
  ],
};

describe('decodeDocument + parsePolicyDocument', () => {
  it.each([
    ['URL-encoded', encodeURIComponent(JSON.stringify(sampleDoc, null, 2))],
    ['a JSON string', JSON.stringify(sampleDoc)],
    ['a JSON string with leading whitespace', `\n  ${JSON.stringify(sampleDoc)}`],
    ['form-encoded with + for spaces', encodeURIComponent(JSON.stringify(sampleDoc, null, 2)).replace(/%20/g, '+')],
    ['an object', sampleDoc],
    ['Statement as a single object', { ...sampleDoc, Statement: sampleDoc.Statement[0] }],
  ])('accepts %s', (_name, raw) => {
    expect(parsePolicyDocument(decodeDocument(raw, 'f', 'x'), 'p')).toEqual(expected);
  });

  it('reads Principal "*" and typed principals', () => {
    const d = parsePolicyDocument(
      {
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
          { Effect: 'Allow', Principal: { Federated: PROVIDER, AWS: ['a', 'b'] }, Action: 'sts:*' },
        ],
      },
      't',
    );
    expect(d.statements.map((s) => s.principal)).toEqual([{ any: true }, { Federated: [PROVIDER], AWS: ['a', 'b'] }]);
  });

  it.each([
    ['not JSON at all', 'hello world', 'GetRole', 'policy document is not valid JSON'],
    ['broken URL encoding', '%7B%E0%A4%A', 'GetRole', 'not valid JSON'],
    ['broken JSON string', '{"Statement": [', 'GetRole', 'not valid JSON'],
    ['an array document', '[]', 'GetRole', 'must be a JSON object'],
    ['no Statement', { Version: '2012-10-17' }, 'GetRole.Statement', 'no Statement'],
    ['lower-case effect', { Statement: [{ Effect: 'allow', Action: 'a:b' }] }, 'GetRole.Statement[0].Effect', 'Effect'],
    ['Action of the wrong type', { Statement: [allow('a:b'), { Effect: 'Allow', Action: 5 }] }, 'GetRole.Statement[1].Action', 'string'],
    ['non-string in an Action array', { Statement: [{ Effect: 'Allow', Action: ['a:b', null] }] }, 'GetRole.Statement[0].Action[1]', 'string'],
    ['Action and NotAction', { Statement: [{ Effect: 'Deny', Action: 'a:b', NotAction: 'c:d' }] }, 'GetRole.Statement[0].NotAction', 'both'],
    ['neither Action nor NotAction', { Statement: { Effect: 'Deny', Resource: '*' } }, 'GetRole.Statement.Action', 'neither'],
    [
      'a nested condition value',
      { Statement: [{ Effect: 'Allow', Action: 'a:b', Condition: { StringEquals: { k: { x: 1 } } } }] },
      'GetRole.Statement[0].Condition.StringEquals.k',
      'condition value',
    ],
    [
      'an unknown principal type',
      { Statement: [{ Effect: 'Allow', Action: 'a:b', Principal: { Foo: 'x' } }] },
      'GetRole.Statement[0].Principal.Foo',
      'principal type',
    ],
    [
      'an unknown statement element',
      { Statement: [{ Effect: 'Allow', Action: 'a:b', Conditions: {} }] },
      'GetRole.Statement[0].Conditions',
      'unknown statement element',
    ],
  ])('rejects %s', (_name, raw, place, message) => {
    let error: unknown;
    try {
      parsePolicyDocument(decodeDocument(raw, 'snap.yaml', 'GetRole'), 'p', 'snap.yaml', 'GetRole');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).place).toBe(place);
    expect((error as InputError).file).toBe('snap.yaml');
    expect((error as InputError).message).toContain(message);
  });
});

const federated =
  (arn: string) =>
  (p: Principal | undefined): boolean =>
    !!p?.Federated?.includes(arn);
const trustContext = contextFrom({ [`${HOST}:sub`]: SUB, [`${HOST}:aud`]: 'sts.amazonaws.com' }, { absent: () => true });
const irsaStatement = (extra: Raw = {}): Raw => ({
  Effect: 'Allow',
  Principal: { Federated: PROVIDER },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: { StringEquals: { [`${HOST}:sub`]: SUB, [`${HOST}:aud`]: 'sts.amazonaws.com' } },
  ...extra,
});

describe('evaluateTrust', () => {
  it.each<[string, Raw[], string, Decision['result'], boolean?]>([
    ['the documented IRSA statement', [irsaStatement()], PROVIDER, 'allow'],
    ['Federated principal of another cluster', [irsaStatement()], PROVIDER.replace('EXAMPLED', 'OTHERCLU'), 'deny'],
    ['Federated as an array', [irsaStatement({ Principal: { Federated: ['arn:aws:iam::1:oidc-provider/x', PROVIDER] } })], PROVIDER, 'allow'],
    ['sts:AssumeRole instead of AssumeRoleWithWebIdentity', [irsaStatement({ Action: 'sts:AssumeRole' })], PROVIDER, 'deny'],
    ['sts:*', [irsaStatement({ Action: 'sts:*' })], PROVIDER, 'allow'],
    ['sts:AssumeRoleWith* in lower case', [irsaStatement({ Action: 'STS:assumerolewith*' })], PROVIDER, 'allow'],
    ['NotAction that does not exclude it', [irsaStatement({ Action: undefined, NotAction: 'sts:AssumeRole' })], PROVIDER, 'allow'],
    ['https:// in the condition key', [irsaStatement({ Condition: { StringEquals: { [`https://${HOST}:sub`]: SUB } } })], PROVIDER, 'deny'],
    [
      'negated operator on an https:// key is over-permissive',
      [irsaStatement({ Condition: { StringNotEquals: { [`https://${HOST}:sub`]: 'x' } } })],
      PROVIDER,
      'allow',
    ],
    [
      'an explicit Deny',
      [irsaStatement(), { Effect: 'Deny', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity' }],
      PROVIDER,
      'deny',
      true,
    ],
    ['Deny for another principal does not apply', [irsaStatement(), { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:*' }], PROVIDER, 'allow'],
  ])('%s', (_name, statements, provider, result, explicitDeny = false) => {
    const trust = doc(
      statements.map((s) => JSON.parse(JSON.stringify(s)) as Raw),
      'trust:cart',
    );
    const d = evaluateTrust(trust, { action: 'sts:AssumeRoleWithWebIdentity', principalMatches: federated(provider), context: trustContext });
    expect(d.result).toBe(result);
    expect(d.explicitDeny).toBe(explicitDeny);
  });

  it('reports the condition a trust statement depends on', () => {
    const trust = doc([irsaStatement({ Condition: { StringEquals: { [`${HOST}:sub`]: SUB }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })], 'trust:cart');
    const d = evaluateTrust(trust, {
      action: 'sts:AssumeRoleWithWebIdentity',
      principalMatches: federated(PROVIDER),
      context: contextFrom({ [`${HOST}:sub`]: SUB }),
    });
    expect(d.result).toBe('unknown');
    expect(d.allowedBy).toEqual([{ source: 'trust:cart', index: 0 }]);
    expect(d.unknownConditions.map((u) => `${u.operator} ${u.key}`)).toEqual(['IpAddress aws:SourceIp']);
  });
});

describe('a Deny whose Resource holds a policy variable', () => {
  it('is "possibly denied", never ignored', () => {
    const allow = parsePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }] }, 'allow');
    const deny = parsePolicyDocument(
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}' }] },
      'deny',
    );
    const request = { action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:ap-south-1:111122223333:table/Items', context: contextFrom({}) };
    const d = evaluateIdentity([allow, deny], request);
    expect(d.result).toBe('unknown');
    expect(d.unknownConditions[0]?.operator).toBe('Resource');
    // A resource the Deny cannot cover, whatever the variable resolves to, stays allowed.
    const other = evaluateIdentity([allow, deny], { ...request, resource: 'arn:aws:s3:::bucket' });
    expect(other.result).toBe('allow');
  });
});

describe('an Allow whose NotResource holds a policy variable', () => {
  it('is "allowed only if", never a plain allow', () => {
    const allow = parsePolicyDocument(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', NotResource: 'arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}' }],
      },
      'allow',
    );
    const d = evaluateIdentity([allow], {
      action: 'dynamodb:GetItem',
      resource: 'arn:aws:dynamodb:ap-south-1:111122223333:table/Items',
      context: contextFrom({}),
    });
    expect(d.result).toBe('unknown');
    expect(d.unknownConditions[0]?.operator).toBe('NotResource');
  });
});

import { describe } from '@jest/globals';
import oidcProvider from '../../src/checks/oidc.provider.js';
import trustPrincipal from '../../src/checks/trust.principal.js';
import trustSubject from '../../src/checks/trust.subject.js';
import trustAudience from '../../src/checks/trust.audience.js';
import policyActions from '../../src/checks/policy.actions.js';
import policyResource from '../../src/checks/policy.resource.js';
import { ACCOUNT, ISSUER_HOST, PROVIDER_ARN, TABLE_ARN, contextWith, guidePolicy, trustDocument, unavailable, type FactValues } from '../helpers/fake-facts.js';
import { checkCases } from '../helpers/check-cases.js';
import { decodeDocument, parsePolicyDocument } from '../../src/iam/document.js';
import type { OidcProviderFact, RoleFact } from '../../src/facts/types.js';
import type { PolicyDocument } from '../../src/iam/types.js';

const SUB = 'system:serviceaccount:retail-store-prod:cart-sa';
const role = (v: FactValues) => v.role as RoleFact;
const withTrust = (doc: PolicyDocument) => (v: FactValues) => (role(v).trust = doc);
const trustRaw = (statement: object) => withTrust(parsePolicyDocument(decodeDocument(encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [statement] })), 't', 't'), 'trust'));
const fed = { Federated: PROVIDER_ARN };
const policy = (...docs: PolicyDocument[]) => (v: FactValues) => (v.policies = { identity: docs.map((d, i) => ({ name: `p${i}`, document: d })) });
const raw = (statement: object | object[]) => parsePolicyDocument({ Version: '2012-10-17', Statement: statement }, 'arn:aws:iam::111122223333:policy/p');
const ACTIONS = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan'].map((a) => `dynamodb:${a}`);
const noRole = (v: FactValues) => (v.roleRef = undefined);

describe('oidc.provider', () =>
  checkCases(oidcProvider, [
    { name: 'present with sts', ctx: () => contextWith(), status: 'pass' },
    { name: 'missing', ctx: () => contextWith((v) => Object.assign(v.oidcProvider as OidcProviderFact, { found: false, clientIds: [], others: [] })), status: 'fail', says: ['No OpenIDConnect provider'], fix: ['associate-iam-oidc-provider', 'cart-cluster'] },
    { name: 'without sts.amazonaws.com', ctx: () => contextWith((v) => ((v.oidcProvider as OidcProviderFact).clientIds = ['sts.amazon.com'])), status: 'fail', says: ['Incorrect token audience'], fix: ['add-client-id-to-open-id-connect-provider'] },
    { name: 'denied', ctx: () => contextWith((v) => (v.oidcProvider = unavailable('iam:GetOpenIDConnectProvider'))), status: 'error' },
  ]));

describe('trust.principal', () =>
  checkCases(trustPrincipal, [
    { name: 'guide trust', ctx: () => contextWith(), status: 'pass' },
    { name: 'old cluster id', ctx: () => contextWith(trustRaw({ Effect: 'Allow', Principal: { Federated: PROVIDER_ARN.replace('EXAMPLED539D4633E53DE1B71EXAMPLE', 'OLDCLUSTERID') }, Action: 'sts:AssumeRoleWithWebIdentity' })), status: 'fail', says: ['OLDCLUSTERID'], fix: ['update-assume-role-policy', ISSUER_HOST] },
    { name: 'sts:AssumeRole only', ctx: () => contextWith(trustRaw({ Effect: 'Allow', Principal: fed, Action: 'sts:AssumeRole' })), status: 'fail', says: ['sts:AssumeRole'] },
    { name: 'sts:* is enough', ctx: () => contextWith(trustRaw({ Effect: 'Allow', Principal: fed, Action: 'sts:*', Condition: { StringEquals: { [`${ISSUER_HOST}:sub`]: SUB } } })), status: 'pass' },
    { name: 'no role named', ctx: () => contextWith(noRole), status: 'skip' },
    { name: 'role missing', ctx: () => contextWith((v) => (role(v).found = false)), status: 'skip' },
    { name: 'GetRole denied', ctx: () => contextWith((v) => (v.role = unavailable())), status: 'error' },
  ]));

describe('trust.subject', () =>
  checkCases(trustSubject, [
    { name: 'exact sub', ctx: () => contextWith(), status: 'pass' },
    { name: 'wrong namespace', ctx: () => contextWith(withTrust(trustDocument('system:serviceaccount:default:cart-sa'))), status: 'fail', says: ['system:serviceaccount:default:cart-sa'], fix: [SUB] },
    { name: '* under StringEquals', ctx: () => contextWith(trustRaw({ Effect: 'Allow', Principal: fed, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:retail-store-prod:*' } } })), status: 'fail', says: ['literally'] },
    { name: 'https:// in the key', ctx: () => contextWith(trustRaw({ Effect: 'Allow', Principal: fed, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`https://${ISSUER_HOST}:sub`]: SUB } } })), status: 'fail', says: ['https://'] },
    { name: 'no sub condition', ctx: () => contextWith(trustRaw({ Effect: 'Allow', Principal: fed, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } } })), status: 'fail', says: ['any pod'] },
    { name: 'namespace glob', ctx: () => contextWith(trustRaw({ Effect: 'Allow', Principal: fed, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:retail-store-prod:*' } } })), status: 'warn' },
    { name: 'undecidable extra condition', ctx: () => contextWith(trustRaw({ Effect: 'Allow', Principal: fed, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${ISSUER_HOST}:sub`]: SUB }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })), status: 'warn', says: ['aws:SourceIp'] },
    { name: 'principal wrong', ctx: () => contextWith(trustRaw({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::1:oidc-provider/x' }, Action: 'sts:AssumeRoleWithWebIdentity' })), status: 'skip' },
    { name: 'GetRole denied', ctx: () => contextWith((v) => (v.role = unavailable())), status: 'error' },
  ]));

describe('trust.audience', () =>
  checkCases(trustAudience, [
    { name: 'sts.amazonaws.com', ctx: () => contextWith(), status: 'pass' },
    { name: 'no aud condition', ctx: () => contextWith(trustRaw({ Effect: 'Allow', Principal: fed, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${ISSUER_HOST}:sub`]: SUB } } })), status: 'warn' },
    { name: 'sts.amazon.com', ctx: () => contextWith(trustRaw({ Effect: 'Allow', Principal: fed, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${ISSUER_HOST}:sub`]: SUB, [`${ISSUER_HOST}:aud`]: 'sts.amazon.com' } } })), status: 'fail', says: ['sts.amazon.com'] },
    { name: 'principal wrong', ctx: () => contextWith(trustRaw({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' })), status: 'skip' },
    { name: 'cluster unknown', ctx: () => contextWith((v) => (v.cluster = unavailable('eks:DescribeCluster'))), status: 'error' },
  ]));

describe('policy.actions', () =>
  checkCases(policyActions, [
    { name: 'guide policy', ctx: () => contextWith(), status: 'pass' },
    { name: 'dynamodb:* on table/*', ctx: () => contextWith(policy(raw({ Effect: 'Allow', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/*` }))), status: 'pass' },
    { name: 'wrong region', ctx: () => contextWith(policy(guidePolicy('arn:aws:dynamodb:us-east-1:111122223333:table/Items'))), status: 'fail', says: ['us-east-1'], fix: [TABLE_ARN, 'put-role-policy'] },
    { name: 'explicit deny', ctx: () => contextWith(policy(guidePolicy(), raw({ Sid: 'NoDelete', Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' }))), status: 'fail', says: ['NoDelete'] },
    { name: 'boundary blocks Scan', ctx: () => contextWith((v) => (v.policies = { identity: [{ name: 'p', document: guidePolicy() }], boundary: { name: 'arn:aws:iam::111122223333:policy/boundary', document: raw({ Effect: 'Allow', Action: ACTIONS.slice(0, 5), Resource: '*' }) } })), status: 'fail', says: ['dynamodb:Scan', 'boundary'] },
    { name: 'conditional allow', ctx: () => contextWith(policy(raw({ Effect: 'Allow', Action: ACTIONS, Resource: TABLE_ARN, Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:userid}'] } } }))), status: 'warn', says: ['dynamodb:LeadingKeys'] },
    { name: 'retail index query needs the index ARN', ctx: () => contextWith(policy(guidePolicy()), 'retail-store'), status: 'fail', says: ['index/idx_global_customerId'] },
    { name: 'no role', ctx: () => contextWith(noRole), status: 'skip' },
    { name: 'policies denied', ctx: () => contextWith((v) => (v.policies = unavailable('iam:ListAttachedRolePolicies'))), status: 'error' },
  ]));

describe('policy.resource', () =>
  checkCases(policyResource, [
    { name: 'exact ARN', ctx: () => contextWith(), status: 'pass' },
    { name: 'wildcards', ctx: () => contextWith(policy(raw({ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }))), status: 'warn', says: ['dynamodb:*'] },
    { name: 'wrong region', ctx: () => contextWith(policy(guidePolicy('arn:aws:dynamodb:us-east-1:111122223333:table/Items'))), status: 'fail', says: ['us-east-1'] },
    { name: 'no dynamodb statement', ctx: () => contextWith(policy(raw({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }))), status: 'fail' },
    { name: 'no role', ctx: () => contextWith(noRole), status: 'skip' },
    { name: 'policies denied', ctx: () => contextWith((v) => (v.policies = unavailable('iam:ListAttachedRolePolicies'))), status: 'error' },
  ]));

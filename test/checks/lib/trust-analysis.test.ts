// The helpers trust.principal, trust.subject and trust.audience share, tested directly: the
// mutation run (npm run mutation) showed survivors here that the per-check tables miss
// (cross-account IRSA, mixesIssuers, Deny statements counted as principal statements).
import { describe, expect, it } from '@jest/globals';
import {
  conditionKeys,
  conditionPart,
  coversProvider,
  describeUnknown,
  isClaimKey,
  judgeStatements,
  keyProblem,
  mixesIssuers,
  namesEveryone,
  pinsClaim,
  principalStatements,
  statementName,
  tokenAudience,
  trustPolicyFix,
  trustSetup,
  type TrustSetup,
} from '../../../src/checks/lib/trust-analysis.js';
import type { Outcome } from '../../../src/checks/lib/types.js';
import { FactUnavailable } from '../../../src/errors.js';
import type { ClusterFact, RoleFact, RoleRef, ServiceAccountFact } from '../../../src/facts/types.js';
import type { Statement } from '../../../src/iam/types.js';
import { contextWith, unavailable } from '../../helpers/fake-facts.js';
import { ACCOUNT, HOST, OLD_HOST, PROVIDER_ARN, SUB, documentOf, subAud, trustOf, webIdentity } from '../iam-fixtures.js';

const OTHER_ACCOUNT = '999988887777';

async function setupOf(...args: Parameters<typeof contextWith>): Promise<TrustSetup> {
  const s = await trustSetup(contextWith(...args));
  if ('status' in s) throw new Error(`expected a setup, got ${s.status}: ${s.message}`);
  return s;
}

async function outcomeOf(...args: Parameters<typeof contextWith>): Promise<Outcome> {
  const s = await trustSetup(contextWith(...args));
  if (!('status' in s)) throw new Error('expected an outcome');
  return s;
}

async function errorOf(...args: Parameters<typeof contextWith>): Promise<FactUnavailable> {
  try {
    await trustSetup(contextWith(...args));
  } catch (e) {
    if (e instanceof FactUnavailable) return e;
    throw e;
  }
  throw new Error('expected a FactUnavailable');
}

describe('trustSetup', () => {
  it('describes the pod’s web-identity request', async () => {
    const s = await setupOf();
    expect(s).toMatchObject({ roleName: 'cart-dynamodb-role', host: HOST, providerArn: PROVIDER_ARN, sub: SUB, audience: 'sts.amazonaws.com' });
    expect(s.context(`${HOST}:sub`)).toEqual({ kind: 'value', values: [SUB] });
    expect(s.context(`${HOST}:aud`)).toEqual({ kind: 'value', values: ['sts.amazonaws.com'] });
    // Another issuer's claims, or an amr claim, never exist in this request; anything else is unknown.
    expect(s.context(`${OLD_HOST}:sub`)).toEqual({ kind: 'absent' });
    expect(s.context(`https://${HOST}:aud`)).toEqual({ kind: 'absent' });
    expect(s.context(`${HOST}:amr`)).toEqual({ kind: 'absent' });
    expect(s.context(`${HOST}:subject`)).toEqual({ kind: 'unknown' });
    expect(s.context('aws:sourceip')).toEqual({ kind: 'unknown' });
  });

  it('looks for the provider in the role’s account (cross-account IRSA)', async () => {
    const s = await setupOf((v) => ((v.roleRef as RoleRef).account = OTHER_ACCOUNT));
    expect(s.providerArn).toBe(`arn:aws:iam::${OTHER_ACCOUNT}:oidc-provider/${HOST}`);
  });

  it('falls back to the cluster’s account and uses the role’s partition', async () => {
    const s = await setupOf((v) => {
      v.roleRef = { name: 'r', partition: 'aws-cn', from: 'flag' };
      (v.cluster as ClusterFact).account = OTHER_ACCOUNT;
    });
    expect(s.providerArn).toBe(`arn:aws-cn:iam::${OTHER_ACCOUNT}:oidc-provider/${HOST}`);
    expect(s.roleName).toBe('r');
  });

  it('reads the issuer host without scheme (any case) or trailing slashes', async () => {
    const s = await setupOf((v) => ((v.cluster as ClusterFact).issuer = `HTTPS://${HOST}//`));
    expect(s.host).toBe(HOST);
  });

  it('names the target’s namespace and ServiceAccount in the subject', async () => {
    const s = await setupOf(() => {}, 'guide', { namespace: 'ns', serviceAccount: 'sa' });
    expect(s.sub).toBe('system:serviceaccount:ns:sa');
    expect(s.context(`${HOST}:sub`)).toEqual({ kind: 'value', values: ['system:serviceaccount:ns:sa'] });
  });

  it('skips naming sa.annotation without a role, or when the role does not exist', async () => {
    const unnamed = await outcomeOf((v) => (v.roleRef = undefined));
    expect(unnamed).toMatchObject({ status: 'skip', evidence: { prerequisite: 'sa.annotation' } });
    expect(unnamed.message).toContain('no IAM role is named (no valid role-arn annotation and no --role)');
    const missing = await outcomeOf((v) => ((v.role as RoleFact).found = false));
    expect(missing).toMatchObject({ status: 'skip', evidence: { prerequisite: 'sa.annotation' } });
    expect(missing.message).toContain('role cart-dynamodb-role does not exist');
  });

  it('cannot judge without a trust document, an issuer or an account', async () => {
    expect((await errorOf((v) => delete (v.role as RoleFact).trust)).message).toContain('iam:GetRole cart-dynamodb-role returned no AssumeRolePolicyDocument');
    expect((await errorOf((v) => delete (v.cluster as ClusterFact).issuer)).message).toContain('cluster cart-cluster reports no OIDC issuer');
    expect((await errorOf((v) => ((v.cluster as ClusterFact).found = false))).message).toContain('cluster cart-cluster was not found');
    const noAccount = await errorOf((v) => {
      delete (v.roleRef as RoleRef).account;
      delete (v.cluster as ClusterFact).account;
    });
    expect(noAccount.message).toContain('the AWS account of role cart-dynamodb-role is unknown');
  });
});

describe('tokenAudience', () => {
  const sa = (annotations: Record<string, string>) => (v: Parameters<Parameters<typeof contextWith>[0] & object>[0]) =>
    ((v.serviceAccount as ServiceAccountFact).annotations = annotations);
  it('is the ServiceAccount’s audience annotation, trimmed', async () => {
    expect(await tokenAudience(contextWith(sa({ 'eks.amazonaws.com/audience': ' custom ' })))).toBe('custom');
  });
  it('is the expected audience without (or with a blank) annotation, or without the ServiceAccount', async () => {
    expect(await tokenAudience(contextWith(sa({ 'eks.amazonaws.com/audience': '  ' })))).toBe('sts.amazonaws.com');
    expect(await tokenAudience(contextWith(sa({})))).toBe('sts.amazonaws.com');
    expect(await tokenAudience(contextWith((v) => (v.serviceAccount = unavailable('serviceaccounts get'))))).toBe('sts.amazonaws.com');
  });
  it('lets any other error through', async () => {
    await expect(tokenAudience(contextWith((v) => (v.serviceAccount = new TypeError('bug'))))).rejects.toThrow('bug');
  });
});

const stmt = (draft: Partial<Statement>): Statement => ({ index: 0, effect: 'Allow', ...draft });

describe('statement helpers', () => {
  it('statementName prefers the Sid, else counts from 1', () => {
    expect(statementName(stmt({ sid: 'Cart' }))).toBe('statement "Cart"');
    expect(statementName(stmt({ index: 2 }))).toBe('statement #3');
    expect(statementName(stmt({ index: 2, sid: '' }))).toBe('statement #3');
  });

  it('namesEveryone: "*", AWS "*" or Federated "*"', () => {
    expect([undefined, {}, { any: true }, { AWS: ['x', '*'] }, { Federated: ['*'] }, { Service: ['*'] }, { AWS: ['x'] }].map(namesEveryone)).toEqual([
      false,
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('coversProvider through Principal or NotPrincipal', () => {
    const covers = (draft: Partial<Statement>) => coversProvider(stmt(draft), PROVIDER_ARN);
    expect(covers({ principal: { Federated: [PROVIDER_ARN] } })).toBe(true);
    expect(covers({ principal: { Federated: ['arn:other'] } })).toBe(false);
    expect(covers({ principal: { AWS: ['*'] } })).toBe(true);
    expect(covers({ principal: { AWS: [PROVIDER_ARN] } })).toBe(false);
    expect(covers({ notPrincipal: { Federated: ['arn:other'] } })).toBe(true);
    expect(covers({ notPrincipal: { AWS: ['arn:aws:iam::1:root'] } })).toBe(true);
    expect(covers({ notPrincipal: { Federated: [PROVIDER_ARN] } })).toBe(false);
    expect(covers({ notPrincipal: { any: true } })).toBe(false);
    expect(covers({})).toBe(false);
  });
});

describe('principalStatements', () => {
  it('keeps only Allow statements for this provider and the web-identity action', async () => {
    const trust = trustOf(
      webIdentity(subAud()),
      webIdentity(subAud(), { effect: 'Deny' }),
      webIdentity(subAud(), { action: ['sts:AssumeRole'] }),
      webIdentity(subAud(), { principal: { Federated: ['arn:aws:iam::1:oidc-provider/other'] } }),
      webIdentity(subAud(), { principal: { any: true } }),
    );
    const s = await setupOf((v) => ((v.role as RoleFact).trust = trust));
    expect(principalStatements(s).map((st) => st.index)).toEqual([0, 4]);
  });
});

describe('condition keys', () => {
  const block = { StringEquals: { [`${HOST}:SUB`]: ['a'], [`${HOST}:aud`]: ['b'] }, StringLike: { 'aws:SourceIp': ['c'] } };
  it('conditionPart keeps the selected keys (compared in lower case) and drops emptied operators', () => {
    expect(conditionPart(block, isClaimKey('sub'))).toEqual({ StringEquals: { [`${HOST}:SUB`]: ['a'] } });
    expect(conditionPart(undefined, () => true)).toEqual({});
  });
  it('conditionKeys lists each selected key with its operator and values', () => {
    expect(conditionKeys(block, (k) => k.startsWith('oidc') || k === 'aws:sourceip')).toEqual([
      { op: 'StringEquals', key: `${HOST}:SUB`, values: ['a'] },
      { op: 'StringEquals', key: `${HOST}:aud`, values: ['b'] },
      { op: 'StringLike', key: 'aws:SourceIp', values: ['c'] },
    ]);
    expect(conditionKeys(undefined, () => true)).toEqual([]);
  });
  it('isClaimKey matches the claim suffix after a colon', () => {
    expect([`${HOST}:sub`, `${HOST}:aud`, 'x:subsub', 'sub'].map(isClaimKey('sub'))).toEqual([true, false, false, false]);
  });
});

describe('keyProblem, pinsClaim and mixesIssuers', () => {
  it('keyProblem: none for this host’s key in any case; https:// or another host otherwise', () => {
    expect(keyProblem(`${HOST.toUpperCase()}:SUB`, HOST, 'sub')).toBeUndefined();
    expect(keyProblem(`https://${HOST}:sub`, HOST, 'sub')).toBe(
      `key "https://${HOST}:sub" starts with https://, so it never exists in the request (the key is "${HOST}:sub")`,
    );
    expect(keyProblem(`HTTP://${HOST}:sub`, HOST, 'sub')).toContain('starts with https://');
    expect(keyProblem(`${OLD_HOST}:aud`, HOST, 'aud')).toBe(
      `key "${OLD_HOST}:aud" is for another issuer than this cluster's ${HOST} (an old or recreated cluster?), so it never exists in the request`,
    );
    expect(keyProblem(`${HOST}:aud`, HOST, 'sub')).toContain('another issuer');
  });

  it('pinsClaim: this host’s key under a positive operator', () => {
    const pins = (op: string, key = `${HOST}:sub`) => pinsClaim({ op, key, values: ['x'] }, HOST, 'sub');
    expect(pins('StringEquals')).toBe(true);
    expect(pins('ForAnyValue:StringLike')).toBe(true);
    expect(pins('forallvalues:StringEquals')).toBe(true);
    expect(pins('StringNotEquals')).toBe(false);
    expect(pins('ForAllValues:StringNotLike')).toBe(false);
    expect(pins('Null')).toBe(false);
    expect(pins('ForAnyValue:Null')).toBe(false);
    expect(pins('StringEquals', `${OLD_HOST}:sub`)).toBe(false);
  });

  it('mixesIssuers: this host’s key AND-ed with another host’s (not an https:// one)', () => {
    const keys = (...names: string[]) => names.map((key) => ({ op: 'StringEquals', key, values: ['x'] }));
    expect(mixesIssuers(keys(`${HOST}:sub`, `${OLD_HOST}:sub`), HOST, 'sub')).toBe(true);
    expect(mixesIssuers(keys(`${HOST}:sub`), HOST, 'sub')).toBe(false);
    expect(mixesIssuers(keys(`${OLD_HOST}:sub`), HOST, 'sub')).toBe(false);
    expect(mixesIssuers(keys(`${HOST}:sub`, `https://${HOST}:sub`), HOST, 'sub')).toBe(false);
    expect(mixesIssuers(keys(`${HOST}:sub`, `http://${OLD_HOST}:sub`), HOST, 'sub')).toBe(false);
    expect(mixesIssuers([], HOST, 'sub')).toBe(false);
  });
});

describe('judgeStatements and describeUnknown', () => {
  it('evaluates the kept part of each condition, naming the statement by Sid', async () => {
    const trust = documentOf(
      'trust',
      webIdentity({ ...subAud(), IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } }, { sid: 'Cart' }),
      webIdentity({ StringEquals: { [`${HOST}:sub`]: ['system:serviceaccount:other:x'] } }),
    );
    const s = await setupOf((v) => ((v.role as RoleFact).trust = trust));
    const [first, second] = judgeStatements(s, trust.statements, (k) => !k.endsWith(':aud'), isClaimKey('sub'));
    expect(first!.keys).toEqual([{ op: 'StringEquals', key: `${HOST}:sub`, values: [SUB] }]);
    expect(first!.result.value).toBe('unknown');
    expect(first!.result.unknown[0]!.statement).toEqual({ source: 'trust', index: 0, sid: 'Cart' });
    expect(describeUnknown(first!)).toBe('IpAddress aws:SourceIp ["10.0.0.0/8"]');
    expect(second!.result).toMatchObject({ value: 'false', falseKeys: [`${HOST}:sub`] });
    expect(describeUnknown(second!)).toBe('');
  });

  it('reads ${...} as text in a 2008-10-17 trust policy', async () => {
    const condition = { StringEquals: { [`${HOST}:sub`]: [`\${${HOST}:sub}`] } };
    const verdict = async (version: string) => {
      const trust = { ...documentOf('trust', webIdentity(condition)), version };
      const s = await setupOf((v) => ((v.role as RoleFact).trust = trust));
      return judgeStatements(s, trust.statements, () => true, isClaimKey('sub'))[0]!.result.value;
    };
    expect(await verdict('2008-10-17')).toBe('false');
    expect(await verdict('2012-10-17')).toBe('true');
  });
});

describe('trustPolicyFix', () => {
  it('writes the guide’s trust document for this run and the command to set it', async () => {
    const s = await setupOf();
    const fix = trustPolicyFix(s, 'ns', 'sa');
    expect(fix).toContain(`"Federated": "${PROVIDER_ARN}"`);
    expect(fix).toContain(`"${HOST}:sub": "system:serviceaccount:ns:sa"`);
    expect(fix).toContain(`"${HOST}:aud": "sts.amazonaws.com"`);
    expect(fix).toContain('"Action": "sts:AssumeRoleWithWebIdentity"');
    expect(fix).toContain('aws iam update-assume-role-policy --role-name cart-dynamodb-role --policy-document file://trust.json');
    expect(fix).toContain('Set the trust policy of cart-dynamodb-role');
    expect(ACCOUNT).toBe(PROVIDER_ARN.split(':')[4]);
  });
});

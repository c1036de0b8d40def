import { describe, it, expect } from '@jest/globals';
import check from '../../src/checks/trust.subject.js';
import { checkCases, prerequisiteCases, type CheckCase } from '../helpers/check-cases.js';
import { contextWith, trustDocument } from '../helpers/fake-facts.js';
import {
  ACCOUNT,
  AUD_KEY,
  OLD_HOST,
  PROVIDER_ARN,
  SUB,
  SUB_KEY,
  parsed,
  rawTrust,
  run,
  subAud,
  trustOf,
  webIdentity,
  withTrust,
  workshop,
} from './iam-fixtures.js';

const oldProvider = `arn:aws:iam::${ACCOUNT}:oidc-provider/${OLD_HOST}`;
const only = (condition?: Parameters<typeof webIdentity>[0]) => withTrust(trustOf(webIdentity(condition)));

const cases: CheckCase[] = [
  { name: 'StringEquals on the exact subject', ctx: contextWith(), status: 'pass', says: [SUB] },
  { name: 'StringLike on the exact subject', ctx: only(subAud(SUB, 'StringLike')), status: 'pass' },
  { name: 'a value list naming this SA and another', ctx: only(subAud([SUB, 'system:serviceaccount:other:x'])), status: 'pass' },
  { name: 'the key name in another case', ctx: only({ StringEquals: { [SUB_KEY.toUpperCase()]: [SUB], [AUD_KEY]: ['sts.amazonaws.com'] } }), status: 'pass' },
  {
    name: "one statement per cluster (the old cluster's first)",
    ctx: withTrust(trustOf(webIdentity({ StringEquals: { [`${OLD_HOST}:sub`]: [SUB] } }, { principal: { Federated: [oldProvider] } }), webIdentity(subAud()))),
    status: 'pass',
    says: ['statement #2'],
  },
  {
    name: 'T6: StringLike with a namespace glob',
    ctx: only(subAud('system:serviceaccount:retail-store-prod:*', 'StringLike')),
    status: 'warn',
    says: ['any ServiceAccount in namespace retail-store-prod'],
  },
  {
    name: 'T6: StringLike with a cluster-wide glob',
    ctx: only(subAud('system:serviceaccount:*', 'StringLike')),
    status: 'warn',
    says: ['any ServiceAccount in the cluster'],
  },
  {
    name: 'T6: StringLike with a ? glob',
    ctx: only(subAud('system:serviceaccount:retail-store-prod:cart-s?', 'StringLike')),
    status: 'warn',
    says: ['other ServiceAccounts'],
  },
  {
    name: 'a condition the doctor cannot know (aws:SourceIp)',
    ctx: only({ ...subAud(), IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } }),
    status: 'warn',
    says: ['IpAddress aws:SourceIp ["10.0.0.0/8"]'],
  },
  {
    name: 'T4: wrong namespace',
    ctx: only(subAud('system:serviceaccount:retail-store:cart-sa')),
    status: 'fail',
    says: ['system:serviceaccount:retail-store:cart-sa', `the pod presents ${SUB}`, 'namespace retail-store instead of retail-store-prod'],
  },
  {
    name: 'T4: wrong ServiceAccount name',
    ctx: only(subAud('system:serviceaccount:retail-store-prod:cart')),
    status: 'fail',
    says: ['ServiceAccount cart instead of cart-sa'],
  },
  {
    name: 'T4: the default ServiceAccount',
    ctx: only(subAud('system:serviceaccount:retail-store-prod:default')),
    status: 'fail',
    says: ['ServiceAccount default instead of cart-sa'],
  },
  { name: 'T4: a value in another case', ctx: only(subAud(SUB.toUpperCase())), status: 'fail', says: [SUB.toUpperCase()] },
  {
    name: 'T5: a * under StringEquals',
    ctx: only(subAud('system:serviceaccount:retail-store-prod:*')),
    status: 'fail',
    says: ['StringEquals treats * literally', 'StringLike'],
  },
  {
    name: 'T3: the key written with https://',
    ctx: only({ StringEquals: { [`https://${SUB_KEY}`]: [SUB], [AUD_KEY]: ['sts.amazonaws.com'] } }),
    status: 'fail',
    says: ['starts with https://', `"${SUB_KEY}"`],
  },
  {
    name: "T3: the old cluster's key",
    ctx: only({ StringEquals: { [`${OLD_HOST}:sub`]: [SUB] } }),
    status: 'fail',
    says: [`${OLD_HOST}:sub`, 'another issuer', 'recreated cluster'],
  },
  {
    name: "T10: two clusters' keys AND-ed under one StringEquals",
    ctx: withTrust(
      trustOf(webIdentity({ StringEquals: { [SUB_KEY]: [SUB], [`${OLD_HOST}:sub`]: [SUB] } }, { principal: { Federated: [PROVIDER_ARN, oldProvider] } })),
    ),
    status: 'fail',
    says: ['two issuers', 'its own statement'],
  },
  {
    name: 'T7: only an :aud condition',
    ctx: only({ StringEquals: { [AUD_KEY]: ['sts.amazonaws.com'] } }),
    status: 'fail',
    says: ['no :sub condition', 'any pod in the cluster'],
  },
  { name: 'T7: no Condition at all', ctx: only(undefined), status: 'fail', says: ['no :sub condition', 'any pod in the cluster'] },
  {
    name: 'T3+T7: an https:// key under a negated operator (true for every token)',
    ctx: only({ StringNotEquals: { [`https://${SUB_KEY}`]: ['system:serviceaccount:kube-system:x'] } }),
    status: 'fail',
    says: ['does not pin', 'any pod in the cluster'],
  },
  {
    name: 'T7: a negated :sub test only',
    ctx: only({ StringNotEquals: { [SUB_KEY]: ['system:serviceaccount:kube-system:x'] } }),
    status: 'fail',
    says: ['does not pin', 'any pod'],
  },
  {
    name: 'trust.principal fails (old provider)',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [oldProvider] } }))),
    status: 'skip',
    says: ['see trust.principal'],
  },
  // Raw JSON through the parser, as GetRole returns it.
  {
    name: 'T4: the default namespace (guide trust document)',
    ctx: withTrust(trustDocument('system:serviceaccount:default:cart-sa')),
    status: 'fail',
    says: ['system:serviceaccount:default:cart-sa'],
    fix: [SUB],
  },
  {
    name: 'parsed JSON: https:// in the :sub key, no :aud test',
    ctx: withTrust(
      rawTrust({
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`https://${SUB_KEY}`]: SUB } },
      }),
    ),
    status: 'fail',
    says: ['https://'],
  },
  {
    name: 'parsed JSON: a namespace glob, no :aud test',
    ctx: withTrust(
      rawTrust({
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { [SUB_KEY]: 'system:serviceaccount:retail-store-prod:*' } },
      }),
    ),
    status: 'warn',
  },
  {
    name: 'parsed JSON: an undecidable extra condition, no :aud test',
    ctx: withTrust(
      rawTrust({
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [SUB_KEY]: SUB }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      }),
    ),
    status: 'warn',
    says: ['aws:SourceIp'],
  },
  {
    name: 'parsed JSON: trust.principal fails (a provider ARN of account 1)',
    ctx: withTrust(rawTrust({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::1:oidc-provider/x' }, Action: 'sts:AssumeRoleWithWebIdentity' })),
    status: 'skip',
  },
  ...prerequisiteCases(check),
];

const HOST = SUB_KEY.slice(0, -':sub'.length);
const rejects = (reasons: string) => `The trust condition of cart-dynamodb-role rejects ${SUB}: ${reasons}.`;
const throughGlob = (reach: string) => `The trust condition admits ${SUB}, but through a glob: ${reach}.`;

// The whole message where it lists reasons, globs or statements, and the evidence JSON consumers read.
const messageCases: CheckCase[] = [
  {
    name: 'T4: only the ServiceAccount name differs: only it is named',
    ctx: only(subAud('system:serviceaccount:retail-store-prod:cart')),
    status: 'fail',
    saysExactly: rejects(
      `StringEquals ${SUB_KEY} is ["system:serviceaccount:retail-store-prod:cart"], but the pod presents ${SUB} (ServiceAccount cart instead of cart-sa)`,
    ),
  },
  {
    name: 'T4: only the namespace differs: only it is named',
    ctx: only(subAud('system:serviceaccount:retail-store:cart-sa')),
    status: 'fail',
    saysExactly: rejects(
      `StringEquals ${SUB_KEY} is ["system:serviceaccount:retail-store:cart-sa"], but the pod presents ${SUB} (namespace retail-store instead of retail-store-prod)`,
    ),
  },
  {
    name: 'trust.principal fails: the skip names the provider and the role',
    ctx: withTrust(trustOf(webIdentity(subAud(), { principal: { Federated: [oldProvider] } }))),
    status: 'skip',
    says: [`no trust statement lets ${PROVIDER_ARN} assume cart-dynamodb-role`],
  },
  {
    name: 'T4: wrong namespace and name in two values: each difference named once',
    ctx: only(subAud(['system:serviceaccount:retail-store:cart', 'system:serviceaccount:retail-store:cart-sa'])),
    status: 'fail',
    saysExactly: rejects(
      `StringEquals ${SUB_KEY} is ["system:serviceaccount:retail-store:cart","system:serviceaccount:retail-store:cart-sa"], but the pod presents ${SUB} (namespace retail-store instead of retail-store-prod, ServiceAccount cart instead of cart-sa)`,
    ),
    evidence: {
      expected: { [SUB_KEY]: SUB },
      actual: [
        {
          statement: 'statement #1',
          sub: [{ op: 'StringEquals', key: SUB_KEY, values: ['system:serviceaccount:retail-store:cart', 'system:serviceaccount:retail-store:cart-sa'] }],
          admits: 'false',
        },
      ],
    },
  },
  {
    name: 'a value that is no subject at all: no difference to name',
    ctx: only(subAud('cart-sa')),
    status: 'fail',
    saysExactly: rejects(`StringEquals ${SUB_KEY} is ["cart-sa"], but the pod presents ${SUB}`),
  },
  {
    name: 'T5: a * under StringEquals next to another value, the whole message',
    ctx: only(subAud(['system:serviceaccount:other:x', 'system:serviceaccount:retail-store-prod:*'])),
    status: 'fail',
    saysExactly: rejects(
      'StringEquals treats * literally, so ["system:serviceaccount:other:x","system:serviceaccount:retail-store-prod:*"] matches no real subject (use StringLike, or better the exact name)',
    ),
  },
  {
    name: "T10: two clusters' keys AND-ed, the whole message",
    ctx: withTrust(
      trustOf(webIdentity({ StringEquals: { [SUB_KEY]: [SUB], [`${OLD_HOST}:sub`]: [SUB] } }, { principal: { Federated: [PROVIDER_ARN, oldProvider] } })),
    ),
    status: 'fail',
    saysExactly: rejects(
      `statement #1 ANDs the :sub keys of two issuers, which never exist together: each cluster needs its own statement; key "${OLD_HOST}:sub" is for another issuer than this cluster's ${HOST} (an old or recreated cluster?), so it never exists in the request`,
    ),
  },
  {
    name: 'another key of the token that is false for the pod (:amr)',
    ctx: only({ StringEquals: { [SUB_KEY]: [SUB], [`${HOST}:amr`]: ['authenticated'] } }),
    status: 'fail',
    saysExactly: rejects(`statement #1: the condition on ${HOST}:amr is false for this pod`),
  },
  {
    name: 'two statements rejecting for different reasons: both reasons',
    ctx: withTrust(trustOf(webIdentity(subAud('system:serviceaccount:other:cart-sa')), webIdentity(subAud('cart-sa')))),
    status: 'fail',
    saysExactly: rejects(
      `StringEquals ${SUB_KEY} is ["system:serviceaccount:other:cart-sa"], but the pod presents ${SUB} (namespace other instead of retail-store-prod); StringEquals ${SUB_KEY} is ["cart-sa"], but the pod presents ${SUB}`,
    ),
  },
  {
    name: 'T6: globs of every reach, each named once',
    ctx: withTrust(
      trustOf(
        webIdentity(
          subAud(
            ['system:serviceaccount:retail-*:cart-sa', 'system:serviceaccount:retail-store-prod:cart-s?', 'system:serviceaccount:retail-*:cart-sa'],
            'StringLike',
          ),
        ),
        webIdentity(subAud(['*', 'system:serviceaccount:*', 'system:serviceaccount:retail-store-prod:*'], 'StringLike')),
      ),
    ),
    status: 'warn',
    saysExactly: throughGlob(
      'system:serviceaccount:retail-*:cart-sa admits any ServiceAccount in the cluster; system:serviceaccount:retail-store-prod:cart-s? admits other ServiceAccounts too; ' +
        '* admits any ServiceAccount in the cluster; system:serviceaccount:* admits any ServiceAccount in the cluster; system:serviceaccount:retail-store-prod:* admits any ServiceAccount in namespace retail-store-prod',
    ),
    fix: ['# Scope it to the one ServiceAccount:', `"${SUB_KEY}": "${SUB}"`],
  },
  {
    name: 'a * among StringEquals values next to the exact subject: admitted, no glob',
    ctx: only(subAud([SUB, 'system:serviceaccount:other:*'])),
    status: 'pass',
    saysExactly: `The trust condition admits ${SUB} (statement #1).`,
  },
  {
    name: 'two statements admitting the pod: both named',
    ctx: withTrust(trustOf(webIdentity(subAud()), { sid: 'Again', ...webIdentity(subAud()) })),
    status: 'pass',
    saysExactly: `The trust condition admits ${SUB} (statement #1, statement "Again").`,
    evidence: {
      expected: { [SUB_KEY]: SUB },
      actual: [
        { statement: 'statement #1', admits: 'true' },
        { statement: 'statement "Again"', admits: 'true' },
      ],
    },
  },
  {
    name: 'T7: two negated :sub tests, both named',
    ctx: only({ StringNotEquals: { [SUB_KEY]: ['system:serviceaccount:kube-system:x'] }, StringNotLike: { [SUB_KEY]: ['system:serviceaccount:dev:*'] } }),
    status: 'fail',
    saysExactly: `In the trust policy of cart-dynamodb-role, statement #1 admits the pod, but its :sub test (StringNotEquals ${SUB_KEY}, StringNotLike ${SUB_KEY}) does not pin ${HOST}:sub to a name: any pod in the cluster can assume the role.`,
  },
  {
    name: 'conditions the doctor cannot know in two statements: all named, in the evidence too',
    ctx: withTrust(
      trustOf(
        webIdentity({ ...subAud(), IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } }),
        webIdentity({ ...subAud(), StringEquals: { [SUB_KEY]: [SUB], 'aws:SourceVpc': ['vpc-1'] } }),
      ),
    ),
    status: 'warn',
    saysExactly: `The trust condition admits ${SUB} only if conditions the doctor cannot evaluate hold: IpAddress aws:SourceIp ["10.0.0.0/8"]; StringEquals aws:SourceVpc ["vpc-1"].`,
    evidence: {
      unknown: [
        { operator: 'IpAddress', key: 'aws:SourceIp' },
        { operator: 'StringEquals', key: 'aws:SourceVpc' },
      ],
    },
    fix: ['# Check these conditions against the pod, or drop them from the trust statement.'],
  },
];

describe('trust.subject', () => {
  checkCases(check, [...cases, ...messageCases]);

  it('fixes a rejection with the exact condition and the update command', async () => {
    const result = await run(check, only(subAud('system:serviceaccount:retail-store:cart-sa')));
    expect(result.remediation).toContain(`"${SUB_KEY}": "${SUB}"`);
    expect(result.remediation).toContain('aws iam update-assume-role-policy --role-name cart-dynamodb-role');
    expect(result.evidence).toMatchObject({ expected: { [SUB_KEY]: SUB } });
  });

  it('judges the target namespace and ServiceAccount, not the defaults', async () => {
    const ctx = only(subAud('system:serviceaccount:shop:cart'));
    ctx.target = { ...ctx.target, namespace: 'shop', serviceAccount: 'cart' };
    expect((await run(check, ctx)).status).toBe('pass');
  });

  it.each([
    { name: "the EKS workshop's trust policy moved onto this cluster (StringEquals carts:carts)", move: true, status: 'pass' },
    { name: "the EKS workshop's trust policy as published (another cluster's provider)", move: false, status: 'skip' },
  ])('parsed JSON: $name → $status', async ({ move, status }) => {
    const trust = parsed(workshop('trust', move), 'trust policy of retail-store-carts-dynamo');
    const result = await run(
      check,
      withTrust(trust, () => {}, 'retail-store'),
    );
    expect(result.status).toBe(status);
  });

  it('parsed JSON: the guide trust policy with a wildcard under StringEquals fails', async () => {
    const raw = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: PROVIDER_ARN },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [SUB_KEY]: 'system:serviceaccount:retail-store-prod:*' } },
        },
      ],
    };
    const result = await run(check, withTrust(parsed(JSON.stringify(raw), 'trust policy of cart-dynamodb-role')));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('treats * literally');
  });
});

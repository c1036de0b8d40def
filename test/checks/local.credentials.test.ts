import { describe } from '@jest/globals';
import check from '../../src/checks/local.credentials.js';
import { contextWith, type FactValues } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { k3sContext } from '../helpers/k3s-world.js';
import type { DeploymentFact } from '../../src/facts/types.js';

const cart = (v: FactValues) => (v.deployment as DeploymentFact).containers[0]!;
const without = (...names: string[]) => k3sContext((v) => (cart(v).env = cart(v).env.filter((e) => !names.includes(e.name))));

describe('local.credentials', () =>
  checkCases(check, [
    { name: 'fake keys from the ConfigMap', ctx: () => k3sContext(), status: 'pass', says: ['AWS_ACCESS_KEY_ID from ConfigMap/carts', 'values not read'] },
    {
      name: 'keys set inline with a value, never printed',
      ctx: () =>
        k3sContext((v) =>
          cart(v)
            .env.filter((e) => e.name.startsWith('AWS_'))
            .forEach((e) => Object.assign(e, { source: 'env', from: undefined, value: 'AKIAIOSFODNN7EXAMPLE', redacted: false })),
        ),
      status: 'pass',
      never: ['AKIAIOSFODNN7EXAMPLE'],
    },
    {
      name: 'no keys at all',
      ctx: () => without('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'),
      status: 'fail',
      says: ['no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'],
    },
    {
      name: 'only the key id',
      ctx: () => without('AWS_SECRET_ACCESS_KEY'),
      status: 'fail',
      says: ['no AWS_SECRET_ACCESS_KEY'],
      fix: ['AWS_SECRET_ACCESS_KEY=local'],
    },
    {
      name: 'a key from a ConfigMap that does not exist is not set',
      ctx: () =>
        k3sContext((v) =>
          cart(v)
            .env.filter((e) => e.name === 'AWS_ACCESS_KEY_ID')
            .forEach((e) => (e.resolved = false)),
        ),
      status: 'fail',
    },
    {
      name: 'keys may hide in a Secret the doctor may not read',
      ctx: () =>
        k3sContext((v) => {
          cart(v).env = cart(v).env.filter((e) => !e.name.startsWith('AWS_'));
          cart(v).envFrom.push({ kind: 'Secret', name: 'dynamo-keys', optional: false, found: false, unreadable: true });
        }),
      status: 'warn',
      says: ['Secret/dynamo-keys'],
    },
    { name: 'on EKS it is not judged', ctx: () => contextWith(), status: 'skip', says: ['only on K3s'] },
    {
      name: 'the pass names each key and where it comes from, in the evidence too',
      ctx: () => k3sContext(),
      status: 'pass',
      saysExactly:
        'Credentials reach container cart: AWS_ACCESS_KEY_ID from ConfigMap/carts (envFrom) in container cart; ' +
        'AWS_SECRET_ACCESS_KEY from ConfigMap/carts (envFrom) in container cart (values not read).',
      evidence: { present: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] },
    },
    {
      name: 'no keys: the exact failure, evidence and fix',
      ctx: () => without('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'),
      status: 'fail',
      saysExactly: 'Container cart has no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: the SDK finds no credentials and never reaches the local DynamoDB.',
      evidence: { expected: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'], missing: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] },
      fix: [
        '# Any value works for DynamoDB Local (put them in the ConfigMap the Deployment already reads, if it has one):\n' +
          'kubectl -n carts set env deployment/carts -c cart AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local\n' +
          'kubectl -n carts rollout restart deployment/carts',
      ],
    },
    {
      name: 'keys in a sidecar only: the Cart container still has none',
      ctx: () =>
        k3sContext((v) => {
          const keys = cart(v).env.filter((e) => e.name.startsWith('AWS_'));
          cart(v).env = cart(v).env.filter((e) => !e.name.startsWith('AWS_'));
          (v.deployment as DeploymentFact).containers.push({ ...cart(v), name: 'sidecar', env: keys });
        }),
      status: 'fail',
      says: ['Container cart has no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'],
      fix: ['-c cart '],
    },
    {
      name: 'no Cart container identified: the fix sets env on the Deployment without -c',
      ctx: () =>
        k3sContext((v) => {
          cart(v).env = cart(v).env.filter((e) => !e.name.startsWith('AWS_'));
          (v.deployment as DeploymentFact).cartContainer = undefined;
        }),
      status: 'fail',
      says: ['Container ? has no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'],
      fix: ['kubectl -n carts set env deployment/carts AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local\n'],
    },
    {
      name: 'the warn names the missing keys and only the unreadable Secrets',
      ctx: () =>
        k3sContext((v) => {
          cart(v).env = cart(v).env.filter((e) => e.name !== 'AWS_SECRET_ACCESS_KEY');
          cart(v).envFrom.push(
            { kind: 'Secret', name: 'readable', optional: false, found: true },
            { kind: 'Secret', name: 'dynamo-keys', optional: false, found: false, unreadable: true },
            { kind: 'Secret', name: 'more-keys', optional: false, found: false, unreadable: true },
          );
        }),
      status: 'warn',
      saysExactly: 'AWS_SECRET_ACCESS_KEY not seen in container cart, but the doctor may not read Secret/dynamo-keys, Secret/more-keys, which may hold them.',
      evidence: { missing: ['AWS_SECRET_ACCESS_KEY'], unreadable: ['Secret/dynamo-keys', 'Secret/more-keys'] },
    },
    {
      name: 'the Deployment is missing: the skip names it',
      ctx: () => k3sContext((v) => ((v.deployment as DeploymentFact).found = false)),
      status: 'skip',
      saysExactly: 'Deployment carts/carts was not found (see deployment.service-account)',
    },
    {
      name: 'both keys missing, a Secret unreadable in the Cart container (not the first one): the warn names both keys',
      ctx: () =>
        k3sContext((v) => {
          const d = v.deployment as DeploymentFact;
          cart(v).env = cart(v).env.filter((e) => !e.name.startsWith('AWS_'));
          cart(v).envFrom.push({ kind: 'Secret', name: 'dynamo-keys', optional: false, found: false, unreadable: true });
          d.containers.unshift({ ...cart(v), name: 'sidecar', env: [], envFrom: [] });
        }),
      status: 'warn',
      saysExactly:
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY not seen in container cart, but the doctor may not read Secret/dynamo-keys, which may hold them.',
    },
    ...prerequisiteCases(check, { world: k3sContext }),
  ]));

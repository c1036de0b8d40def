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
    ...prerequisiteCases(check, { world: k3sContext }),
  ]));

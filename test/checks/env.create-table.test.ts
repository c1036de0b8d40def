import { describe } from '@jest/globals';
import check from '../../src/checks/env.create-table.js';
import type { DeploymentFact } from '../../src/facts/types.js';
import { contextWith } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { add, cart, fromConfigMap, fromSecret } from './env-fixtures.js';

const RESTART = 'kubectl -n retail-store-prod rollout restart deployment/cart-deployment';
const removeFromConfigMap = (key: string) =>
  `kubectl -n retail-store-prod patch configmap cart-config --type=json -p '[{"op":"remove","path":"/data/${key}"}]'   # or drop the envFrom`;

describe('env.create-table', () =>
  checkCases(check, [
    { name: 'none', ctx: () => contextWith(), status: 'pass' },
    { name: 'false', ctx: () => contextWith(add(fromConfigMap('RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE', 'false'))), status: 'pass' },
    {
      name: 'true through a ConfigMap',
      ctx: () => contextWith(add(fromConfigMap('CARTS_DYNAMODB_CREATETABLE', 'true'))),
      status: 'fail',
      says: ['CARTS_DYNAMODB_CREATETABLE'],
    },
    { name: 'hidden in a Secret', ctx: () => contextWith(add({ ...fromSecret('CREATE_TABLE') })), status: 'warn' },
    // Mutation testing (issue #14): the exact wording, evidence and remediation users act on.
    { name: 'none: the whole message', ctx: () => contextWith(), status: 'pass', saysExactly: 'No create-table flag in cart-deployment.' },
    {
      name: 'flags off: each named with its value',
      ctx: () => contextWith(add(fromConfigMap('RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE', 'false'), fromConfigMap('CREATETABLE', '0'))),
      status: 'pass',
      saysExactly: 'Create-table flags are off (RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE=false, CREATETABLE=0).',
    },
    {
      name: 'true through a ConfigMap: the whole message, evidence and fix',
      ctx: () => contextWith(add(fromConfigMap('CARTS_DYNAMODB_CREATETABLE', 'true'))),
      status: 'fail',
      saysExactly:
        'Create-table is on: CARTS_DYNAMODB_CREATETABLE from ConfigMap/cart-config (envFrom) in container cart = true; the app will try DeleteTable and CreateTable.',
      evidence: {
        expected: 'false or unset',
        actual: [{ name: 'CARTS_DYNAMODB_CREATETABLE', value: 'true', container: 'cart', from: 'ConfigMap/cart-config' }],
      },
      fix: [`# Turn it off:\n${removeFromConfigMap('CARTS_DYNAMODB_CREATETABLE')}\n${RESTART}`],
    },
    {
      name: 'two flags on, one set in env: both named, each removed its own way',
      ctx: () =>
        contextWith(
          add(fromConfigMap('CARTS_DYNAMODB_CREATETABLE', 'yes'), { name: 'CREATE_TABLE', value: '1', source: 'env', redacted: false, resolved: true }),
        ),
      status: 'fail',
      says: [
        'Create-table is on: CARTS_DYNAMODB_CREATETABLE from ConfigMap/cart-config (envFrom) in container cart = yes; CREATE_TABLE set in env in container cart = 1; the app',
      ],
      evidence: { actual: [{ name: 'CARTS_DYNAMODB_CREATETABLE' }, { name: 'CREATE_TABLE', value: '1', container: 'cart', from: null }] },
      fix: [
        `${removeFromConfigMap('CARTS_DYNAMODB_CREATETABLE')}\nkubectl -n retail-store-prod set env deployment/cart-deployment -c cart CREATE_TABLE-\n${RESTART}`,
      ],
    },
    {
      name: 'the same ConfigMap key in two containers: removed once',
      ctx: () =>
        contextWith((v) => {
          add(fromConfigMap('CREATE_TABLE', 'true'))(v);
          (v.deployment as DeploymentFact).containers.push({ ...cart(v), name: 'migrate', init: true, env: [fromConfigMap('CREATE_TABLE', 'true')] });
        }),
      status: 'fail',
      says: ['CREATE_TABLE from ConfigMap/cart-config (envFrom) in init container migrate = true'],
      fix: [`# Turn it off:\n${removeFromConfigMap('CREATE_TABLE')}\n${RESTART}`],
    },
    {
      name: 'hidden in a Secret: the whole message, evidence and fix',
      ctx: () => contextWith(add({ ...fromSecret('CREATE_TABLE') })),
      status: 'warn',
      saysExactly:
        'Cannot see the value of CREATE_TABLE from Secret/aws-creds (envFrom) in container cart; if it is true the app will try DeleteTable and CreateTable.',
      evidence: { unseen: ['CREATE_TABLE'] },
      fix: [
        `# Turn it off:\nkubectl -n retail-store-prod patch secret aws-creds --type=json -p '[{"op":"remove","path":"/data/CREATE_TABLE"}]'   # or drop the envFrom secretRef\n${RESTART}`,
      ],
    },
    {
      name: 'Deployment not found: the skip names it',
      ctx: () => contextWith((v) => ((v.deployment as DeploymentFact).found = false)),
      status: 'skip',
      says: ['Deployment retail-store-prod/cart-deployment was not found'],
    },
    ...prerequisiteCases(check),
  ]));

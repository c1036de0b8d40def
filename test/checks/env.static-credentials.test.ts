import { describe } from '@jest/globals';
import check from '../../src/checks/env.static-credentials.js';
import type { DeploymentFact } from '../../src/facts/types.js';
import { contextWith } from '../helpers/fake-facts.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { SECRET, add, cart, fromSecret } from './env-fixtures.js';

const RESTART = 'kubectl -n retail-store-prod rollout restart deployment/cart-deployment';
const removeFromSecret = (key: string) =>
  `kubectl -n retail-store-prod patch secret aws-creds --type=json -p '[{"op":"remove","path":"/data/${key}"}]'   # or drop the envFrom secretRef`;
const unreadableSecret = { kind: 'Secret' as const, name: 'aws-creds', optional: false, found: false, unreadable: true };

describe('env.static-credentials', () =>
  checkCases(check, [
    { name: 'no keys', ctx: () => contextWith(), status: 'pass' },
    {
      name: 'keys from a Secret via envFrom',
      ctx: () => contextWith(add(fromSecret('AWS_ACCESS_KEY_ID'), fromSecret('AWS_SECRET_ACCESS_KEY'))),
      status: 'fail',
      says: ['AWS_SECRET_ACCESS_KEY from Secret/aws-creds'],
      never: [SECRET],
    },
    {
      name: 'inline env key',
      ctx: () => contextWith(add({ name: 'AWS_ACCESS_KEY_ID', source: 'env', redacted: true, resolved: true })),
      status: 'fail',
      fix: ['set env deployment/cart-deployment -c cart AWS_ACCESS_KEY_ID-'],
    },
    {
      name: 'RBAC forbids a Secret the doctor may not read',
      ctx: () => contextWith((v) => cart(v).envFrom.push({ kind: 'Secret', name: 'aws-creds', optional: false, found: false, unreadable: true })),
      status: 'warn',
      says: ['Secret/aws-creds'],
      fix: ['get secrets'],
    },
    // Mutation testing (issue #14): the exact wording, evidence and remediation users act on.
    { name: 'no keys: the whole message', ctx: () => contextWith(), status: 'pass', saysExactly: 'No static AWS keys in any container of cart-deployment.' },
    {
      name: 'keys from a Secret via envFrom: the whole message, evidence and fix',
      ctx: () => contextWith(add(fromSecret('AWS_ACCESS_KEY_ID'), fromSecret('AWS_SECRET_ACCESS_KEY'))),
      status: 'fail',
      saysExactly:
        'Static AWS keys override IRSA: AWS_ACCESS_KEY_ID from Secret/aws-creds (envFrom) in container cart; AWS_SECRET_ACCESS_KEY from Secret/aws-creds (envFrom) in container cart.',
      evidence: {
        expected: 'no static keys',
        actual: [
          { name: 'AWS_ACCESS_KEY_ID', container: 'cart', source: 'envFrom:secret', from: 'Secret/aws-creds' },
          { name: 'AWS_SECRET_ACCESS_KEY', container: 'cart', source: 'envFrom:secret', from: 'Secret/aws-creds' },
        ],
      },
      fix: [
        `# Remove them (setup guide step 9), then let IRSA provide credentials:\n${removeFromSecret('AWS_ACCESS_KEY_ID')}\n${removeFromSecret('AWS_SECRET_ACCESS_KEY')}\n${RESTART}`,
      ],
    },
    {
      name: 'inline env key: no source object in the evidence',
      ctx: () => contextWith(add({ name: 'AWS_SESSION_TOKEN', source: 'env', redacted: true, resolved: true })),
      status: 'fail',
      evidence: { actual: [{ name: 'AWS_SESSION_TOKEN', container: 'cart', source: 'env', from: null }] },
    },
    {
      name: 'keys found and a Secret unreadable: the keys are the finding',
      ctx: () =>
        contextWith((v) => {
          add(fromSecret('AWS_ACCESS_KEY_ID'))(v);
          cart(v).envFrom.push(unreadableSecret);
        }),
      status: 'fail',
      says: ['Static AWS keys override IRSA'],
    },
    {
      name: 'a Secret unreadable in two containers, one readable: named per container, looked at once',
      ctx: () =>
        contextWith((v) => {
          cart(v).envFrom.push({ kind: 'Secret', name: 'cart-secrets', optional: false, found: true }, unreadableSecret);
          (v.deployment as DeploymentFact).containers.push({ ...cart(v), name: 'sidecar', env: [], envFrom: [unreadableSecret] });
        }),
      status: 'warn',
      saysExactly:
        'No static AWS keys seen, but the doctor may not read Secret/aws-creds (container cart), Secret/aws-creds (container sidecar), so it cannot tell whether they hold AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY.',
      evidence: { unreadable: ['Secret/aws-creds (container cart)', 'Secret/aws-creds (container sidecar)'] },
      fix: [
        "# Let the doctor get secrets in retail-store-prod (key names only; see `cart-doctor permissions`), or look at the key names by hand:\nkubectl -n retail-store-prod get secret aws-creds -o jsonpath='{.data}' | jq keys",
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

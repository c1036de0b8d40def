import { describe } from '@jest/globals';
import check from '../../src/checks/sa.exists.js';
import { ACCOUNT, ROLE_ARN, contextWith, unavailable } from '../helpers/fake-facts.js';
import { checkCases } from '../helpers/check-cases.js';
import type { ServiceAccountFact } from '../../src/facts/types.js';

describe('sa.exists', () =>
  checkCases(check, [
    { name: 'present', ctx: () => contextWith(), status: 'pass' },
    {
      name: 'missing',
      ctx: () => contextWith((v) => ((v.serviceAccount as ServiceAccountFact).found = false)),
      status: 'fail',
      fix: ['kind: ServiceAccount', 'name: cart-sa', 'namespace: retail-store-prod', ROLE_ARN, 'kubectl apply'],
      notSays: ['namespace'],
    },
    {
      // Issue 10: the input held cart-sa in another namespace, and the result did not say so.
      name: 'missing here, present in another namespace: named in message, evidence and fix',
      ctx: () => contextWith((v) => Object.assign(v.serviceAccount as ServiceAccountFact, { found: false, elsewhere: ['retail-store'] })),
      status: 'fail',
      says: ['retail-store-prod/cart-sa was not found', 'exists in namespace retail-store (retail-store/cart-sa)'],
      mentions: ['"foundInNamespaces":["retail-store"]'],
      fix: ['Wrong namespace', 'metadata.namespace: retail-store-prod', 'kubectl -n retail-store-prod', '--namespace retail-store'],
    },
    {
      name: 'missing here, present in two other namespaces',
      ctx: () => contextWith((v) => Object.assign(v.serviceAccount as ServiceAccountFact, { found: false, elsewhere: ['retail-store', 'default'] })),
      status: 'fail',
      says: ['namespaces retail-store, default'],
    },
    // Mutation testing (issue #14): the exact wording, evidence and remediation users act on.
    { name: 'present: the whole message', ctx: () => contextWith(), status: 'pass', saysExactly: 'ServiceAccount retail-store-prod/cart-sa exists.' },
    {
      name: 'missing: the whole message, evidence and the manifest to apply',
      ctx: () => contextWith((v) => ((v.serviceAccount as ServiceAccountFact).found = false)),
      status: 'fail',
      saysExactly: 'ServiceAccount retail-store-prod/cart-sa was not found.',
      evidence: { expected: 'retail-store-prod/cart-sa', actual: null },
      never: ['foundInNamespaces'],
      fix: [
        `# Create it (setup guide step 7):\ncat > cart-sa.yaml <<'YAML'\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: cart-sa\n  namespace: retail-store-prod\n  annotations:\n    eks.amazonaws.com/role-arn: ${ROLE_ARN}\nYAML\nkubectl apply -f cart-sa.yaml\n# Pods are created (and mutated by the webhook) once it exists:\nkubectl -n retail-store-prod rollout restart deployment/cart-deployment`,
      ],
    },
    {
      name: 'missing, and no role named anywhere: the placeholder is said',
      ctx: () => contextWith((v) => (((v.serviceAccount as ServiceAccountFact).found = false), (v.roleRef = undefined))),
      status: 'fail',
      fix: [
        '# Create it (setup guide step 7):\n# Fill in the placeholders: the role name is unknown: no valid role-arn annotation and no --role in this run.\ncat > cart-sa.yaml',
        `eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/<ROLE_NAME>\nYAML`,
      ],
    },
    {
      name: 'present in another namespace: the whole message, evidence and fix',
      ctx: () => contextWith((v) => Object.assign(v.serviceAccount as ServiceAccountFact, { found: false, elsewhere: ['retail-store'] })),
      status: 'fail',
      saysExactly:
        'ServiceAccount retail-store-prod/cart-sa was not found. A ServiceAccount of that name exists in namespace retail-store (retail-store/cart-sa), but a pod can only use one of its own namespace (retail-store-prod).',
      evidence: { expected: 'retail-store-prod/cart-sa', actual: null, foundInNamespaces: ['retail-store'] },
      fix: [
        "# Wrong namespace: retail-store/cart-sa is not retail-store-prod/cart-sa.\n# Set metadata.namespace: retail-store-prod in its manifest (or apply it with kubectl -n retail-store-prod);\n# if the app runs in retail-store instead, run cart-doctor with --namespace retail-store.\n# Or create it in retail-store-prod (setup guide step 7):\ncat > cart-sa.yaml <<'YAML'",
      ],
    },
    {
      name: 'present in two other namespaces: the whole message',
      ctx: () => contextWith((v) => Object.assign(v.serviceAccount as ServiceAccountFact, { found: false, elsewhere: ['retail-store', 'default'] })),
      status: 'fail',
      saysExactly:
        'ServiceAccount retail-store-prod/cart-sa was not found. A ServiceAccount of that name exists in namespaces retail-store, default (retail-store/cart-sa, default/cart-sa), but a pod can only use one of its own namespace (retail-store-prod).',
      fix: ['# Wrong namespace: retail-store/cart-sa, default/cart-sa is not', 'if the app runs in retail-store instead'],
    },
    { name: 'cluster unreadable', ctx: () => contextWith((v) => (v.serviceAccount = unavailable('get serviceaccounts'))), status: 'error' },
  ]));

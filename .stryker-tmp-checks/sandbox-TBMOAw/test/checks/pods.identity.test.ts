// @ts-nocheck
import { describe } from '@jest/globals';
import podsIdentity from '../../src/checks/pods.identity.js';
import type { DeploymentFact, PodFact, PodsFact, ServiceAccountFact } from '../../src/facts/types.js';
import { checkCases, prerequisiteCases } from '../helpers/check-cases.js';
import { ACCOUNT, REGION, ROLE_ARN, TOKEN_DIR, cartContainer, contextWith, mutatedPod, unavailable, type FactValues } from '../helpers/fake-facts.js';

const dep = (v: FactValues) => v.deployment as DeploymentFact;
const sa = (v: FactValues) => v.serviceAccount as ServiceAccountFact;
const pods = (v: FactValues, ...list: PodFact[]) => ((v.pods as PodsFact).pods = list);
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/old-cart-role`;
const restart = 'kubectl -n retail-store-prod rollout restart deployment/cart-deployment';
const ownEnv = (env: Record<string, string>) => (v: FactValues) => (dep(v).containers = [cartContainer({ TABLE_NAME: 'Items', ...env })]);

describe('pods.identity', () =>
  checkCases(podsIdentity, [
    { name: 'every pod mutated with the annotated role', ctx: () => contextWith(), status: 'pass', says: [ROLE_ARN, '1 pod(s)'] },
    {
      name: 'pod created before the annotation (no AWS_ROLE_ARN)',
      ctx: () => contextWith((v) => pods(v, mutatedPod(undefined, { AWS_ROLE_ARN: '', AWS_WEB_IDENTITY_TOKEN_FILE: '' }))),
      status: 'fail',
      says: ['no AWS_ROLE_ARN', 'restart needed', 'created 2026-11-20T10:00:00Z'],
      fix: [restart],
    },
    {
      name: 'one of three pods unmutated: names that pod only',
      ctx: () =>
        contextWith((v) => pods(v, mutatedPod('cart-a'), mutatedPod('cart-b', { AWS_ROLE_ARN: '', AWS_WEB_IDENTITY_TOKEN_FILE: '' }), mutatedPod('cart-c'))),
      status: 'fail',
      says: ['pod cart-b'],
      fix: [restart],
    },
    {
      name: 'pod older than the annotation (managedFields time known)',
      ctx: () =>
        contextWith(
          (v) => ((sa(v).annotatedAt = '2026-11-21T08:00:00Z'), pods(v, mutatedPod(undefined, { AWS_ROLE_ARN: '', AWS_WEB_IDENTITY_TOKEN_FILE: '' }))),
        ),
      status: 'fail',
      says: ['created before the annotation (2026-11-21T08:00:00Z)', 'restart needed'],
      fix: [restart],
    },
    {
      name: 'pod newer than the annotation: the webhook missed it',
      ctx: () =>
        contextWith(
          (v) => ((sa(v).annotatedAt = '2026-11-19T08:00:00Z'), pods(v, mutatedPod(undefined, { AWS_ROLE_ARN: '', AWS_WEB_IDENTITY_TOKEN_FILE: '' }))),
        ),
      status: 'fail',
      says: ['created after the annotation (2026-11-19T08:00:00Z)', 'the webhook did not mutate it'],
      fix: [restart, 'kubectl get mutatingwebhookconfiguration pod-identity-webhook'],
    },
    {
      name: 'injected role differs from the annotation',
      ctx: () => contextWith((v) => pods(v, mutatedPod(undefined, { AWS_ROLE_ARN: OTHER_ROLE }))),
      status: 'fail',
      symptom: 'AccessDeniedException',
      says: [OTHER_ROLE, ROLE_ARN, 'restart needed'],
      fix: [restart],
    },
    {
      name: 'container sets its own AWS_ROLE_ARN (webhook skips)',
      ctx: () => contextWith(ownEnv({ AWS_ROLE_ARN: ROLE_ARN })),
      status: 'fail',
      says: ['sets AWS_ROLE_ARN itself', 'web-identity provider stays off'],
      fix: ['kubectl -n retail-store-prod set env deployment/cart-deployment -c cart AWS_ROLE_ARN-'],
    },
    {
      name: 'container sets another role and a token file',
      ctx: () => contextWith(ownEnv({ AWS_ROLE_ARN: OTHER_ROLE, AWS_WEB_IDENTITY_TOKEN_FILE: `${TOKEN_DIR}/token` })),
      status: 'fail',
      symptom: 'AccessDeniedException',
      says: [`assumes ${OTHER_ROLE}`],
    },
    {
      name: 'container sets only the token file',
      ctx: () => contextWith(ownEnv({ AWS_WEB_IDENTITY_TOKEN_FILE: '/tmp/token' })),
      status: 'fail',
      says: ['AWS_WEB_IDENTITY_TOKEN_FILE=/tmp/token'],
    },
    {
      name: 'container pins exactly what the webhook would inject',
      ctx: () => contextWith(ownEnv({ AWS_ROLE_ARN: ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE: `${TOKEN_DIR}/token` })),
      status: 'warn',
      symptom: 'AccessDeniedException',
      says: ['works today'],
    },
    {
      name: 'AWS_DEFAULT_REGION without AWS_REGION',
      ctx: () => contextWith((v) => pods(v, mutatedPod(undefined, { AWS_REGION: '', AWS_DEFAULT_REGION: REGION }))),
      status: 'warn',
      symptom: 'Unable to load region',
      says: ['AWS_DEFAULT_REGION but no AWS_REGION'],
      fix: ['AWS_REGION='],
    },
    {
      name: 'hostNetwork: a silent node-role fallback',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, {}, (p) => (p.hostNetwork = true)),
          ),
        ),
      status: 'warn',
      symptom: 'AccessDeniedException',
      says: ['hostNetwork: true', 'node role'],
    },
    {
      name: 'automountServiceAccountToken: false is a verify',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, {}, (p) => (p.automountDisabled = true)),
          ),
        ),
      status: 'warn',
      says: ['automountServiceAccountToken: false'],
      fix: ['cat /var/run/secrets/eks.amazonaws.com/serviceaccount/token'],
    },
    {
      name: 'a failure outranks a warn on the same pod',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, { AWS_ROLE_ARN: OTHER_ROLE }, (p) => (p.hostNetwork = true)),
          ),
        ),
      status: 'fail',
      symptom: 'AccessDeniedException',
      says: [OTHER_ROLE],
      fix: [restart],
    },
    {
      name: 'token file not mounted',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, {}, (p) => (p.containers[0]!.mounts = [])),
          ),
        ),
      status: 'fail',
      says: ['no volume mounted'],
    },
    {
      name: 'pod skipped by the webhook label',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(
              undefined,
              { AWS_ROLE_ARN: '', AWS_WEB_IDENTITY_TOKEN_FILE: '' },
              (p) => (p.labels['eks.amazonaws.com/skip-pod-identity-webhook'] = 'true'),
            ),
          ),
        ),
      status: 'fail',
      fix: ['Remove the label'],
    },
    {
      name: 'container listed in skip-containers',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(
              undefined,
              { AWS_ROLE_ARN: '', AWS_WEB_IDENTITY_TOKEN_FILE: '' },
              (p) => (p.annotations['eks.amazonaws.com/skip-containers'] = 'istio-proxy, cart'),
            ),
          ),
        ),
      status: 'fail',
      fix: ['skip-containers'],
    },
    {
      name: 'pod still runs as the old ServiceAccount',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, {}, (p) => (p.serviceAccountName = 'default')),
          ),
        ),
      status: 'fail',
      says: ['ServiceAccount default, but the template now says cart-sa'],
      fix: [restart],
    },
    {
      name: 'pod uses EKS Pod Identity',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, {
              AWS_ROLE_ARN: '',
              AWS_WEB_IDENTITY_TOKEN_FILE: '',
              AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials',
            }),
          ),
        ),
      status: 'warn',
      symptom: 'AccessDeniedException',
      says: ['identity.pod-identity'],
    },
    { name: 'no pods in the input (manifests)', ctx: () => contextWith((v) => pods(v)), status: 'skip', says: ['No running pods', '-l app=cart'] },
    {
      name: 'SA has no annotation',
      ctx: () => contextWith((v) => ((sa(v).annotations = {}), pods(v, mutatedPod(undefined, { AWS_ROLE_ARN: '', AWS_WEB_IDENTITY_TOKEN_FILE: '' })))),
      status: 'skip',
      says: ['(see sa.annotation)'],
    },
    {
      name: 'pods run as another SA than expected',
      ctx: () => contextWith((v) => Object.assign(dep(v), { effectiveServiceAccount: 'default' })),
      status: 'skip',
      says: ['(see deployment.service-account)'],
    },
    { name: 'pods cannot be listed (RBAC)', ctx: () => contextWith((v) => (v.pods = unavailable('list pods'))), status: 'error' },
    // pods.identity judges what the webhook injected into the pods, not the role itself: a
    // missing or unreadable role is sa.annotation's finding and the trust/policy checks'.
    ...prerequisiteCases(podsIdentity, {
      except: ['sa.annotation fails: the named role does not exist', 'sa.annotation errors: iam:GetRole denied to the doctor'],
    }),
  ]));

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
const POD = 'cart-deployment-7d9c8b6f5-x2x9k (created 2026-11-20T10:00:00Z)';
const TOKEN = `${TOKEN_DIR}/token`;
const unmutated = { AWS_ROLE_ARN: '', AWS_WEB_IDENTITY_TOKEN_FILE: '' };
const undated = (p: PodFact) => (p.createdAt = undefined);
const restartFix = `# Restart the Deployment so its pods are created again and mutated with the annotated role:\n${restart}`;
const ownFix = (vars: string) => `kubectl -n retail-store-prod set env deployment/cart-deployment -c cart ${vars}\n${restart}`;
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
    // Mutation testing (issue #14): the exact wording, evidence and remediation users act on.
    {
      name: 'every pod mutated: the whole message and the evidence',
      ctx: () => contextWith(),
      status: 'pass',
      saysExactly: `All 1 pod(s) of Deployment cart-deployment run with ${ROLE_ARN} injected (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE, a mounted token) and AWS_REGION set.`,
      evidence: {
        expected: { AWS_ROLE_ARN: ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE: TOKEN, volume: 'aws-iam-token', AWS_REGION: 'set' },
        pods: [
          {
            name: 'cart-deployment-7d9c8b6f5-x2x9k',
            createdAt: '2026-11-20T10:00:00Z',
            serviceAccount: 'cart-sa',
            AWS_ROLE_ARN: ROLE_ARN,
            AWS_REGION: REGION,
            problems: [],
          },
        ],
      },
    },
    {
      name: 'annotation with blanks around the ARN: trimmed',
      ctx: () => contextWith((v) => (sa(v).annotations['eks.amazonaws.com/role-arn'] = ` ${ROLE_ARN} `)),
      status: 'pass',
    },
    {
      name: 'not injected, annotation time unknown: the whole message, evidence and fix',
      ctx: () => contextWith((v) => pods(v, mutatedPod(undefined, unmutated))),
      status: 'fail',
      saysExactly: `pod ${POD}: no AWS_ROLE_ARN although ServiceAccount cart-sa is annotated: created before the annotation, or while the webhook could not see the ServiceAccount; restart needed.`,
      evidence: { pods: [{ AWS_ROLE_ARN: null, problems: ['not-injected'] }] },
      fix: [restartFix],
    },
    {
      name: 'the token file alone is missing',
      ctx: () => contextWith((v) => pods(v, mutatedPod(undefined, { AWS_WEB_IDENTITY_TOKEN_FILE: '' }))),
      status: 'fail',
      says: [`pod ${POD}: no AWS_WEB_IDENTITY_TOKEN_FILE although ServiceAccount cart-sa is annotated: created before`],
    },
    {
      name: 'a pod created the moment the annotation was written was missed by the webhook',
      ctx: () => contextWith((v) => ((sa(v).annotatedAt = '2026-11-20T10:00:00Z'), pods(v, mutatedPod(undefined, unmutated)))),
      status: 'fail',
      saysExactly: `pod ${POD}: no AWS_ROLE_ARN although ServiceAccount cart-sa is annotated, and was created after the annotation (2026-11-20T10:00:00Z): the webhook did not mutate it (the ServiceAccount applied together with the Deployment, or a webhook outage); restart needed.`,
      evidence: { pods: [{ problems: ['missed-by-webhook'] }] },
      fix: [
        `${restartFix}\n# If new pods still lack AWS_ROLE_ARN, check the pod-identity webhook: kubectl get mutatingwebhookconfiguration pod-identity-webhook`,
      ],
    },
    {
      name: 'a pod without a creation time is not taken for one the webhook missed',
      ctx: () => contextWith((v) => ((sa(v).annotatedAt = '2026-11-19T08:00:00Z'), pods(v, mutatedPod('cart-x', unmutated, undated)))),
      status: 'fail',
      saysExactly:
        'pod cart-x: no AWS_ROLE_ARN although ServiceAccount cart-sa is annotated: created before the annotation (2026-11-19T08:00:00Z); restart needed.',
      evidence: { pods: [{ name: 'cart-x', createdAt: null }] },
    },
    {
      name: 'four pods unmutated: three named, the rest counted',
      ctx: () => contextWith((v) => pods(v, ...['a', 'b', 'c', 'd'].map((n) => mutatedPod(`cart-${n}`, unmutated, undated)))),
      status: 'fail',
      says: ['pods cart-a, cart-b, cart-c and 1 more: no AWS_ROLE_ARN'],
      fix: [`${restartFix}`],
    },
    {
      name: 'two pods unmutated: both named',
      ctx: () => contextWith((v) => pods(v, ...['a', 'b'].map((n) => mutatedPod(`cart-${n}`, unmutated, undated)))),
      status: 'fail',
      says: ['pods cart-a, cart-b: no AWS_ROLE_ARN'],
    },
    {
      name: 'stale role: the whole message and evidence',
      ctx: () => contextWith((v) => pods(v, mutatedPod(undefined, { AWS_ROLE_ARN: OTHER_ROLE }))),
      status: 'fail',
      symptom: 'AccessDeniedException',
      saysExactly: `pod ${POD}: AWS_ROLE_ARN=${OTHER_ROLE}, but the annotation now says ${ROLE_ARN}: created before the change; restart needed.`,
      evidence: { pods: [{ AWS_ROLE_ARN: OTHER_ROLE, problems: ['stale-role'] }] },
      fix: [restartFix],
    },
    {
      name: 'container sets its own AWS_ROLE_ARN: the whole message, evidence and fix',
      ctx: () => contextWith(ownEnv({ AWS_ROLE_ARN: ROLE_ARN })),
      status: 'fail',
      saysExactly:
        'container cart sets AWS_ROLE_ARN itself, so the webhook injects neither AWS_ROLE_ARN nor AWS_WEB_IDENTITY_TOKEN_FILE: without AWS_WEB_IDENTITY_TOKEN_FILE the SDK\'s web-identity provider stays off, and the app falls through to the node role or "Unable to locate credentials".',
      evidence: { container: 'cart', setByContainer: ['AWS_ROLE_ARN'], AWS_ROLE_ARN: ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE: null, annotation: ROLE_ARN },
      fix: [`# Remove AWS_ROLE_ARN from container cart and let the webhook inject them from the ServiceAccount annotation:\n${ownFix('AWS_ROLE_ARN-')}`],
    },
    {
      name: 'container sets another role and a token file: the whole message and fix',
      ctx: () => contextWith(ownEnv({ AWS_ROLE_ARN: OTHER_ROLE, AWS_WEB_IDENTITY_TOKEN_FILE: TOKEN })),
      status: 'fail',
      symptom: 'AccessDeniedException',
      saysExactly: `container cart sets AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE itself, so the webhook injects neither AWS_ROLE_ARN nor AWS_WEB_IDENTITY_TOKEN_FILE: it assumes ${OTHER_ROLE}, not ${ROLE_ARN} from the ServiceAccount annotation.`,
      evidence: { setByContainer: ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'], AWS_WEB_IDENTITY_TOKEN_FILE: TOKEN },
      fix: [ownFix('AWS_ROLE_ARN- AWS_WEB_IDENTITY_TOKEN_FILE-')],
    },
    {
      name: 'container sets only the token file: the whole message',
      ctx: () => contextWith(ownEnv({ AWS_WEB_IDENTITY_TOKEN_FILE: '/tmp/token' })),
      status: 'fail',
      saysExactly:
        'container cart sets AWS_WEB_IDENTITY_TOKEN_FILE itself, so the webhook injects neither AWS_ROLE_ARN nor AWS_WEB_IDENTITY_TOKEN_FILE: no AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE=/tmp/token; the web-identity provider only works if both are right and the token is mounted there.',
      evidence: { AWS_ROLE_ARN: null },
    },
    {
      name: 'container sets the annotated role and another token file',
      ctx: () => contextWith(ownEnv({ AWS_ROLE_ARN: ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE: '/tmp/token' })),
      status: 'fail',
      says: [`: AWS_ROLE_ARN=${ROLE_ARN}, AWS_WEB_IDENTITY_TOKEN_FILE=/tmp/token; the web-identity provider only works`],
    },
    {
      name: 'container sets a role and the token file, no annotation to compare with',
      ctx: () => contextWith((v) => (ownEnv({ AWS_ROLE_ARN: OTHER_ROLE, AWS_WEB_IDENTITY_TOKEN_FILE: TOKEN })(v), (sa(v).annotations = {}))),
      status: 'fail',
      says: [`: AWS_ROLE_ARN=${OTHER_ROLE}, AWS_WEB_IDENTITY_TOKEN_FILE=${TOKEN}; the web-identity provider`],
      evidence: { annotation: null },
    },
    {
      name: 'container pins exactly what the webhook would inject: the whole message',
      ctx: () => contextWith(ownEnv({ AWS_ROLE_ARN: ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE: TOKEN })),
      status: 'warn',
      symptom: 'AccessDeniedException',
      saysExactly:
        'container cart sets AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE itself, so the webhook injects neither AWS_ROLE_ARN nor AWS_WEB_IDENTITY_TOKEN_FILE; the values equal what it would inject, so it works today, but a changed annotation will never reach this container.',
    },
    {
      name: 'pod skipped by the webhook label: the whole message and fix',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, unmutated, (p) => (p.labels['eks.amazonaws.com/skip-pod-identity-webhook'] = 'true')),
          ),
        ),
      status: 'fail',
      saysExactly: `pod ${POD}: label eks.amazonaws.com/skip-pod-identity-webhook, so the webhook leaves the pod alone: no AWS_ROLE_ARN.`,
      evidence: { pods: [{ problems: ['skip-label'] }] },
      fix: [
        `# Remove the label eks.amazonaws.com/skip-pod-identity-webhook from the pod template of deployment/cart-deployment (kubectl -n retail-store-prod edit deployment/cart-deployment), then:\n${restart}`,
      ],
    },
    {
      name: 'container listed in skip-containers: the whole message and fix',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, unmutated, (p) => (p.annotations['eks.amazonaws.com/skip-containers'] = 'istio-proxy, cart')),
          ),
        ),
      status: 'fail',
      saysExactly: `pod ${POD}: container cart listed in eks.amazonaws.com/skip-containers, so the webhook skips it: no AWS_ROLE_ARN.`,
      evidence: { pods: [{ problems: ['skip-containers'] }] },
      fix: [
        `# Remove cart from the eks.amazonaws.com/skip-containers annotation of the pod template of deployment/cart-deployment (kubectl -n retail-store-prod edit deployment/cart-deployment), then:\n${restart}`,
      ],
    },
    {
      name: 'skip-containers naming other containers only',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, unmutated, (p) => (p.annotations['eks.amazonaws.com/skip-containers'] = 'istio-proxy')),
          ),
        ),
      status: 'fail',
      evidence: { pods: [{ problems: ['not-injected'] }] },
    },
    {
      name: 'token file not mounted: the whole message',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, {}, (p) => (p.containers[0]!.mounts = [{ name: 'x', mountPath: '/var/run/secrets/eks' }])),
          ),
        ),
      status: 'fail',
      saysExactly: `pod ${POD}: AWS_WEB_IDENTITY_TOKEN_FILE=${TOKEN}, but no volume mounted at ${TOKEN_DIR}: the SDK cannot read the token.`,
      evidence: { pods: [{ problems: ['token-not-mounted'] }] },
      fix: [restartFix],
    },
    {
      name: 'token directory mounted with a trailing slash',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, {}, (p) => (p.containers[0]!.mounts = [{ name: 'x', mountPath: `${TOKEN_DIR}/` }])),
          ),
        ),
      status: 'pass',
    },
    {
      name: 'a parent directory of the token mounted',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, {}, (p) => (p.containers[0]!.mounts = [{ name: 'x', mountPath: '/var/run/secrets/' }])),
          ),
        ),
      status: 'pass',
    },
    {
      name: 'hostNetwork and automount off: both warned, both fixed',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, {}, (p) => ((p.hostNetwork = true), (p.automountDisabled = true))),
          ),
        ),
      status: 'warn',
      symptom: 'AccessDeniedException',
      saysExactly: `pod ${POD}: hostNetwork: true: the node role (IMDS) is within reach, so if IRSA ever breaks the SDK silently falls back to the node's role instead of failing; pod ${POD}: automountServiceAccountToken: false: the webhook mounts its own token, but reports conflict on whether IRSA works this way; verify the pod can read the token.`,
      evidence: { pods: [{ problems: ['host-network', 'no-automount'] }] },
      fix: [
        `# Drop hostNetwork from the pod template of deployment/cart-deployment unless the Cart really needs it (Fargate does not allow it).\n# Verify the pod can read the token, or set automountServiceAccountToken: true:\nkubectl -n retail-store-prod exec cart-deployment-7d9c8b6f5-x2x9k -c cart -- cat ${TOKEN} >/dev/null`,
      ],
    },
    {
      name: 'no region variable at all: the whole message and the fix with the table region',
      ctx: () => contextWith((v) => pods(v, mutatedPod(undefined, { AWS_REGION: '', AWS_DEFAULT_REGION: '' }))),
      status: 'warn',
      symptom: 'Unable to load region',
      saysExactly: `pod ${POD}: no AWS_REGION.`,
      evidence: { pods: [{ AWS_REGION: null, problems: ['no-aws-region'] }] },
      fix: [
        `# Set AWS_REGION on container cart to the table's region (or remove AWS_DEFAULT_REGION from its env so the webhook injects both):\nkubectl -n retail-store-prod set env deployment/cart-deployment -c cart AWS_REGION=${REGION}\n${restart}`,
      ],
    },
    {
      name: 'no region and no table ARN: a placeholder, said to be one',
      ctx: () => contextWith((v) => (pods(v, mutatedPod(undefined, { AWS_REGION: '' })), (v.tableArn = unavailable('dynamodb:DescribeTable')))),
      status: 'warn',
      symptom: 'Unable to load region',
      says: [`pod ${POD}: AWS_DEFAULT_REGION but no AWS_REGION: Java v2 and JS v3 read only AWS_REGION.`],
      fix: [
        "# the table's region is unknown in this run (no table ARN): put it in place of <REGION>\nkubectl -n retail-store-prod set env deployment/cart-deployment -c cart AWS_REGION=<REGION>",
      ],
    },
    {
      name: 'pod still runs as the old ServiceAccount: the whole message',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, {}, (p) => (p.serviceAccountName = 'default')),
          ),
        ),
      status: 'fail',
      saysExactly: `pod ${POD}: ServiceAccount default, but the template now says cart-sa: created before the change; restart needed.`,
      evidence: { pods: [{ serviceAccount: 'default', problems: ['stale-sa'] }] },
    },
    {
      name: 'pod uses EKS Pod Identity: the whole message and fix',
      ctx: () =>
        contextWith((v) => pods(v, mutatedPod(undefined, { ...unmutated, AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials' }))),
      status: 'warn',
      symptom: 'AccessDeniedException',
      saysExactly: `pod ${POD}: EKS Pod Identity credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI), not IRSA: the association's role is used (see identity.pod-identity).`,
      fix: ['# See identity.pod-identity: remove the Pod Identity association if IRSA is meant, then restart.'],
    },
    {
      name: 'no annotation, but a pod on EKS Pod Identity: judged, not skipped',
      ctx: () =>
        contextWith(
          (v) => (
            (sa(v).annotations = {}),
            pods(v, mutatedPod(undefined, { ...unmutated, AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials' }))
          ),
        ),
      status: 'warn',
      symptom: 'AccessDeniedException',
      evidence: { expected: { AWS_ROLE_ARN: null } },
    },
    {
      name: 'a pod whose Cart container is named otherwise: its first app container is judged',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, unmutated, (p) => {
              p.containers[0]!.name = 'app';
              p.containers.unshift({ name: 'init', init: true, env: [], mounts: [] });
            }),
          ),
        ),
      status: 'fail',
      says: ['no AWS_ROLE_ARN although'],
    },
    {
      name: 'a pod with init containers only: nothing to judge in it',
      ctx: () =>
        contextWith((v) =>
          pods(
            v,
            mutatedPod(undefined, unmutated, (p) => (p.containers = [{ name: 'init', init: true, env: [], mounts: [] }])),
          ),
        ),
      status: 'pass',
      evidence: { pods: [{ AWS_ROLE_ARN: null, AWS_REGION: null, problems: [] }] },
    },
    {
      name: 'no pods: the whole message and the selector',
      ctx: () => contextWith((v) => (pods(v), (dep(v).selector = { app: 'cart', tier: 'web' }))),
      status: 'skip',
      saysExactly:
        'No running pods of Deployment cart-deployment in cluster test (-l app=cart,tier=web): nothing to compare; pods are judged against a live cluster or Pod objects in the snapshot or manifests.',
      evidence: { selector: { app: 'cart', tier: 'web' } },
    },
    {
      name: 'no pods and no selector',
      ctx: () => contextWith((v) => (pods(v), (dep(v).selector = {}))),
      status: 'skip',
      says: ['(-l <no selector>)'],
    },
    {
      name: 'skips name what is missing',
      ctx: () => contextWith((v) => ((sa(v).annotations = {}), pods(v, mutatedPod(undefined, unmutated)))),
      status: 'skip',
      says: ['ServiceAccount cart-sa has no eks.amazonaws.com/role-arn annotation, so no pod is expected to carry IRSA variables'],
    },
    {
      name: 'pods run as another SA: the skip names both',
      ctx: () => contextWith((v) => Object.assign(dep(v), { effectiveServiceAccount: 'default' })),
      status: 'skip',
      says: ['the pods run as ServiceAccount default, not cart-sa'],
    },
    {
      name: 'Deployment missing: the skip names it',
      ctx: () => contextWith((v) => (dep(v).found = false)),
      status: 'skip',
      says: ['Deployment retail-store-prod/cart-deployment does not exist'],
    },
    {
      name: 'ServiceAccount missing: the skip names it',
      ctx: () => contextWith((v) => (sa(v).found = false)),
      status: 'skip',
      says: ['ServiceAccount retail-store-prod/cart-sa does not exist, so its pods cannot be created'],
    },
    {
      name: 'annotation not an ARN: the skip quotes it',
      ctx: () => contextWith((v) => (sa(v).annotations['eks.amazonaws.com/role-arn'] = '${role_arn}')),
      status: 'skip',
      says: ['the annotation "${role_arn}" is not a role ARN; pods carry it as it is'],
    },
    // pods.identity judges what the webhook injected into the pods, not the role itself: a
    // missing or unreadable role is sa.annotation's finding and the trust/policy checks'.
    ...prerequisiteCases(podsIdentity, {
      except: ['sa.annotation fails: the named role does not exist', 'sa.annotation errors: iam:GetRole denied to the doctor'],
    }),
  ]));

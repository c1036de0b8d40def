// @ts-nocheck
import type { Expectations, Target } from '../config/types.js';
import type { KubeSource } from '../sources/types.js';
import { effectiveEnv, type WebhookInjection } from './env.js';
import type { ContainerFact, DeploymentFact, ServiceAccountFact } from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';

export async function loadServiceAccount(kube: KubeSource, namespace: string, name: string): Promise<ServiceAccountFact> {
  const sa = await kube.get('ServiceAccount', namespace, name);
  const annotations = strings(sa?.metadata.annotations);
  const annotatedAt = sa ? annotationTime(sa.metadata as Obj) : undefined;
  return { namespace, name, found: !!sa, annotations, ...(annotatedAt && { annotatedAt }) };
}

/**
 * The Deployment as its pods will run: effective ServiceAccount, and each container's
 * effective environment including what the IRSA webhook adds at pod creation.
 */
export async function loadDeployment(
  kube: KubeSource,
  target: Target,
  expect: Expectations,
  clusterRegion: () => Promise<string | undefined>,
): Promise<DeploymentFact> {
  const { namespace, deployment: name } = target;
  const deployment = await kube.get('Deployment', namespace, name);
  if (!deployment) {
    return {
      namespace,
      name,
      found: false,
      effectiveServiceAccount: 'default',
      containers: [],
      webhookInjects: false,
      selector: {},
      templateAnnotations: {},
      templateLabels: {},
    };
  }
  const template = obj(obj(deployment.spec).template);
  const templateAnnotations = strings(obj(template.metadata).annotations);
  const templateLabels = strings(obj(template.metadata).labels);
  const matchLabels = strings(obj(obj(deployment.spec).selector).matchLabels);
  const podSpec = obj(template.spec);
  const serviceAccountName = str(podSpec.serviceAccountName) ?? str(podSpec.serviceAccount);
  const effectiveServiceAccount = serviceAccountName || 'default';

  // The webhook mutates pods whose SA (the one the pods really use) carries the annotation.
  const podSa = await loadServiceAccount(kube, namespace, effectiveServiceAccount);
  const roleArn = podSa.annotations[ROLE_ARN_ANNOTATION];
  const skip = templateAnnotations['eks.amazonaws.com/skip-containers'];
  const webhook: WebhookInjection | undefined = roleArn
    ? { roleArn, region: await clusterRegion(), skipContainers: skip ? skip.split(',').map((s) => s.trim()) : [] }
    : undefined;

  const containers: ContainerFact[] = [];
  for (const [field, init] of [
    ['initContainers', true],
    ['containers', false],
  ] as const) {
    const items = Array.isArray(podSpec[field]) ? (podSpec[field] as unknown[]) : [];
    for (const c of items) containers.push(await effectiveEnv(obj(c), init, namespace, kube, webhook));
  }
  return {
    namespace,
    name,
    found: true,
    annotations: strings(deployment.metadata.annotations),
    serviceAccountName,
    effectiveServiceAccount,
    containers,
    cartContainer: pickCartContainer(containers, expect, name),
    webhookInjects: !!webhook,
    selector: Object.keys(matchLabels).length ? matchLabels : templateLabels,
    templateAnnotations,
    templateLabels,
  };
}

/**
 * The latest time a field manager wrote the role-arn annotation (`metadata.managedFields`,
 * which the API server keeps and `kubectl get --show-managed-fields` prints). Pods created
 * after it should carry the annotated role.
 */
function annotationTime(metadata: Obj): string | undefined {
  const key = `f:${ROLE_ARN_ANNOTATION}`;
  const times = (Array.isArray(metadata.managedFields) ? metadata.managedFields : [])
    .map(obj)
    .filter((m) => key in obj(obj(obj(m.fieldsV1)['f:metadata'])['f:annotations']) && typeof m.time === 'string')
    .map((m) => String(m.time));
  return times.sort().pop();
}

export function strings(v: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, typeof x === 'string' ? x : String(x)]));
}

/** The container that talks to DynamoDB: the one with a table-name variable, else the one named like the app. */
function pickCartContainer(containers: ContainerFact[], expect: Expectations, deployment: string): string | undefined {
  const app = containers.filter((c) => !c.init);
  const withTable = app.find((c) => c.env.some((v) => expect.tableNameVars.includes(v.name)));
  const named = app.find((c) => deployment.startsWith(c.name) || /cart/i.test(c.name));
  return (withTable ?? named ?? app[0])?.name;
}

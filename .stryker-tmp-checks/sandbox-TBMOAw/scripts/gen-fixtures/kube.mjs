/**
 * Kubernetes objects as `kubectl get -o yaml` prints them (alphabetical metadata, server-set
 * fields), for the base worlds in worlds.mjs.
 */
// @ts-nocheck


export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** `metadata` with kubectl's alphabetical key order. */
function objectMeta(name, namespace, uid, extra = {}) {
  const meta = { creationTimestamp: '2025-03-14T09:26:53Z', name, namespace, resourceVersion: '48213377', uid, ...extra };
  return Object.fromEntries(Object.entries(meta).sort(([a], [b]) => a.localeCompare(b)));
}

export function serviceAccount(name, namespace, roleArn, labels = {}) {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta(name, namespace, '0b6f4e2a-8c1d-4f3e-9a7b-5c2d1e0f9a8b', {
      annotations: { [ROLE_ARN_ANNOTATION]: roleArn },
      ...(Object.keys(labels).length > 0 && { labels }),
    }),
  };
}

export function configMap(name, namespace, data, labels = {}) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(name, namespace, '7d3c2b1a-0f9e-4d8c-b7a6-952413e0d1c2', Object.keys(labels).length > 0 ? { labels } : {}),
    data,
  };
}

export function deployment({ name, namespace, labels, serviceAccountName, container }) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(name, namespace, 'c2a9e8f7-6d5c-4b3a-8291-0fedcba98765', {
      annotations: { 'deployment.kubernetes.io/revision': '3' },
      generation: 3,
      labels,
    }),
    spec: {
      progressDeadlineSeconds: 600,
      replicas: 2,
      revisionHistoryLimit: 10,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName,
          containers: [container],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
        },
      },
    },
    status: { availableReplicas: 2, observedGeneration: 3, readyReplicas: 2, replicas: 2, updatedReplicas: 2 },
  };
}

const TOKEN_DIR = '/var/run/secrets/eks.amazonaws.com/serviceaccount';

/**
 * The Deployment's running pods as the EKS webhook mutates them at creation (irsa.md §2.2):
 * IRSA env unless the container sets AWS_ROLE_ARN or the token file itself, AWS_REGION and
 * AWS_DEFAULT_REGION unless it sets either, the aws-iam-token volume and mount. No pods when
 * the ServiceAccount is missing: the ReplicaSet cannot create them.
 */
export function podsOf(world, region, replicas = 2) {
  const dep = world.kubernetes.find((o) => o.kind === 'Deployment');
  if (!dep) return [];
  const ns = dep.metadata.namespace;
  const spec = dep.spec.template.spec;
  const saName = spec.serviceAccountName ?? 'default';
  const sa = world.kubernetes.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === saName);
  if (!sa && saName !== 'default') return [];
  const roleArn = sa?.metadata.annotations?.[ROLE_ARN_ANNOTATION];
  const hash = '6c9f7d8b4';
  return ['x2x9k', 'q7m4p'].slice(0, replicas).map((suffix, i) => {
    const containers = spec.containers.map((c) => {
      const own = new Set((c.env ?? []).map((e) => e.name));
      const env = [...(c.env ?? [])];
      if (!roleArn) return { ...c };
      if (!own.has('AWS_REGION') && !own.has('AWS_DEFAULT_REGION'))
        env.push({ name: 'AWS_DEFAULT_REGION', value: region }, { name: 'AWS_REGION', value: region });
      if (!own.has('AWS_ROLE_ARN') && !own.has('AWS_WEB_IDENTITY_TOKEN_FILE'))
        env.push({ name: 'AWS_ROLE_ARN', value: roleArn }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: `${TOKEN_DIR}/token` });
      return { ...c, env, volumeMounts: [...(c.volumeMounts ?? []), { mountPath: TOKEN_DIR, name: 'aws-iam-token', readOnly: true }] };
    });
    const volumes = roleArn
      ? [
          {
            name: 'aws-iam-token',
            projected: { defaultMode: 420, sources: [{ serviceAccountToken: { audience: 'sts.amazonaws.com', expirationSeconds: 86400, path: 'token' } }] },
          },
        ]
      : [];
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: objectMeta(`${dep.metadata.name}-${hash}-${suffix}`, ns, `4f1e2d3c-b5a6-4978-8e1f-0a2b3c4d5e6${i}`, {
        creationTimestamp: '2025-03-15T08:02:11Z',
        labels: { ...dep.spec.template.metadata.labels, 'pod-template-hash': hash },
      }),
      spec: { ...spec, serviceAccountName: saName, containers, volumes: [...(spec.volumes ?? []), ...volumes] },
      status: { phase: 'Running', containerStatuses: containers.map((c) => ({ name: c.name, ready: true, restartCount: 0 })) },
    };
  });
}

/**
 * Kubernetes objects as `kubectl get -o yaml` prints them (alphabetical metadata, server-set
 * fields), for the base worlds in worlds.mjs.
 */

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

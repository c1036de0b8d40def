import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FactUnavailable } from '../errors.js';

/**
 * Running inside a pod (the pre-deploy Job): the API server from KUBERNETES_SERVICE_HOST/PORT,
 * the pod's service-account token and CA, no kubeconfig — what `kubectl` and client-go call
 * in-cluster config. Kept free of client-node so that check.ts can ask for the pod's namespace
 * without loading it.
 */

/** Where the kubelet mounts the service account; CART_DOCTOR_SERVICEACCOUNT_DIR is for tests and unusual mounts. */
export const SERVICEACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export function serviceAccountDir(): string {
  return process.env.CART_DOCTOR_SERVICEACCOUNT_DIR || SERVICEACCOUNT_DIR;
}

/**
 * A kubeconfig wins, as for kubectl: --kubeconfig/--context, KUBECONFIG, ~/.kube/config. Only
 * without any of them, and with the variables the kubelet sets in every pod, is the run in-cluster.
 */
export function wantsInCluster(options: { kubeconfig?: string; context?: string }): boolean {
  if (options.kubeconfig || options.context || process.env.KUBECONFIG) return false;
  if (existsSync(join(process.env.HOME || process.getBuiltinModule('node:os').homedir(), '.kube', 'config'))) return false;
  return !!process.env.KUBERNETES_SERVICE_HOST;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The pod's own namespace, the default for `-n` in-cluster (as kubectl defaults to it); undefined if unreadable. */
export function podNamespace(options: { kubeconfig?: string; context?: string }): string | undefined {
  if (!wantsInCluster(options)) return undefined;
  try {
    const namespace = readFileSync(join(serviceAccountDir(), 'namespace'), 'utf8').trim();
    return DNS_LABEL.test(namespace) ? namespace : undefined;
  } catch {
    return undefined;
  }
}

export const IN_CLUSTER_CONTEXT = 'in-cluster';

/**
 * The in-cluster kubeconfig, for client-node's `loadFromOptions`. The token is named as a file,
 * not read here: client-node rereads it every minute, so a projected token that the kubelet
 * rotates keeps working. A pod without a token (automountServiceAccountToken: false) or without
 * a port is said plainly, as a missing kubeconfig is.
 */
export function inClusterKubeconfig() {
  const dir = serviceAccountDir();
  const host = process.env.KUBERNETES_SERVICE_HOST ?? '';
  const port = process.env.KUBERNETES_SERVICE_PORT;
  if (!port)
    throw new FactUnavailable('no-source', 'in-cluster (KUBERNETES_SERVICE_HOST is set) but KUBERNETES_SERVICE_PORT is not: pass --kubeconfig or -f manifests');
  for (const file of ['token', 'ca.crt']) {
    if (!existsSync(join(dir, file))) {
      throw new FactUnavailable(
        'no-source',
        `in-cluster (KUBERNETES_SERVICE_HOST is set) but there is no ${join(dir, file)}: mount the service-account token (automountServiceAccountToken: true) or pass --kubeconfig or -f manifests`,
      );
    }
  }
  // node:net and node:os are taken when needed: an offline run loads neither.
  const server = `https://${process.getBuiltinModule('node:net').isIPv6(host) ? `[${host}]` : host}:${port}`;
  return {
    clusters: [{ name: IN_CLUSTER_CONTEXT, server, caFile: join(dir, 'ca.crt'), skipTLSVerify: false }],
    users: [{ name: IN_CLUSTER_CONTEXT, authProvider: { name: 'tokenFile', config: { tokenFile: join(dir, 'token') } } }],
    contexts: [{ name: IN_CLUSTER_CONTEXT, cluster: IN_CLUSTER_CONTEXT, user: IN_CLUSTER_CONTEXT }],
    currentContext: IN_CLUSTER_CONTEXT,
  };
}

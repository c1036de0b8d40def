/** Said by both the lazy and the live Kubernetes source, so the user sees one line whichever decided. */
export const NO_KUBECONFIG = 'no kubeconfig found (KUBECONFIG, ~/.kube/config or in-cluster): pass --kubeconfig/--context or -f manifests';

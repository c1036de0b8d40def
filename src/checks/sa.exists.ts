import { comment, heredoc, restartCommand, snippet } from './lib/fix.js';
import { roleArnForFix } from './lib/role-fix.js';
import { defineCheck, fail, pass } from './lib/types.js';

export default defineCheck({
  meta: {
    id: 'sa.exists',
    dependsOn: [],
    title: 'The ServiceAccount exists in the namespace',
    symptom: 'Pods not created',
    docs:
      'Looks up the expected ServiceAccount in the namespace (live cluster, manifests or snapshot). Without it the ' +
      "Deployment's ReplicaSet cannot create pods (error looking up service account), and nothing carries the IRSA annotation. " +
      'When a snapshot or manifests hold a ServiceAccount of that name in another namespace, the result names it: a pod ' +
      'can only use a ServiceAccount of its own namespace. (Live, only the target namespace is read: the RBAC Role is namespaced.)',
    remediation: 'Create the ServiceAccount with the eks.amazonaws.com/role-arn annotation (setup guide step 7).',
  },
  async run(ctx) {
    const { target, facts } = ctx;
    const sa = await facts.serviceAccount();
    if (sa.found) return pass(`ServiceAccount ${target.namespace}/${target.serviceAccount} exists.`);
    const role = await roleArnForFix(ctx);
    const manifest = [
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata:',
      `  name: ${target.serviceAccount}`,
      `  namespace: ${target.namespace}`,
      '  annotations:',
      `    eks.amazonaws.com/role-arn: ${role.arn}`,
    ].join('\n');
    const elsewhere = sa.elsewhere ?? [];
    const where = elsewhere.map((ns) => `${ns}/${target.serviceAccount}`).join(', ');
    return fail(
      `ServiceAccount ${target.namespace}/${target.serviceAccount} was not found.` +
        (elsewhere.length
          ? ` A ServiceAccount of that name exists in ${elsewhere.length > 1 ? 'namespaces' : 'namespace'} ${elsewhere.join(', ')} (${where}), but a pod can only use one of its own namespace (${target.namespace}).`
          : ''),
      { expected: `${target.namespace}/${target.serviceAccount}`, actual: null, ...(elsewhere.length && { foundInNamespaces: elsewhere }) },
      snippet(
        elsewhere.length
          ? comment(
              [
                `Wrong namespace: ${where} is not ${target.namespace}/${target.serviceAccount}.`,
                `Set metadata.namespace: ${target.namespace} in its manifest (or apply it with kubectl -n ${target.namespace});`,
                `if the app runs in ${elsewhere[0]} instead, run cart-doctor with --namespace ${elsewhere[0]}.`,
                `Or create it in ${target.namespace} (setup guide step 7):`,
              ].join('\n'),
            )
          : comment('Create it (setup guide step 7):'),
        role.unknown,
        heredoc('cart-sa.yaml', manifest, 'YAML'),
        'kubectl apply -f cart-sa.yaml',
        comment('Pods are created (and mutated by the webhook) once it exists:'),
        restartCommand(target),
      ),
    );
  },
});

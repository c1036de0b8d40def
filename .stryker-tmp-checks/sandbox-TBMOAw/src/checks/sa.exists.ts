// @ts-nocheck
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
      "Deployment's ReplicaSet cannot create pods (error looking up service account), and nothing carries the IRSA annotation.",
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
    return fail(
      `ServiceAccount ${target.namespace}/${target.serviceAccount} was not found.`,
      { expected: `${target.namespace}/${target.serviceAccount}`, actual: null },
      snippet(
        comment('Create it (setup guide step 7):'),
        role.unknown,
        heredoc('cart-sa.yaml', manifest, 'YAML'),
        'kubectl apply -f cart-sa.yaml',
        comment('Pods are created (and mutated by the webhook) once it exists:'),
        restartCommand(target),
      ),
    );
  },
});

import { defineCheck, fail, pass } from './types.js';

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
  async run({ target, facts }) {
    const sa = await facts.serviceAccount();
    if (sa.found) return pass(`ServiceAccount ${target.namespace}/${target.serviceAccount} exists.`);
    const ref = await facts.roleRef().catch(() => undefined);
    const arn = ref?.arn ?? 'arn:aws:iam::<ACCOUNT_ID>:role/cart-dynamodb-role';
    return fail(
      `ServiceAccount ${target.namespace}/${target.serviceAccount} was not found.`,
      { expected: `${target.namespace}/${target.serviceAccount}`, actual: null },
      `Create it (setup guide step 7):\n  cat > cart-sa.yaml <<'YAML'\n  apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: ${target.serviceAccount}\n    namespace: ${target.namespace}\n    annotations:\n      eks.amazonaws.com/role-arn: ${arn}\n  YAML\n  kubectl apply -f cart-sa.yaml`,
    );
  },
});

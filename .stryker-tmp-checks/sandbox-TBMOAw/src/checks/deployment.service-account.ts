// @ts-nocheck
import { comment, restartCommand, snippet } from './lib/fix.js';
import { defineCheck, fail, pass } from './lib/types.js';

export default defineCheck({
  meta: {
    id: 'deployment.service-account',
    dependsOn: [],
    title: "The Deployment's pods run as the expected ServiceAccount",
    symptom: 'Unable to locate credentials',
    docs:
      'Reads spec.template.spec.serviceAccountName of the Deployment (absent means `default`). Pods that run as another ' +
      'ServiceAccount do not get the IRSA variables and token from the EKS webhook, so the SDK finds no web identity.',
    remediation: 'Set spec.template.spec.serviceAccountName to the ServiceAccount (setup guide step 8).',
  },
  async run({ target, facts }) {
    const d = await facts.deployment();
    const patch = `kubectl -n ${target.namespace} patch deployment ${target.deployment} -p '{"spec":{"template":{"spec":{"serviceAccountName":"${target.serviceAccount}"}}}}'`;
    if (!d.found) {
      return fail(
        `Deployment ${target.namespace}/${target.deployment} was not found.`,
        { expected: `${target.namespace}/${target.deployment}`, actual: null },
        comment(
          `Deploy the Cart Deployment with spec.template.spec.serviceAccountName: ${target.serviceAccount}, or pass --deployment/-n naming the one that runs the Cart service.`,
        ),
      );
    }
    if (d.effectiveServiceAccount === target.serviceAccount) {
      return pass(`Deployment ${d.name} runs as ServiceAccount ${d.effectiveServiceAccount}.`, { serviceAccountName: d.effectiveServiceAccount });
    }
    const written = d.serviceAccountName ? `serviceAccountName: ${d.serviceAccountName}` : 'no serviceAccountName, so the pods run as "default"';
    return fail(
      `Deployment ${d.name} has ${written}, not ${target.serviceAccount}.`,
      { expected: target.serviceAccount, actual: d.effectiveServiceAccount },
      snippet(
        comment(`Set the ServiceAccount in the pod template (setup guide step 8): spec.template.spec.serviceAccountName: ${target.serviceAccount}`),
        patch,
        comment('The patch rolls the pods; the restart makes sure even an unchanged template is rolled:'),
        restartCommand(target),
      ),
    );
  },
});

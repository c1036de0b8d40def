// @ts-nocheck
import { describeHit, findVars, isEndpointOverride, removalFor, shownValue } from './lib/env-patterns.js';
import { comment, restartCommand, snippet } from './lib/fix.js';
import { defineCheck, fail, pass, skip } from './lib/types.js';

export default defineCheck({
  meta: {
    id: 'env.local-endpoint',
    dependsOn: ['deployment.service-account'],
    title: 'No DynamoDB endpoint override points the app at a local DynamoDB',
    symptom: 'Connection refused',
    docs:
      'Looks for any *DYNAMODB*ENDPOINT* variable, AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_DYNAMODB with a non-empty value. ' +
      'Left over from local development (DynamoDB Local at http://carts-db:8000), it sends every call to a host that does ' +
      'not exist on EKS: Connection refused, or "Cannot do operations on a non-existent table" from a DynamoDB Local that ' +
      'does. The retail cart app also forces region us-west-2 when an endpoint is set.',
    remediation: 'Remove the endpoint variable so the SDK uses the real DynamoDB endpoint (setup guide step 9).',
  },
  async run({ target, facts }) {
    const d = await facts.deployment();
    if (!d.found) return skip('deployment.service-account', `Deployment ${target.namespace}/${target.deployment} was not found`);
    // An empty value means "no override" to the app and the SDK alike.
    const hits = findVars(d, isEndpointOverride).filter((h) => h.variable.value !== '');
    if (hits.length === 0) return pass(`No DynamoDB endpoint override in ${d.name}.`);
    const shown = hits.map((h) => `${describeHit(h)}${h.variable.value ? ` = ${shownValue(h.variable.name, h.variable.value)}` : ''}`);
    return fail(
      `The app is pointed at another DynamoDB endpoint: ${shown.join('; ')}.`,
      {
        expected: 'no endpoint override',
        actual: hits.map((h) => ({
          name: h.variable.name,
          value: h.variable.value === undefined ? null : shownValue(h.variable.name, h.variable.value),
          container: h.container.name,
          from: h.variable.from ?? null,
        })),
      },
      snippet(comment('Remove it:'), ...new Set(hits.map((h) => removalFor(h, target))), restartCommand(target)),
    );
  },
});

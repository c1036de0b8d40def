// @ts-nocheck
import { STATIC_CREDENTIALS, describeHit, findVars, removalFor } from './lib/env-patterns.js';
import { comment, restartCommand, snippet } from './lib/fix.js';
import { defineCheck, fail, pass, skip, warn } from './lib/types.js';

export default defineCheck({
  meta: {
    id: 'env.static-credentials',
    dependsOn: ['deployment.service-account'],
    title: 'No container gets static AWS keys (env, envFrom or valueFrom)',
    symptom: 'AccessDeniedException',
    docs:
      'Looks for AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN in the effective environment of every ' +
      'container, whether set inline, through envFrom or through valueFrom, from a ConfigMap or a Secret. Static keys come ' +
      'before web identity in every SDK chain, so they silently replace IRSA: the app acts as the key owner (or, with fake ' +
      'keys such as key/secret, gets UnrecognizedClientException). Values are never read or printed.',
    remediation: 'Remove the static keys from the Deployment and its ConfigMaps/Secrets (setup guide step 9).',
  },
  async run({ target, facts }) {
    const d = await facts.deployment();
    if (!d.found) return skip('deployment.service-account', `Deployment ${target.namespace}/${target.deployment} was not found`);
    const hits = findVars(d, (n) => STATIC_CREDENTIALS.has(n));
    const unreadable = d.containers.flatMap((c) => c.envFrom.filter((r) => r.unreadable).map((r) => `Secret/${r.name} (container ${c.name})`));
    if (hits.length === 0 && unreadable.length > 0) {
      return warn(
        `No static AWS keys seen, but the doctor may not read ${unreadable.join(', ')}, so it cannot tell whether they hold AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY.`,
        { unreadable },
        snippet(
          comment(`Let the doctor get secrets in ${target.namespace} (key names only; see \`cart-doctor permissions\`), or look at the key names by hand:`),
          ...new Set(
            d.containers.flatMap((c) =>
              c.envFrom.filter((r) => r.unreadable).map((r) => `kubectl -n ${target.namespace} get secret ${r.name} -o jsonpath='{.data}' | jq keys`),
            ),
          ),
        ),
      );
    }
    if (hits.length === 0) return pass(`No static AWS keys in any container of ${d.name}.`);
    return fail(
      `Static AWS keys override IRSA: ${hits.map(describeHit).join('; ')}.`,
      {
        expected: 'no static keys',
        actual: hits.map((h) => ({ name: h.variable.name, container: h.container.name, source: h.variable.source, from: h.variable.from ?? null })),
      },
      snippet(
        comment('Remove them (setup guide step 9), then let IRSA provide credentials:'),
        ...new Set(hits.map((h) => removalFor(h, target))),
        restartCommand(target),
      ),
    );
  },
});

import { STATIC_CREDENTIALS, describeHit, findVars } from './lib/env-patterns.js';
import { comment, restartCommand, snippet } from './lib/fix.js';
import { defineCheck, fail, pass, skip, warn } from './lib/types.js';

/** The pair the SDK's environment provider needs; a session token alone is not credentials. */
const NEEDED = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

export default defineCheck({
  meta: {
    id: 'local.credentials',
    dependsOn: ['deployment.service-account'],
    platforms: ['k3s'],
    title: 'The Cart container has some AWS credentials for the local DynamoDB',
    symptom: 'Unable to locate credentials',
    docs:
      'K3s only. DynamoDB Local ignores the keys, but the SDK signs every request and stops with "Unable to load ' +
      'credentials" when it has none (no IRSA on K3s). AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must reach the Cart ' +
      'container through env, envFrom or valueFrom; any value will do (the retail store uses key/secret). Only names ' +
      'are read: values are never printed.',
    remediation: 'Give the Cart container fake keys (e.g. AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret) in its ConfigMap or env.',
  },
  async run({ target, facts }) {
    const d = await facts.deployment();
    if (!d.found) return skip('deployment.service-account', `Deployment ${target.namespace}/${target.deployment} was not found`);
    const hits = findVars(d, (n) => STATIC_CREDENTIALS.has(n)).filter((h) => h.container.name === d.cartContainer && h.variable.resolved);
    const missing = NEEDED.filter((name) => !hits.some((h) => h.variable.name === name));
    if (missing.length === 0) {
      return pass(`Credentials reach container ${d.cartContainer}: ${hits.map(describeHit).join('; ')} (values not read).`, {
        present: hits.map((h) => h.variable.name),
      });
    }
    const container = d.containers.find((c) => c.name === d.cartContainer);
    const unreadable = container?.envFrom.filter((r) => r.unreadable).map((r) => `Secret/${r.name}`) ?? [];
    if (unreadable.length) {
      return warn(
        `${missing.join(' and ')} not seen in container ${d.cartContainer}, but the doctor may not read ${unreadable.join(', ')}, which may hold them.`,
        {
          missing,
          unreadable,
        },
      );
    }
    return fail(
      `Container ${d.cartContainer ?? '?'} has no ${missing.join(' and ')}: the SDK finds no credentials and never reaches the local DynamoDB.`,
      { expected: NEEDED, missing },
      snippet(
        comment('Any value works for DynamoDB Local (put them in the ConfigMap the Deployment already reads, if it has one):'),
        `kubectl -n ${target.namespace} set env deployment/${target.deployment}${d.cartContainer ? ` -c ${d.cartContainer}` : ''} ${missing.map((m) => `${m}=local`).join(' ')}`,
        restartCommand(target),
      ),
    );
  },
});

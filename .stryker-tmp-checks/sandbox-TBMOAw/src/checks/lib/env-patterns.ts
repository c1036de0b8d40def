// @ts-nocheck
import type { ContainerFact, DeploymentFact, EnvVar } from '../../facts/types.js';
import type { Target } from '../../config/types.js';
import { redactText, redactUrl } from '../../redact.js';

/** docs/design/SPEC.md §2.1: recognition by pattern, not by one literal name. */
export const STATIC_CREDENTIALS = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);
export const isEndpointOverride = (name: string) => /DYNAMODB.*ENDPOINT/i.test(name) || name === 'AWS_ENDPOINT_URL' || name === 'AWS_ENDPOINT_URL_DYNAMODB';
export const isCreateTableFlag = (name: string) => /CREATE_?TABLE/i.test(name);
export const isTruthy = (value: string) => /^(true|1|yes|on|y)$/i.test(value.trim());

/**
 * A variable's value as a check may quote it. Values reach checks already allowlisted at the
 * source boundary; quoting goes through the redactor again so no future source can leak one.
 */
export function shownValue(name: string, value: string): string {
  return isEndpointOverride(name) ? redactUrl(value) : redactText(value);
}

export interface Hit {
  container: ContainerFact;
  variable: EnvVar;
}

/** Every variable of every container (init containers too) whose name matches. */
export function findVars(d: DeploymentFact, match: (name: string) => boolean): Hit[] {
  return d.containers.flatMap((container) => container.env.filter((v) => match(v.name)).map((variable) => ({ container, variable })));
}

/** "AWS_SECRET_ACCESS_KEY from Secret/aws-creds (envFrom) in container cart": names only, never values. */
export function describeHit({ container, variable }: Hit): string {
  const how =
    variable.source === 'env'
      ? 'set in env'
      : variable.source === 'webhook'
        ? 'injected by the webhook'
        : `from ${variable.from ?? '?'} (${variable.source.split(':')[0]})`;
  return `${variable.name} ${how} in ${container.init ? 'init container' : 'container'} ${container.name}`;
}

/** The exact way to remove a variable, depending on where it comes from. */
// (The caller ends the fix with a rollout restart: a changed ConfigMap or Secret reaches no running pod.)
export function removalFor(hit: Hit, target: Target): string {
  const { variable, container } = hit;
  if (variable.source === 'env' || variable.source.startsWith('env:')) {
    return `kubectl -n ${target.namespace} set env deployment/${target.deployment} -c ${container.name} ${variable.name}-`;
  }
  const [kind, name] = (variable.from ?? '/').split('/');
  const key = variable.name;
  return kind === 'ConfigMap'
    ? `kubectl -n ${target.namespace} patch configmap ${name} --type=json -p '[{"op":"remove","path":"/data/${key}"}]'   # or drop the envFrom`
    : `kubectl -n ${target.namespace} patch secret ${name} --type=json -p '[{"op":"remove","path":"/data/${key}"}]'   # or drop the envFrom secretRef`;
}

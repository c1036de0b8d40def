import { comment, restartCommand, snippet } from './lib/fix.js';
import { describeEndpoint, resolveEndpoint, serviceUrl } from './lib/local-dynamo.js';
import { defineCheck, fail, pass, skip, warn } from './lib/types.js';
import type { EnvVar } from '../facts/types.js';

/**
 * The ConfigMap and key that hold a variable: envFrom copies each key under its own name; a
 * configMapKeyRef (`from` is `ConfigMap/NAME.KEY`) names its key, which may itself hold dots.
 */
function configMapKey(variable: EnvVar): { configMap: string; key: string } {
  const ref = (variable.from ?? '').replace(/^ConfigMap\//, '');
  if (variable.source !== 'env:configMapKeyRef') return { configMap: ref, key: variable.name };
  const dot = ref.indexOf('.');
  return { configMap: ref.slice(0, dot), key: ref.slice(dot + 1) };
}

export default defineCheck({
  meta: {
    id: 'local.endpoint',
    dependsOn: ['deployment.service-account'],
    platforms: ['k3s'],
    title: 'The DynamoDB endpoint variable names a Service and one of its ports',
    symptom: 'Connection refused',
    docs:
      'K3s only. Finds the endpoint variable the app reads (any *DYNAMODB*ENDPOINT*, AWS_ENDPOINT_URL, ' +
      'AWS_ENDPOINT_URL_DYNAMODB; set in env, through envFrom or valueFrom) and resolves its host as Kubernetes DNS does: ' +
      '`name` in the Deployment namespace, `name.ns`, `name.ns.svc`, `name.ns.svc.cluster.local`. The Service must exist ' +
      'and listen on the URL port (80/443 when none is written). A wrong host or port gives "Connection refused" (or ' +
      'UnknownHostException); no endpoint at all sends the fake keys to real AWS.',
    remediation: 'Point the endpoint variable at the DynamoDB Service and its port, e.g. http://carts-dynamodb:8000.',
  },
  async run(ctx) {
    const { target } = ctx;
    const resolved = await resolveEndpoint(ctx);
    if (resolved.ok) {
      const { hit, service, port } = resolved;
      return pass(`${describeEndpoint(hit)} reaches Service ${service.namespace}/${service.name} port ${port.port}.`, {
        variable: hit.variable.name,
        service: `${service.namespace}/${service.name}`,
        port: port.port,
      });
    }
    const { problem, hit, detail } = resolved;
    if (problem === 'no-deployment') return skip('deployment.service-account', detail);
    if (problem === 'hidden') {
      return warn(
        `The value of ${hit!.variable.name} comes from ${hit!.variable.from ?? 'a Secret'} and cannot be seen, so its host and port cannot be checked.`,
        {
          variable: hit!.variable.name,
        },
      );
    }
    if (problem === 'no-endpoint') {
      return fail(
        `No DynamoDB endpoint variable in ${target.deployment}: on K3s the SDK then calls real AWS DynamoDB with the fake keys.`,
        { expected: 'an endpoint variable naming the DynamoDB Service', actual: null },
        snippet(
          comment('Point the app at the DynamoDB Service (retail-store: RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT):'),
          `kubectl -n ${target.namespace} set env deployment/${target.deployment} AWS_ENDPOINT_URL_DYNAMODB=http://<DYNAMODB_SERVICE>:8000`,
        ),
        'UnrecognizedClientException',
      );
    }
    const { service } = resolved;
    const url = service?.ports[0] ? serviceUrl(service, service.ports[0], target) : 'http://<DYNAMODB_SERVICE>:<PORT>';
    return fail(
      `${detail}.`,
      { expected: 'a Service name and one of its ports', actual: hit ? describeEndpoint(hit) : null, problem },
      snippet(
        comment(`Point ${hit!.variable.name} at the DynamoDB Service${hit!.variable.from ? ` (it comes from ${hit!.variable.from}: change it there)` : ''}:`),
        hit!.variable.source.startsWith('envFrom:configMap') || hit!.variable.source === 'env:configMapKeyRef'
          ? `kubectl -n ${target.namespace} patch configmap ${configMapKey(hit!.variable).configMap} --type=merge -p '${JSON.stringify({ data: { [configMapKey(hit!.variable).key]: url } })}'`
          : `kubectl -n ${target.namespace} set env deployment/${target.deployment} ${hit!.variable.name}=${url}`,
        restartCommand(target),
      ),
    );
  },
});

import { comment, snippet } from './lib/fix.js';
import { backends, imageList, isLocalDynamoImage, resolveEndpoint } from './lib/local-dynamo.js';
import { defineCheck, fail, pass, skip } from './lib/types.js';

const labelList = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

export default defineCheck({
  meta: {
    id: 'local.service',
    dependsOn: ['local.endpoint'],
    platforms: ['k3s'],
    title: 'The DynamoDB Service selects pods that serve its target port and run a DynamoDB-compatible image',
    symptom: 'Connection refused',
    docs:
      'K3s only. Follows the Service that local.endpoint found: its selector must match the pod labels of a Deployment or ' +
      'StatefulSet in the namespace, a container of those pods must expose the target port (by name, e.g. `dynamodb`, or ' +
      'by number), and that container must run a DynamoDB-compatible image: amazon/dynamodb-local (also from ' +
      'public.ecr.aws/aws-dynamodb-local), localstack, dynalite, or the list in `expectations.localDynamoImages`. A ' +
      'Service that selects nothing has no endpoints: the app gets "Connection refused".',
    remediation: 'Make the Service selector match the DynamoDB pods and its targetPort name a port they expose, or deploy DynamoDB Local behind it.',
  },
  async run(ctx) {
    const { expect, facts } = ctx;
    const resolved = await resolveEndpoint(ctx);
    if (!resolved.ok) return skip('local.endpoint', resolved.detail);
    const { service, port } = resolved;
    const workloads = await facts.workloads(service.namespace);
    const { selected, serving } = backends(service, port, workloads);
    const svc = `Service ${service.namespace}/${service.name}`;
    const evidence = { selector: service.selector, targetPort: port.targetPort, workloads: workloads.map((w) => `${w.kind}/${w.name}`) };
    const inspect = `kubectl -n ${service.namespace} get endpoints ${service.name}`;
    if (Object.keys(service.selector).length === 0) {
      return fail(
        `${svc} has no selector, so it has no endpoints to send the app to.`,
        evidence,
        snippet(comment('Give it the DynamoDB pods’ labels:'), inspect),
      );
    }
    if (selected.length === 0) {
      const dynamo = workloads.filter((w) => w.containers.some((c) => isLocalDynamoImage(c.image, expect)));
      const hint = dynamo.length
        ? ` ${dynamo.map((w) => `${w.kind} ${w.name}`).join(', ')} runs DynamoDB with pod labels ${labelList(dynamo[0]!.podLabels)}.`
        : ` No Deployment or StatefulSet in ${service.namespace} runs a DynamoDB-compatible image (${imageList(expect)}).`;
      return fail(
        `${svc} selects ${labelList(service.selector)}, which no pod of a Deployment or StatefulSet in ${service.namespace} carries: no endpoints.${hint}`,
        evidence,
        dynamo.length
          ? snippet(
              comment(`Select the DynamoDB pods (${dynamo[0]!.name}):`),
              `kubectl -n ${service.namespace} patch service ${service.name} --type=merge -p '${JSON.stringify({ spec: { selector: dynamo[0]!.podLabels } })}'`,
            )
          : snippet(
              comment(`Deploy DynamoDB Local with labels ${labelList(service.selector)} and a port named or numbered ${port.targetPort}, e.g.:`),
              comment(`kubectl -n ${service.namespace} create deployment ${service.name} --image=amazon/dynamodb-local --port=8000`),
              inspect,
            ),
      );
    }
    if (serving.length === 0) {
      return fail(
        `${svc} port ${port.port} targets ${typeof port.targetPort === 'number' ? 'port' : 'the port named'} ${port.targetPort}, which no container of ${selected.map((w) => `${w.kind} ${w.name}`).join(', ')} exposes.`,
        evidence,
        snippet(comment('Make targetPort name or number a containerPort of the DynamoDB container:'), inspect),
      );
    }
    const dynamo = serving.find((s) => isLocalDynamoImage(s.container.image, expect));
    if (!dynamo) {
      const s = serving[0]!;
      return fail(
        `${svc} sends port ${port.port} to container ${s.container.name} of ${s.workload.kind} ${s.workload.name}, which runs ${s.container.image || 'no image'}, not a DynamoDB-compatible image (${imageList(expect)}).`,
        { ...evidence, image: s.container.image },
        comment('Point the Service at the DynamoDB pods, or, if this image does speak DynamoDB, list it in expectations.localDynamoImages of the config file.'),
      );
    }
    return pass(
      `${svc} port ${port.port} reaches container ${dynamo.container.name} (${dynamo.container.image}) of ${dynamo.workload.kind} ${dynamo.workload.name}.`,
      { ...evidence, image: dynamo.container.image },
    );
  },
});

// @ts-nocheck
import { ROLE_ARN_PATTERN, parseArn } from '../facts/arn.js';
import { ROLE_ARN_ANNOTATION } from '../facts/kube-facts.js';
import type { ContainerFact, DeploymentFact, PodContainerFact, PodFact } from '../facts/types.js';
import type { SymptomError } from './lib/symptoms.js';
import { comment, restartCommand, snippet } from './lib/fix.js';
import { defineCheck, fail, notApplicable, pass, skip, warn, type CheckContext, type Outcome } from './lib/types.js';

const TOKEN_FILE = '/var/run/secrets/eks.amazonaws.com/serviceaccount/token';
const SKIP_POD_LABEL = 'eks.amazonaws.com/skip-pod-identity-webhook';
const SKIP_CONTAINERS = 'eks.amazonaws.com/skip-containers';

/** One thing wrong with one pod; pods with the same kind of problem are reported together. */
interface Finding {
  kind: string;
  status: 'fail' | 'warn';
  symptom?: SymptomError;
  pod: PodFact;
  detail: string;
  fix: string;
}

const value = (c: { env: { name: string; value?: string }[] }, name: string) => c.env.find((v) => v.name === name)?.value;
const has = (c: { env: { name: string }[] }, name: string) => c.env.some((v) => v.name === name);
const named = (pod: PodFact) => (pod.createdAt ? `${pod.name} (created ${pod.createdAt})` : pod.name);

/**
 * A container that sets AWS_ROLE_ARN or the token file itself makes the webhook inject
 * neither (docs/design/irsa.md §2.3 item 4); that is in the template, so no pod is needed to see it.
 */
function ownIdentityVariables(c: ContainerFact, annotation: string | undefined, ctx: CheckContext): Outcome | undefined {
  const own = ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'].filter((n) => c.ownEnvNames.includes(n));
  if (!own.length) return undefined;
  const { namespace, deployment } = ctx.target;
  const fix = snippet(
    comment(`Remove ${own.join(' and ')} from container ${c.name} and let the webhook inject them from the ServiceAccount annotation:`),
    `kubectl -n ${namespace} set env deployment/${deployment} -c ${c.name} ${own.map((n) => `${n}-`).join(' ')}`,
    restartCommand(ctx.target),
  );
  const role = value(c, 'AWS_ROLE_ARN');
  const token = value(c, 'AWS_WEB_IDENTITY_TOKEN_FILE');
  const evidence = {
    container: c.name,
    setByContainer: own,
    AWS_ROLE_ARN: role ?? null,
    AWS_WEB_IDENTITY_TOKEN_FILE: token ?? null,
    annotation: annotation ?? null,
  };
  const skipped = `container ${c.name} sets ${own.join(' and ')} itself, so the webhook injects neither AWS_ROLE_ARN nor AWS_WEB_IDENTITY_TOKEN_FILE`;
  if (own.length === 2 && role === annotation && token === TOKEN_FILE) {
    return warn(
      `${skipped}; the values equal what it would inject, so it works today, but a changed annotation will never reach this container.`,
      evidence,
      fix,
      'AccessDeniedException',
    );
  }
  if (!token) {
    return fail(
      `${skipped}: without AWS_WEB_IDENTITY_TOKEN_FILE the SDK's web-identity provider stays off, and the app falls through to the node role or "Unable to locate credentials".`,
      evidence,
      fix,
    );
  }
  if (role && annotation && role !== annotation) {
    return fail(`${skipped}: it assumes ${role}, not ${annotation} from the ServiceAccount annotation.`, evidence, fix, 'AccessDeniedException');
  }
  return fail(
    `${skipped}: ${role ? `AWS_ROLE_ARN=${role}` : 'no AWS_ROLE_ARN'}, AWS_WEB_IDENTITY_TOKEN_FILE=${token}; the web-identity provider only works if both are right and the token is mounted there.`,
    evidence,
    fix,
  );
}

/**
 * Why a pod lacks the injection. With the annotation's write time (managedFields) the two
 * causes part: a pod older than the annotation only needs a restart; a newer one was missed by
 * the webhook (the ServiceAccount applied together with the Deployment, or a webhook outage).
 */
function notInjected(pod: PodFact, missing: string, annotatedAt: string | undefined, restart: string): Finding {
  const created = pod.createdAt ? Date.parse(pod.createdAt) : NaN;
  const annotated = annotatedAt ? Date.parse(annotatedAt) : NaN;
  const base = { kind: 'not-injected', status: 'fail' as const, pod };
  if (!Number.isNaN(created) && !Number.isNaN(annotated) && created >= annotated) {
    return {
      ...base,
      kind: 'missed-by-webhook',
      detail: `${missing}, and was created after the annotation (${annotatedAt}): the webhook did not mutate it (the ServiceAccount applied together with the Deployment, or a webhook outage); restart needed`,
      fix: snippet(
        restart,
        comment('If new pods still lack AWS_ROLE_ARN, check the pod-identity webhook: kubectl get mutatingwebhookconfiguration pod-identity-webhook'),
      ),
    };
  }
  const when = Number.isNaN(annotated)
    ? 'created before the annotation, or while the webhook could not see the ServiceAccount'
    : `created before the annotation (${annotatedAt})`;
  return { ...base, detail: `${missing}: ${when}; restart needed`, fix: restart };
}

function judgePod(
  pod: PodFact,
  container: PodContainerFact,
  annotation: string,
  annotatedAt: string | undefined,
  restart: string,
  d: DeploymentFact,
  tableRegion: string | undefined,
): Finding[] {
  const found = (kind: string, status: Finding['status'], detail: string, fix: string, symptom?: SymptomError): Finding => ({
    kind,
    status,
    pod,
    detail,
    fix,
    ...(symptom && { symptom }),
  });
  if (has(container, 'AWS_CONTAINER_CREDENTIALS_FULL_URI')) {
    return [
      found(
        'pod-identity',
        'warn',
        "EKS Pod Identity credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI), not IRSA: the association's role is used (see identity.pod-identity)",
        comment('See identity.pod-identity: remove the Pod Identity association if IRSA is meant, then restart.'),
        'AccessDeniedException',
      ),
    ];
  }
  if (pod.serviceAccountName !== d.effectiveServiceAccount) {
    return [
      found(
        'stale-sa',
        'fail',
        `ServiceAccount ${pod.serviceAccountName}, but the template now says ${d.effectiveServiceAccount}: created before the change; restart needed`,
        restart,
      ),
    ];
  }
  const role = value(container, 'AWS_ROLE_ARN');
  const token = value(container, 'AWS_WEB_IDENTITY_TOKEN_FILE');
  const findings: Finding[] = [];
  if (!role || !token) {
    const skippedByLabel = SKIP_POD_LABEL in pod.labels;
    const skipList = (pod.annotations[SKIP_CONTAINERS] ?? '').split(',').map((s) => s.trim());
    if (skippedByLabel) {
      findings.push(
        found(
          'skip-label',
          'fail',
          `label ${SKIP_POD_LABEL}, so the webhook leaves the pod alone: no AWS_ROLE_ARN`,
          snippet(
            comment(
              `Remove the label ${SKIP_POD_LABEL} from the pod template of deployment/${d.name} (kubectl -n ${d.namespace} edit deployment/${d.name}), then:`,
            ),
            restartCommand({ namespace: d.namespace, deployment: d.name }),
          ),
        ),
      );
    } else if (skipList.includes(container.name)) {
      findings.push(
        found(
          'skip-containers',
          'fail',
          `container ${container.name} listed in ${SKIP_CONTAINERS}, so the webhook skips it: no AWS_ROLE_ARN`,
          snippet(
            comment(
              `Remove ${container.name} from the ${SKIP_CONTAINERS} annotation of the pod template of deployment/${d.name} (kubectl -n ${d.namespace} edit deployment/${d.name}), then:`,
            ),
            restartCommand({ namespace: d.namespace, deployment: d.name }),
          ),
        ),
      );
    } else {
      const missing = `no ${role ? 'AWS_WEB_IDENTITY_TOKEN_FILE' : 'AWS_ROLE_ARN'} although ServiceAccount ${pod.serviceAccountName} is annotated`;
      findings.push(notInjected(pod, missing, annotatedAt, restart));
    }
  } else if (role !== annotation) {
    findings.push(
      found(
        'stale-role',
        'fail',
        `AWS_ROLE_ARN=${role}, but the annotation now says ${annotation}: created before the change; restart needed`,
        restart,
        'AccessDeniedException',
      ),
    );
  } else {
    const dir = token.slice(0, token.lastIndexOf('/'));
    const mounted = container.mounts.some((m) => dir === m.mountPath.replace(/\/$/, '') || dir.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
    if (!mounted)
      findings.push(
        found('token-not-mounted', 'fail', `AWS_WEB_IDENTITY_TOKEN_FILE=${token}, but no volume mounted at ${dir}: the SDK cannot read the token`, restart),
      );
  }
  if (pod.hostNetwork) {
    findings.push(
      found(
        'host-network',
        'warn',
        "hostNetwork: true: the node role (IMDS) is within reach, so if IRSA ever breaks the SDK silently falls back to the node's role instead of failing",
        comment(`Drop hostNetwork from the pod template of deployment/${d.name} unless the Cart really needs it (Fargate does not allow it).`),
        'AccessDeniedException',
      ),
    );
  }
  if (pod.automountDisabled) {
    findings.push(
      found(
        'no-automount',
        'warn',
        'automountServiceAccountToken: false: the webhook mounts its own token, but reports conflict on whether IRSA works this way; verify the pod can read the token',
        snippet(
          comment('Verify the pod can read the token, or set automountServiceAccountToken: true:'),
          `kubectl -n ${d.namespace} exec ${pod.name} -c ${container.name} -- cat ${TOKEN_FILE} >/dev/null`,
        ),
      ),
    );
  }
  if (!has(container, 'AWS_REGION')) {
    const why = has(container, 'AWS_DEFAULT_REGION') ? 'AWS_DEFAULT_REGION but no AWS_REGION: Java v2 and JS v3 read only AWS_REGION' : 'no AWS_REGION';
    findings.push(
      found(
        'no-aws-region',
        'warn',
        why,
        snippet(
          comment(
            `Set AWS_REGION on container ${container.name} to the table's region (or remove AWS_DEFAULT_REGION from its env so the webhook injects both):`,
          ),
          !tableRegion && comment("the table's region is unknown in this run (no table ARN): put it in place of <REGION>"),
          `kubectl -n ${d.namespace} set env deployment/${d.name} -c ${container.name} AWS_REGION=${tableRegion ?? '<REGION>'}`,
          restartCommand({ namespace: d.namespace, deployment: d.name }),
        ),
        'Unable to load region',
      ),
    );
  }
  return findings;
}

/** Pods with the same finding are named together: "pods a, b have …; and 3 more". */
function summarize(findings: Finding[]): { text: string; fixes: string[] } {
  const byDetail = new Map<string, string[]>();
  for (const f of findings) byDetail.set(f.detail, [...(byDetail.get(f.detail) ?? []), named(f.pod)]);
  const parts = [...byDetail].map(([detail, pods]) => {
    const names = pods.length > 3 ? `${pods.slice(0, 3).join(', ')} and ${pods.length - 3} more` : pods.join(', ');
    return `${pods.length > 1 ? 'pods' : 'pod'} ${names}: ${detail}`;
  });
  return { text: parts.join('; '), fixes: [...new Set(findings.map((f) => f.fix))] };
}

export default defineCheck({
  meta: {
    id: 'pods.identity',
    dependsOn: ['deployment.service-account', 'sa.exists', 'sa.annotation'],
    title: 'The running Cart pods carry what the webhook injects for the annotated role',
    symptom: 'Unable to locate credentials',
    docs:
      'Compares the running pods with the ServiceAccount annotation. The webhook mutates pods only when they are created, ' +
      'so pods started before the annotation (or while it could not see the ServiceAccount) have no AWS_ROLE_ARN, and pods ' +
      'started before a role change keep the old role: both need `kubectl rollout restart`. When the ServiceAccount shows ' +
      'when its annotation was written (managedFields, kept by the API server), a pod created after it was missed by the webhook ' +
      '(applied together with the ServiceAccount, or a webhook outage), and the fix says to check the webhook. A container that sets its own ' +
      'AWS_ROLE_ARN or AWS_WEB_IDENTITY_TOKEN_FILE makes the webhook inject neither. The token file must be mounted ' +
      '(volume aws-iam-token), and AWS_DEFAULT_REGION without AWS_REGION leaves the Java v2 and JS v3 SDKs without a ' +
      "region (warn). hostNetwork puts the node role within reach, so a broken IRSA silently becomes the node's role (warn); " +
      'automountServiceAccountToken: false is a warn to verify (reports conflict). Pods come from the live cluster, or from Pod ' +
      'objects in the snapshot or manifests.',
    remediation: 'Restart the Deployment so new pods are mutated with the annotated role: kubectl rollout restart deployment/NAME.',
  },
  async run(ctx) {
    const { target, facts } = ctx;
    const d = await facts.deployment();
    if (!d.found) return skip('deployment.service-account', `Deployment ${target.namespace}/${target.deployment} does not exist`);
    const cart = d.containers.find((c) => c.name === d.cartContainer);
    const sa = await facts.serviceAccount();
    const annotation = sa.annotations[ROLE_ARN_ANNOTATION]?.trim() || undefined;
    const own = cart && ownIdentityVariables(cart, annotation, ctx);
    if (own) return own;
    if (d.effectiveServiceAccount !== target.serviceAccount) {
      return skip('deployment.service-account', `the pods run as ServiceAccount ${d.effectiveServiceAccount}, not ${target.serviceAccount}`);
    }
    if (!sa.found) return skip('sa.exists', `ServiceAccount ${target.namespace}/${target.serviceAccount} does not exist, so its pods cannot be created`);
    if (annotation && !ROLE_ARN_PATTERN.test(annotation))
      return skip('sa.annotation', `the annotation "${annotation}" is not a role ARN; pods carry it as it is`);
    const { pods, source } = await facts.pods();
    if (!pods.length) {
      const selector = Object.entries(d.selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return notApplicable(
        `No running pods of Deployment ${d.name} in ${source} (-l ${selector || '<no selector>'}): nothing to compare; pods are judged against a live cluster or Pod objects in the snapshot or manifests.`,
        { selector: d.selector },
      );
    }
    const restart = snippet(
      comment('Restart the Deployment so its pods are created again and mutated with the annotated role:'),
      restartCommand({ namespace: d.namespace, deployment: d.name }),
    );
    // Only for a fix that sets AWS_REGION; unknown, it is a placeholder the fix says is one.
    const tableRegion = parseArn(await facts.tableArn().catch(() => ''))?.region || undefined;
    const findings: Finding[] = [];
    for (const pod of pods) {
      const container = pod.containers.find((c) => c.name === d.cartContainer) ?? pod.containers.find((c) => !c.init);
      if (!container) continue;
      if (!annotation && !has(container, 'AWS_CONTAINER_CREDENTIALS_FULL_URI')) continue;
      findings.push(...judgePod(pod, container, annotation ?? '', sa.annotatedAt, restart, d, tableRegion));
    }
    if (!annotation && !findings.length) {
      return skip('sa.annotation', `ServiceAccount ${sa.name} has no ${ROLE_ARN_ANNOTATION} annotation, so no pod is expected to carry IRSA variables`);
    }
    const evidence = {
      expected: { AWS_ROLE_ARN: annotation ?? null, AWS_WEB_IDENTITY_TOKEN_FILE: TOKEN_FILE, volume: 'aws-iam-token', AWS_REGION: 'set' },
      pods: pods.map((p) => {
        const c = p.containers.find((x) => x.name === d.cartContainer) ?? p.containers.find((x) => !x.init);
        return {
          name: p.name,
          createdAt: p.createdAt ?? null,
          serviceAccount: p.serviceAccountName,
          AWS_ROLE_ARN: (c && value(c, 'AWS_ROLE_ARN')) ?? null,
          AWS_REGION: (c && value(c, 'AWS_REGION')) ?? null,
          problems: findings.filter((f) => f.pod === p).map((f) => f.kind),
        };
      }),
    };
    const failing = findings.filter((f) => f.status === 'fail');
    const worst = failing.length ? failing : findings;
    if (worst.length) {
      const { text, fixes } = summarize(worst);
      const symptomOf = worst.find((f) => f.symptom)?.symptom;
      const outcome = failing.length ? fail : warn;
      return outcome(`${text}.`, evidence, fixes.join('\n'), failing.length ? failing[0]!.symptom : symptomOf);
    }
    return pass(
      `All ${pods.length} pod(s) of Deployment ${d.name} run with ${annotation} injected (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE, a mounted token) and AWS_REGION set.`,
      evidence,
    );
  },
});

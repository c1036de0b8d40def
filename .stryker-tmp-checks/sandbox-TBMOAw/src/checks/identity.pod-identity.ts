// @ts-nocheck
import { FactUnavailable } from '../errors.js';
import { ROLE_ARN_ANNOTATION } from '../facts/kube-facts.js';
import type { ClusterFact, PodIdentityAssociationFact, PoliciesFact, RoleFact } from '../facts/types.js';
import { contextFrom, evaluateIdentity, evaluateTrust } from '../iam/evaluate.js';
import type { Decision, PolicyDocument, Principal, RequestContext } from '../iam/types.js';
import { refName } from './lib/policy-analysis.js';
import { namesEveryone } from './lib/trust-analysis.js';
import { comment, heredoc, json, restartCommand, snippet } from './lib/fix.js';
import { defineCheck, fail, notApplicable, pass, warn, type CheckContext, type Outcome } from './lib/types.js';

const PODS_SERVICE = 'pods.eks.amazonaws.com';
/**
 * Unavailable kinds that leave an optional hint out instead of making the run inconclusive: not
 * recorded in an older snapshot, or an endpoint without the API. A read that failed (500,
 * throttled, an unusable answer), was denied or timed out stays an error: the associations
 * were asked for and not seen.
 */
const HINT_LEFT_OUT = new Set<string>(['not-recorded', 'no-api']);

const coversPodsService = (p: Principal | undefined, notP: Principal | undefined): boolean =>
  p ? namesEveryone(p) || (p.Service ?? []).includes(PODS_SERVICE) : !!notP && !(namesEveryone(notP) || (notP.Service ?? []).includes(PODS_SERVICE));

const describeUnknown = (d: Decision) =>
  d.unknownConditions.map((u) => `${u.operator} ${u.key} ${JSON.stringify(u.values)} in ${refName(u.statement)}`).join('; ');

/** The trust a Pod Identity role needs: pods.eks.amazonaws.com may sts:AssumeRole and sts:TagSession. */
function judgeTrust(role: RoleFact, association: PodIdentityAssociationFact, cluster: ClusterFact | undefined): { denied: string[]; unknown: string[] } {
  const trust = role.trust;
  if (!trust) return { denied: ['its trust policy could not be read'], unknown: [] };
  const context = contextFrom({ ...(cluster?.account && { 'aws:SourceAccount': cluster.account }), ...(cluster?.arn && { 'aws:SourceArn': cluster.arn }) });
  const actions = association.disableSessionTags ? ['sts:AssumeRole'] : ['sts:AssumeRole', 'sts:TagSession'];
  const denied: string[] = [];
  const unknown: string[] = [];
  for (const action of actions) {
    const d = evaluateTrust(trust, { action, principalMatches: coversPodsService, context });
    if (d.result === 'deny') denied.push(d.explicitDeny ? `${action} (explicit Deny)` : action);
    else if (d.result === 'unknown') unknown.push(`${action}: ${describeUnknown(d)}`);
  }
  return { denied, unknown };
}

/** Identity policies ∩ boundary ∩ the association's session policy, for every call the app makes. */
function judgePermissions(ctx: CheckContext, policies: PoliciesFact, session: PolicyDocument | undefined, tableArn: string, context: RequestContext) {
  const denied: string[] = [];
  const unknown: string[] = [];
  for (const p of ctx.expect.permissions) {
    const resource = p.on === 'table' ? tableArn : `${tableArn}/index/${p.on.index}`;
    const request = { action: p.action, resource, context };
    const identity = evaluateIdentity(
      policies.identity.map((x) => x.document),
      request,
      policies.boundary && [policies.boundary.document],
    );
    const sessionDecision = session ? evaluateIdentity([session], request) : undefined;
    const where = (d: Decision, layer: string) => (d.explicitDeny ? `explicit Deny in ${layer}` : `no ${layer} allows it`);
    if (identity.result === 'deny')
      denied.push(`${p.action} on ${resource} (${where(identity, identity.deniedAt === 'boundary' ? 'permissions boundary' : 'identity-based policy')})`);
    else if (sessionDecision?.result === 'deny') denied.push(`${p.action} on ${resource} (${where(sessionDecision, 'session policy')})`);
    else if (identity.result === 'unknown' || sessionDecision?.result === 'unknown') {
      unknown.push(
        `${p.action}: ${[identity, sessionDecision]
          .filter((d): d is Decision => d?.result === 'unknown')
          .map(describeUnknown)
          .join('; ')}`,
      );
    }
  }
  return { denied, unknown };
}

async function judgeAssociation(ctx: CheckContext, a: PodIdentityAssociationFact): Promise<Outcome> {
  const { target, facts } = ctx;
  const sa = await facts.serviceAccount().catch(() => undefined);
  const annotation = sa?.annotations[ROLE_ARN_ANNOTATION];
  const cluster = await facts.cluster().catch(() => undefined);
  const region = cluster?.region ?? target.region ?? (await facts.region().catch(() => undefined));
  const shadow = `EKS Pod Identity association ${a.id} maps ${target.namespace}/${target.serviceAccount} to role ${a.roleArn ?? '(none)'}${a.targetRoleArn ? ` (chained into ${a.targetRoleArn})` : ''}; it takes precedence over IRSA${annotation ? ` (the annotation names ${annotation})` : ''} for every pod created since it exists`;
  const deleteIt = `aws eks delete-pod-identity-association --cluster-name ${target.cluster ?? cluster?.name} --association-id ${a.id}${region ? ` --region ${region}` : ''}`;
  // IRSA is what this doctor sets up, so its fix is the IRSA path; keeping Pod Identity is the commented alternative.
  const irsaPath = (alternative: string) =>
    snippet(
      comment('If IRSA is meant (the ServiceAccount annotation), delete the association; new pods then get the IRSA role:'),
      deleteIt,
      restartCommand(target),
      comment(`or, if Pod Identity is meant: ${alternative}`),
    );
  const evidence = {
    association: a.id,
    roleArn: a.roleArn ?? null,
    targetRoleArn: a.targetRoleArn ?? null,
    sessionPolicy: !!a.sessionPolicy,
    irsaAnnotation: annotation ?? null,
  };
  if (!a.roleArn)
    return fail(
      `${shadow}, but the association names no role.`,
      evidence,
      irsaPath('give the association a role (aws eks update-pod-identity-association --role-arn …)'),
      'Unable to locate credentials',
    );
  const role = await facts.roleByArn(a.roleArn);
  if (!role.found) {
    return fail(
      `${shadow}, and that role does not exist (iam:GetRole: NoSuchEntity): the pods get no credentials.`,
      evidence,
      irsaPath(`create role ${a.roleArn}, or point the association at an existing one`),
      'Unable to locate credentials',
    );
  }
  const trust = judgeTrust(role, a, cluster);
  if (trust.denied.length) {
    const trustDoc = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: PODS_SERVICE }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
    };
    return fail(
      `${shadow}, but the trust policy of ${role.ref.name} does not let ${PODS_SERVICE} perform ${trust.denied.join(', ')}: the Pod Identity agent cannot get credentials.`,
      { ...evidence, trustDenied: trust.denied },
      snippet(
        comment(`Trust the Pod Identity service on ${role.ref.name} (this replaces its trust policy):`),
        heredoc('pod-identity-trust.json', json(trustDoc), 'JSON'),
        `aws iam update-assume-role-policy --role-name ${role.ref.name} --policy-document file://pod-identity-trust.json`,
        comment(`or, if IRSA is meant: ${deleteIt} && ${restartCommand(target)}`),
      ),
      'Unable to locate credentials',
    );
  }
  const effective = a.targetRoleArn ? await facts.roleByArn(a.targetRoleArn) : role;
  if (!effective.found)
    return fail(`${shadow}, and the target role ${a.targetRoleArn} does not exist.`, evidence, irsaPath('fix targetRoleArn of the association'));
  const [policies, tableArn] = await Promise.all([facts.policiesOf(effective), facts.tableArn()]);
  const roleArn = effective.arn ?? effective.ref.arn;
  const context = contextFrom({
    'aws:SecureTransport': 'true',
    ...(roleArn && { 'aws:PrincipalArn': roleArn }),
    ...(a.disableSessionTags
      ? {}
      : {
          'aws:PrincipalTag/kubernetes-namespace': target.namespace,
          'aws:PrincipalTag/kubernetes-service-account': target.serviceAccount,
          ...(target.cluster && { 'aws:PrincipalTag/eks-cluster-name': target.cluster }),
          ...(cluster?.arn && { 'aws:PrincipalTag/eks-cluster-arn': cluster.arn }),
        }),
  });
  const perms = judgePermissions(ctx, policies, a.sessionPolicy, tableArn, context);
  if (perms.denied.length) {
    return fail(
      `${shadow}, and that role may not do what the app calls: ${perms.denied.join('; ')}.`,
      { ...evidence, denied: perms.denied },
      irsaPath(
        `grant the missing actions to ${effective.ref.name}${a.sessionPolicy ? " and to the association's session policy" : ''} (the statements policy.actions prints)`,
      ),
    );
  }
  const unknown = [...trust.unknown, ...perms.unknown];
  // Role chaining (targetRoleArn): the target's trust in the association's role, with its ExternalId, is not judged here.
  if (a.targetRoleArn) unknown.push(`the trust of ${a.targetRoleArn} in ${role.ref.name} (sts:AssumeRole, sts:TagSession, ExternalId) is not evaluated`);
  const verdict = unknown.length
    ? `its trust and permissions depend on conditions the doctor cannot evaluate: ${unknown.join('; ')}`
    : `role ${effective.ref.name} trusts ${PODS_SERVICE} and allows every action the app calls, so the pods work, with that role and not the IRSA one`;
  return warn(
    `${shadow}; ${verdict}.`,
    { ...evidence, ...(unknown.length && { unknownConditions: unknown }) },
    snippet(comment('Keep one credential path.'), irsaPath(`remove the ${ROLE_ARN_ANNOTATION} annotation instead, so nobody debugs the wrong role`)),
  );
}

export default defineCheck({
  meta: {
    id: 'identity.pod-identity',
    dependsOn: [],
    title: 'No EKS Pod Identity association silently replaces IRSA for the ServiceAccount',
    symptom: 'AccessDeniedException',
    docs:
      'Lists the EKS Pod Identity associations of the ServiceAccount (eks:ListPodIdentityAssociations). An association ' +
      'wins over the IRSA annotation: the webhook then injects container credentials and no AWS_ROLE_ARN, so the role ' +
      "that matters is the association's. If one exists this warns and evaluates that role instead: its trust must let " +
      'pods.eks.amazonaws.com sts:AssumeRole and sts:TagSession, and its policies (with the permissions boundary and the ' +
      "association's session policy intersected) must allow every action the app calls. An endpoint or snapshot without " +
      'the API leaves the hint out (skip), never a pass.',
    remediation:
      'Keep one credential path: delete the Pod Identity association if IRSA is meant (aws eks delete-pod-identity-association), then restart the Deployment.',
  },
  async run(ctx) {
    let fact;
    try {
      fact = await ctx.facts.podIdentity();
    } catch (err) {
      if (err instanceof FactUnavailable && HINT_LEFT_OUT.has(err.kind)) {
        return notApplicable(`Pod Identity associations were not looked up (${err.message}): this hint is left out, nothing is claimed about them.`, {
          cause: err.kind,
        });
      }
      throw err;
    }
    const { target } = ctx;
    if (!fact.associations.length) {
      return pass(`No EKS Pod Identity association for ${target.namespace}/${target.serviceAccount} in cluster ${fact.cluster}: IRSA is the credential path.`, {
        associations: [],
      });
    }
    const [first, ...more] = fact.associations;
    const outcome = await judgeAssociation(ctx, first!);
    return more.length ? { ...outcome, message: `${outcome.message} (${more.length} more association(s): ${more.map((m) => m.id).join(', ')})` } : outcome;
  },
});

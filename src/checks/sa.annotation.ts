import { ROLE_ARN_PATTERN, parseArn, roleNameFromArn } from '../facts/arn.js';
import { ROLE_ARN_ANNOTATION } from '../facts/kube-facts.js';
import { defineCheck, fail, pass, skip } from './types.js';

export default defineCheck({
  meta: {
    id: 'sa.annotation',
    dependsOn: ['sa.exists'],
    title: 'The ServiceAccount annotation names the expected, existing IAM role',
    symptom: 'Unable to locate credentials',
    docs:
      'Reads eks.amazonaws.com/role-arn on the ServiceAccount. Without it the EKS webhook injects nothing. A malformed ' +
      'value (an unrendered ${role_arn}, whitespace, an extra colon) is still injected and STS answers "ValidationError: ' +
      'Request ARN is invalid". It must name the role --role expects, and that role must exist (iam:GetRole).',
    remediation: 'Annotate the ServiceAccount with the role ARN, then restart the Deployment so new pods get it.',
  },
  async run({ target, facts }) {
    const sa = await facts.serviceAccount();
    if (!sa.found) return skip('sa.exists', `ServiceAccount ${target.namespace}/${target.serviceAccount} does not exist`);
    const value = sa.annotations[ROLE_ARN_ANNOTATION];
    const wantedName = target.role ? (parseArn(target.role) ? roleNameFromArn(target.role) : target.role) : undefined;
    const ref = await facts.roleRef();
    const arnHint = ref?.arn ?? (target.role && parseArn(target.role) ? target.role : `arn:aws:iam::<ACCOUNT_ID>:role/${wantedName ?? 'cart-dynamodb-role'}`);
    const fix = (arn: string) =>
      `kubectl -n ${target.namespace} annotate serviceaccount ${target.serviceAccount} ${ROLE_ARN_ANNOTATION}=${arn} --overwrite\n  kubectl -n ${target.namespace} rollout restart deployment/${target.deployment}   # the webhook only mutates new pods`;
    if (value === undefined || value.trim() === '') {
      return fail(`ServiceAccount ${sa.name} has no ${ROLE_ARN_ANNOTATION} annotation: the webhook injects no credentials.`, { expected: arnHint, actual: null }, fix(arnHint));
    }
    if (!ROLE_ARN_PATTERN.test(value)) {
      return fail(
        `${ROLE_ARN_ANNOTATION} is "${value}", which is not a role ARN (unrendered template or typo); STS answers "ValidationError: Request ARN is invalid".`,
        { expected: 'arn:aws:iam::<12-digit account>:role/<name>', actual: value },
        fix(arnHint),
      );
    }
    const annotatedName = roleNameFromArn(value);
    if (wantedName && annotatedName !== wantedName) {
      return fail(`The annotation names role ${annotatedName}, but the expected role is ${wantedName}.`, { expected: wantedName, actual: value }, fix(arnHint));
    }
    const role = await facts.role();
    if (!role.found) {
      return fail(
        `The annotation names ${value}, and that role does not exist (iam:GetRole: NoSuchEntity).`,
        { expected: 'an existing role', actual: value },
        `Create role ${annotatedName} (setup guide steps 5–6), or annotate the ServiceAccount with an existing role:\n  ${fix('arn:aws:iam::<ACCOUNT_ID>:role/<ROLE>')}`,
      );
    }
    return pass(`ServiceAccount ${sa.name} is annotated with ${value}, and the role exists.`, { roleArn: value });
  },
});

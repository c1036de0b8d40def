// @ts-nocheck
import { ROLE_ARN_PATTERN, parseArn, roleNameFromArn } from '../facts/arn.js';
import { ROLE_ARN_ANNOTATION } from '../facts/kube-facts.js';
import { comment, restartCommand, snippet } from './lib/fix.js';
import { createRoleCommands, roleArnForFix } from './lib/role-fix.js';
import { defineCheck, fail, pass, skip } from './lib/types.js';

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
  async run(ctx) {
    const { target, facts } = ctx;
    const sa = await facts.serviceAccount();
    if (!sa.found) return skip('sa.exists', `ServiceAccount ${target.namespace}/${target.serviceAccount} does not exist`);
    const value = sa.annotations[ROLE_ARN_ANNOTATION];
    const wantedName = target.role ? (parseArn(target.role) ? roleNameFromArn(target.role) : target.role) : undefined;
    const hint = await roleArnForFix(ctx);
    const arnHint = hint.arn;
    const annotate = (arn: string) =>
      `kubectl -n ${target.namespace} annotate serviceaccount ${target.serviceAccount} ${ROLE_ARN_ANNOTATION}=${arn} --overwrite`;
    const fix = (arn: string) => snippet(hint.unknown, annotate(arn), comment('The webhook only mutates new pods:'), restartCommand(target));
    if (value === undefined || value.trim() === '') {
      return fail(
        `ServiceAccount ${sa.name} has no ${ROLE_ARN_ANNOTATION} annotation: the webhook injects no credentials.`,
        { expected: arnHint, actual: null },
        fix(arnHint),
      );
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
        snippet(
          await createRoleCommands(ctx, value),
          comment(`The webhook only mutates new pods:`),
          restartCommand(target),
          comment(`or annotate the ServiceAccount with an existing role instead: ${annotate('arn:aws:iam::ACCOUNT:role/NAME')}`),
        ),
      );
    }
    return pass(`ServiceAccount ${sa.name} is annotated with ${value}, and the role exists.`, { roleArn: value });
  },
});

// @ts-nocheck
import { describeHit, findVars, isCreateTableFlag, isTruthy, removalFor, shownValue } from './lib/env-patterns.js';
import { comment, restartCommand, snippet } from './lib/fix.js';
import { defineCheck, fail, pass, skip, warn } from './lib/types.js';

export default defineCheck({
  meta: {
    id: 'env.create-table',
    dependsOn: ['deployment.service-account'],
    title: 'No create-table flag is switched on',
    symptom: 'AccessDeniedException',
    docs:
      'Looks for any *CREATE_TABLE* / *CREATETABLE* variable with a truthy value (true, 1, yes, on). With it the retail ' +
      'cart calls DeleteTable and then CreateTable at startup: the IRSA role (rightly) lacks those permissions, so startup ' +
      'fails with AccessDeniedException — and if it had them, the table would be wiped. A value hidden in a Secret is a warning.',
    remediation: 'Set the create-table flag to "false" or remove it; create the table once, outside the app (setup guide step 1).',
  },
  async run({ target, facts }) {
    const d = await facts.deployment();
    if (!d.found) return skip('deployment.service-account', `Deployment ${target.namespace}/${target.deployment} was not found`);
    const hits = findVars(d, isCreateTableFlag);
    const on = hits.filter((h) => h.variable.value !== undefined && isTruthy(h.variable.value));
    const unseen = hits.filter((h) => h.variable.value === undefined);
    const fix = (list: typeof hits) => snippet(comment('Turn it off:'), ...new Set(list.map((h) => removalFor(h, target))), restartCommand(target));
    if (on.length > 0) {
      return fail(
        `Create-table is on: ${on.map((h) => `${describeHit(h)} = ${shownValue(h.variable.name, h.variable.value!)}`).join('; ')}; the app will try DeleteTable and CreateTable.`,
        {
          expected: 'false or unset',
          actual: on.map((h) => ({
            name: h.variable.name,
            value: shownValue(h.variable.name, h.variable.value!),
            container: h.container.name,
            from: h.variable.from ?? null,
          })),
        },
        fix(on),
      );
    }
    if (unseen.length > 0) {
      return warn(
        `Cannot see the value of ${unseen.map(describeHit).join('; ')}; if it is true the app will try DeleteTable and CreateTable.`,
        { unseen: unseen.map((h) => h.variable.name) },
        fix(unseen),
      );
    }
    return pass(
      hits.length
        ? `Create-table flags are off (${hits.map((h) => `${h.variable.name}=${shownValue(h.variable.name, h.variable.value ?? '')}`).join(', ')}).`
        : `No create-table flag in ${d.name}.`,
    );
  },
});

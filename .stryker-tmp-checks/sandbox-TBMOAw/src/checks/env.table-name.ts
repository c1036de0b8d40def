// @ts-nocheck
import { globMatches } from '../iam/match.js';
import { describeHit, shownValue, type Hit } from './lib/env-patterns.js';
import type { EnvVar } from '../facts/types.js';
import { comment, restartCommand, snippet } from './lib/fix.js';
import { defineCheck, fail, pass, skip, warn } from './lib/types.js';

export default defineCheck({
  meta: {
    id: 'env.table-name',
    dependsOn: ['deployment.service-account'],
    title: 'The table-name variable is set and names the table',
    symptom: 'ResourceNotFoundException',
    docs:
      'Reads the table-name variable of the Cart container (guide: TABLE_NAME; retail-store: ' +
      'RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME) and compares it with the table. A wrong name gets ResourceNotFoundException. ' +
      'For the retail-store preset it also requires RETAIL_CART_PERSISTENCE_PROVIDER=dynamodb (anything else silently keeps ' +
      'carts in memory) and flags the legacy CARTS_DYNAMODB_* names that current images ignore.',
    remediation: 'Set the table-name variable on the Cart container to the table name (setup guide step 9).',
  },
  async run({ target, expect, facts }) {
    const d = await facts.deployment();
    if (!d.found) return skip('deployment.service-account', `Deployment ${target.namespace}/${target.deployment} was not found`);
    const container = d.containers.find((c) => c.name === d.cartContainer);
    if (!container) return fail(`Deployment ${d.name} has no containers.`, { expected: 'a Cart container', actual: null });
    const setEnv = (name: string, value: string) =>
      `kubectl -n ${target.namespace} set env deployment/${target.deployment} -c ${container.name} ${name}=${value}`;
    const get = (name: string) => container.env.find((v) => v.name === name);
    const legacy = container.env.filter((v) => expect.legacyVarPatterns.some((p) => globMatches(p, v.name, { ignoreCase: false })));
    const problems: string[] = [];
    const fixes: string[] = [];

    for (const req of expect.requiredVars) {
      const v = get(req.name);
      if (!v)
        problems.push(
          `${req.name} is not set${req.equals ? ` (must be ${req.equals}; the app falls back to in-memory persistence and never uses DynamoDB)` : ''}`,
        );
      else if (req.equals !== undefined && v.value !== undefined && v.value !== req.equals)
        problems.push(`${req.name}=${shownValue(req.name, v.value)}, must be ${req.equals}: the app never uses DynamoDB`);
      if (!v || (req.equals !== undefined && v.value !== undefined && v.value !== req.equals)) {
        if (req.equals === undefined) fixes.push(comment(`${req.name} has no value the doctor can know: put the app's value in place of <VALUE>.`));
        fixes.push(setEnv(req.name, req.equals ?? '<VALUE>'));
      }
    }

    const tableVar = expect.tableNameVars.map(get).find((v) => v !== undefined);
    const legacyNote = legacy.length ? ` Legacy ${legacy.map((v) => v.name).join(', ')} ${legacy.length > 1 ? 'are' : 'is'} ignored by current images.` : '';
    if (!tableVar) {
      problems.push(
        `${expect.tableNameVars[0]} is not set in container ${container.name}${expect.preset === 'retail-store' ? ' (the app would use its default, Items)' : ''}`,
      );
      fixes.push(setEnv(expect.tableNameVars[0]!, target.table));
    } else if (tableVar.value !== undefined && tableVar.value !== target.table) {
      problems.push(
        `${describeHit({ container, variable: tableVar } as Hit)} = ${shownValue(tableVar.name, tableVar.value)}, but the table is ${target.table}`,
      );
      fixes.push(
        tableVar.from?.startsWith('ConfigMap/')
          ? `kubectl -n ${target.namespace} patch configmap ${tableVar.from.slice(10).split('.')[0]} -p '{"data":{"${tableVar.name}":"${target.table}"}}'`
          : setEnv(tableVar.name, target.table),
      );
    }
    const evidence = {
      expected: { [expect.tableNameVars[0]!]: target.table, ...Object.fromEntries(expect.requiredVars.map((r) => [r.name, r.equals ?? '(set)'])) },
      actual: Object.fromEntries(
        container.env
          .filter((v) => expect.tableNameVars.includes(v.name) || expect.requiredVars.some((r) => r.name === v.name) || legacy.includes(v))
          .map((v) => [v.name, v.value !== undefined ? shownValue(v.name, v.value) : v.redacted ? '(hidden)' : '(unresolved)']),
      ),
    };
    if (problems.length > 0)
      return fail(
        `${problems.join('; ')}.${legacyNote}`,
        evidence,
        snippet(...fixes, comment('Running pods keep the old environment (envFrom is read at start):'), restartCommand(target)),
      );
    const why = (v: EnvVar) => (v.redacted ? 'hidden: from a Secret or redacted' : 'unresolved reference');
    if (tableVar!.value === undefined) {
      return warn(
        `Cannot see the value of ${describeHit({ container, variable: tableVar! } as Hit)} (${why(tableVar!)}); it must be ${target.table}.${legacyNote}`,
        evidence,
        snippet(setEnv(tableVar!.name, target.table), restartCommand(target)),
      );
    }
    // A required value the doctor cannot see is not a pass either.
    const unseenRequired = expect.requiredVars.filter((r) => r.equals !== undefined && get(r.name)?.value === undefined);
    if (unseenRequired.length) {
      const list = unseenRequired
        .map((r) => `${describeHit({ container, variable: get(r.name)! } as Hit)} (${why(get(r.name)!)}); it must be ${r.equals}`)
        .join('; ');
      return warn(
        `Cannot see the value of ${list}.${legacyNote}`,
        evidence,
        snippet(...unseenRequired.map((r) => setEnv(r.name, r.equals!)), restartCommand(target)),
      );
    }
    if (legacy.length)
      return warn(
        `${tableVar!.name}=${target.table}.${legacyNote} Remove them to avoid confusion.`,
        evidence,
        snippet(
          `kubectl -n ${target.namespace} set env deployment/${target.deployment} ${legacy.map((v) => `${v.name}-`).join(' ')}   # or delete the keys from their ConfigMap`,
          restartCommand(target),
        ),
      );
    return pass(`${tableVar!.name}=${target.table} in container ${container.name}.`, evidence);
  },
});

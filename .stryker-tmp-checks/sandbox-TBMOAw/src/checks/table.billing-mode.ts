// @ts-nocheck
import { foundTable } from './lib/support.js';
import { defineCheck, pass, skip, warn } from './lib/types.js';

export default defineCheck({
  meta: {
    id: 'table.billing-mode',
    dependsOn: ['table.exists'],
    title: 'The table uses on-demand billing (PAY_PER_REQUEST)',
    symptom: 'ProvisionedThroughputExceededException',
    docs:
      'Reads BillingModeSummary.BillingMode; an absent summary means PROVISIONED. A provisioned table works, but bursts ' +
      'above its capacity are throttled with ProvisionedThroughputExceededException, so this is a warning, not a failure.',
    remediation: 'Switch the table to on-demand billing (setup guide step 1).',
  },
  async run(ctx) {
    const { region, table } = await foundTable(ctx);
    const name = ctx.target.table;
    if (!table.found) return skip('table.exists', `table ${name} was not found in ${region}`);
    const mode = table.billingMode ?? 'PROVISIONED';
    const reported = table.billingModeReported ? '' : ' (no BillingModeSummary, which means PROVISIONED)';
    if (mode === ctx.expect.billingMode) return pass(`Table ${name} bills ${mode}.`, { billingMode: mode });
    return warn(
      `Table ${name} bills ${mode}${reported}, expected ${ctx.expect.billingMode}: bursts above capacity are throttled.`,
      { expected: ctx.expect.billingMode, actual: mode },
      `aws dynamodb update-table --region ${region} --table-name ${name} --billing-mode ${ctx.expect.billingMode}`,
    );
  },
});

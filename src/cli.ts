#!/usr/bin/env node
/**
 * Wiring only: flags → command handler → exit code. The one place that sets the exit code.
 * `--version` answers before anything heavy is imported (startup budget, README "Performance").
 */
import { toolVersion } from './version.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const EXIT_INPUT = 3;
const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${toolVersion()}\n`);
} else {
  process.exitCode = await main(argv);
}

async function main(args: string[]): Promise<number> {
  const [{ default: yargs }, { InputError }] = await Promise.all([import('yargs'), import('./errors.js')]);
  let exitCode = 0;
  try {
    await yargs(args)
      .scriptName('cart-doctor')
      .usage('$0 <command> [options]\n\nRead-only doctor for a Cart service on EKS that uses DynamoDB through IRSA.')
      .command(
        'check',
        'Check every link from the Deployment to the DynamoDB table',
        (y) =>
          y
            .option('namespace', { alias: 'n', type: 'string', describe: 'Namespace of the workload [preset: retail-store-prod]' })
            .option('deployment', { type: 'string', describe: 'Deployment name [preset: cart-deployment]' })
            .option('service-account', { type: 'string', describe: 'Expected ServiceAccount [preset: cart-sa]' })
            .option('table', { type: 'string', describe: 'DynamoDB table [preset: Items]' })
            .option('role', { type: 'string', describe: 'Expected IAM role name or ARN [default: the role the SA annotation names]' })
            .option('region', { type: 'string', describe: 'AWS region of cluster and table' })
            .option('cluster', { type: 'string', describe: 'EKS cluster name' })
            .option('preset', { type: 'string', choices: ['guide', 'retail-store'], describe: 'Expectations preset [default: guide]' })
            .option('config', { type: 'string', describe: 'YAML file with target and expectations' })
            .option('snapshot', { type: 'string', describe: 'Replay recorded AWS calls (and Kubernetes objects) from FILE' })
            .option('manifests', { alias: 'f', type: 'string', array: true, describe: 'Kubernetes manifests: files, folders, - for stdin' })
            .option('output', { alias: 'o', type: 'string', choices: ['table', 'json'], default: 'table', describe: 'Output format' })
            .option('fail-on', { type: 'string', choices: ['fail', 'warn'], default: 'fail', describe: 'Exit 1 on failures only, or on warnings too' })
            .option('color', { type: 'boolean', describe: 'Colour the table [default: on a TTY unless NO_COLOR is set]' }),
        async (a) => {
          const [{ runCheckCommand, readStdinSync }] = await Promise.all([import('./commands/check.js')]);
          const report = await runCheckCommand(
            {
              flags: {
                namespace: a.namespace,
                deployment: a.deployment,
                serviceAccount: a['service-account'],
                table: a.table,
                role: a.role,
                region: a.region,
                cluster: a.cluster,
              },
              preset: a.preset as 'guide' | 'retail-store' | undefined,
              config: a.config,
              snapshot: a.snapshot,
              manifests: a.manifests,
              output: a.output as 'table' | 'json',
              failOn: a['fail-on'] as 'fail' | 'warn',
              color: a.color ?? (!!process.stdout.isTTY && !process.env.NO_COLOR),
            },
            {
              stdout: (t) => process.stdout.write(t),
              stderr: (t) => process.stderr.write(t),
              readStdin: readStdinSync,
            },
          );
          exitCode = report.exitCode;
        },
      )
      .demandCommand(1, 'Name a command: check')
      .strict()
      .version(toolVersion())
      .alias('version', 'V')
      .help()
      .alias('help', 'h')
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new InputError(msg);
      })
      .parseAsync();
  } catch (err) {
    const line = err instanceof InputError ? err.line() : `cart-doctor: ${(err as Error)?.message ?? String(err)}`;
    process.stderr.write(`${line}\n`);
    return EXIT_INPUT;
  }
  return exitCode;
}

/**
 * Wiring only: flags → command handler → exit code. The one place that sets the exit code.
 * Built into dist/chunks/app-<hash>.cjs and run by the launcher (src/launch.ts), which answers
 * `--version` before any of this loads (startup budget, README "Performance").
 */
import type { Argv } from 'yargs';
import type { LogFlags } from './commands/check.js';
import { toolVersion } from './version.js';
// Small, and needed by every command: in the app itself rather than loaded on demand.
import { InputError } from './errors.js';
import * as cliArgs from './cli-args.js';
import { escapeControl } from './report/escape.js';
import { COMMANDS } from './command-names.js';
import type { OutputFormat } from './commands/check.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const EXIT_INPUT = 3;
/** Nothing failed, but nothing could be judged either: here, a snapshot run that recorded nothing usable. */
const EXIT_INCONCLUSIVE = 2;

const EXIT_CODES = `Exit codes:
  0  no check failed and none errored (warnings allowed unless --fail-on warn)
  1  at least one check failed (or warned, with --fail-on warn)
  2  nothing failed, but a check could not be evaluated (inconclusive)
  3  bad flag, config, snapshot or manifest (one line on stderr names it)`;

/** Flags that name a thing: an empty value is a mistake, not "the default". */
const NAMING_FLAGS = [
  'namespace',
  'deployment',
  'service-account',
  'table',
  'role',
  'region',
  'cluster',
  'config',
  'snapshot',
  'manifests',
  'profile',
  'kubeconfig',
  'context',
  'logs-file',
  'account',
  'fix-script',
  'dynamodb-endpoint',
];

// Constants above: main() starts here, before later declarations would exist.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

/** Flags shared by `check` and `snapshot`: what to check and where the facts come from. */
function runOptions(y: Argv) {
  return y
    .option('namespace', { alias: 'n', type: 'string', describe: 'Namespace of the workload [preset guide: retail-store-prod]' })
    .option('deployment', { type: 'string', describe: 'Deployment name [preset guide: cart-deployment]' })
    .option('service-account', { type: 'string', describe: 'Expected ServiceAccount [preset guide: cart-sa]' })
    .option('table', { type: 'string', describe: 'DynamoDB table [preset guide: Items]' })
    .option('role', { type: 'string', describe: 'Expected IAM role name or ARN [default: the role the SA annotation names]' })
    .option('region', { type: 'string', describe: 'AWS region of cluster and table [default: AWS config, cluster ARN, kube context]' })
    .option('cluster', { type: 'string', describe: 'EKS cluster name [default: from an EKS kube context]' })
    .option('preset', { type: 'string', choices: ['guide', 'retail-store'], describe: 'Expectations preset [default: guide]' })
    .option('config', { type: 'string', describe: 'YAML file with target and expectations' })
    .option('snapshot', { type: 'string', describe: 'Replay recorded AWS calls (and Kubernetes objects) from FILE instead of live AWS' })
    .option('manifests', { alias: 'f', type: 'string', array: true, describe: 'Kubernetes manifests instead of the live cluster: files, folders, - for stdin' })
    .option('profile', { type: 'string', describe: 'AWS profile for live AWS calls' })
    .option('kubeconfig', { type: 'string', describe: 'kubeconfig for the live cluster [default: KUBECONFIG, ~/.kube/config, in-cluster]' })
    .option('context', { type: 'string', describe: 'kube context [default: current-context]' })
    .option('timeout', { type: 'number', default: 10, describe: 'Seconds each live AWS or Kubernetes call may take (1–300)' })
    .option('deadline', { type: 'number', default: 60, describe: 'Seconds the whole live run may take; calls still pending then are abandoned (1–3600)' })
    .option('platform', { type: 'string', choices: ['eks', 'k3s'], describe: 'Which half of the guide to judge [default: config, else detected, else eks]' })
    .option('dynamodb-endpoint', { type: 'string', describe: 'K3s: the local DynamoDB URL to probe for the table (e.g. after kubectl port-forward)' })
    .option('max-input-mb', { type: 'number', default: 16, describe: 'Largest snapshot, manifest, config or stdin input read, in MiB (larger is exit 3)' });
}

/**
 * The words of `explain WORDS` when yargs could only hand them over as they are: no flag, no `-`
 * (stdin), and not ending in `help` (yargs reads a last positional `help` as --help). Loading and
 * configuring yargs was most of that command's start-up (docs/performance.md).
 */
function plainExplainWords(args: readonly string[]): string[] | undefined {
  const words = args.slice(1);
  if (args[0] !== 'explain' || words.some((w) => w.startsWith('-')) || words.at(-1) === 'help') return undefined;
  return words;
}

async function main(rawArgs: string[]): Promise<number> {
  const explainWords = plainExplainWords(rawArgs);
  const yargsModule = explainWords ? undefined : await import('yargs');
  const args = cliArgs.normalizeStdinArgs(rawArgs);

  type RunArgs = Awaited<ReturnType<typeof runOptions>['argv']>;
  const run = async (a: RunArgs, extra: RunExtra) => {
    const [{ runCheckCommand, readStdinSync, numberFlag, TIMEOUT_RANGE, DEADLINE_RANGE }, { maxInputBytes }] = await Promise.all([
      import('./commands/check.js'),
      import('./sources/bounded-read.js'),
    ]);
    const { report, recorded } = await runCheckCommand(
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
        platform: a.platform as 'eks' | 'k3s' | undefined,
        dynamodbEndpoint: a['dynamodb-endpoint'],
        config: a.config,
        snapshot: a.snapshot,
        manifests: a.manifests,
        profile: a.profile,
        kubeconfig: a.kubeconfig,
        context: a.context,
        timeoutMs: numberFlag(a.timeout, '--timeout', TIMEOUT_RANGE) * 1000,
        deadlineSeconds: numberFlag(a.deadline, '--deadline', DEADLINE_RANGE),
        maxInputBytes: maxInputBytes(a['max-input-mb']),
        output: extra.output,
        noSuppress: extra.noSuppress,
        failOn: extra.failOn,
        // docs/design/SPEC.md §8: colour only on a TTY and never with NO_COLOR, whatever the flag says.
        color: !process.env.NO_COLOR && (extra.color ?? !!process.stdout.isTTY),
        recordTo: extra.recordTo,
        // Only where a person watches: a TTY on stderr, and never beside a machine format on stdout.
        // (The format first: touching process.stderr when it is a pipe loads node:net's sockets.)
        progress: extra.output === 'table' && !!process.stderr.isTTY,
        width: terminalWidth(),
        verbose: extra.verbose,
        force: extra.force,
        logs: extra.logs,
        fixScript: extra.fixScript,
      },
      // stdout is rendered (and escaped) by the report renderers; stderr lines are escaped here.
      { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(escapeControl(t)), readStdin: readStdinSync },
    );
    if (recorded) return recorded.usable ? 0 : EXIT_INCONCLUSIVE;
    return report.exitCode;
  };

  let parsed: Parsed;
  try {
    if (explainWords) return await dispatch({ _: ['explain'], text: explainWords, output: 'table' }, run);
    const cli = yargsModule!.default(args);
    // yargs renders and caches the whole help text whenever a command runs, in case a later
    // failure shows it: ~25 ms of CPU at every start. Our .fail() never shows help, so that
    // cache is never read (test/e2e/cli.test.ts still checks `--help` and `check --help`).
    (cli as unknown as YargsInternals).getInternalMethods().getUsageInstance().cacheHelpMessage = () => {};
    parsed = (await cli
      .scriptName('cart-doctor')
      .usage('$0 <command> [options]\n\nRead-only doctor for a Cart service on EKS that uses DynamoDB through IRSA.')
      .command('check', 'Check every link from the Deployment to the DynamoDB table', (y) =>
        runOptions(y)
          .option('output', {
            alias: 'o',
            type: 'string',
            choices: ['table', 'json', 'junit', 'github', 'sarif'],
            default: 'table',
            describe: 'Output format (junit: JUnit XML; github: GitHub Actions workflow commands; sarif: SARIF 2.1.0 for code scanning)',
          })
          .option('suppress', {
            type: 'boolean',
            default: true,
            describe: 'Apply suppressions (.cart-doctor.yaml, cart-doctor.io/ignore); --no-suppress reports everything',
          })
          .option('fail-on', { type: 'string', choices: ['fail', 'warn'], default: 'fail', describe: 'Exit 1 on failures only, or on warnings too' })
          .option('verbose', { alias: 'v', type: 'boolean', describe: "Every check's whole message and each problem's evidence (the default is compact)" })
          .option('color', { type: 'boolean', describe: 'Colour the table [default: on a TTY; never when NO_COLOR is set]' })
          .option('fix-script', { type: 'string', describe: 'Also write the fixes as a bash script to FILE, for you to review and run (nothing is run)' })
          .option('logs', { type: 'boolean', describe: "Scan the Cart pods' recent logs for IRSA/DynamoDB error shapes (live cluster)" })
          .option('logs-file', { type: 'string', describe: 'Scan a saved log file instead (offline)' })
          .option('logs-lines', { type: 'number', default: 500, describe: 'With --logs: last N lines per container' })
          .option('logs-since', { type: 'string', default: '1h', describe: 'With --logs: only lines newer than this (30s, 15m, 2h, 1h30m)' })
          .option('logs-pods', { type: 'number', default: 5, describe: 'With --logs: read at most this many pods' }),
      )
      .command('snapshot', 'Record the read-only calls of a check run to a snapshot file (Secret values removed)', (y) =>
        runOptions(y)
          .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Snapshot file to write' })
          .option('force', { type: 'boolean', describe: 'Replace FILE even when it holds more usable answers than this run recorded' }),
      )
      .command('permissions', "Print the doctor's own least-privilege IAM policy and Kubernetes RBAC for a target", (y) =>
        y
          .option('account', { type: 'string', describe: 'AWS account id' })
          .option('region', { type: 'string' })
          .option('cluster', { type: 'string' })
          .option('role', { type: 'string', describe: 'Cart role name [preset guide: cart-dynamodb-role]' })
          .option('table', { type: 'string', describe: 'DynamoDB table [preset guide: Items]' })
          .option('namespace', { alias: 'n', type: 'string', describe: 'Namespace [preset guide: retail-store-prod]' })
          .option('output', {
            alias: 'o',
            type: 'string',
            choices: ['table', 'json', 'yaml'],
            default: 'table',
            describe: 'table: both, with headings; json: the IAM policy alone (for aws iam create-policy); yaml: the RBAC alone (for kubectl apply -f -)',
          })
          .example('$0 permissions --account 111122223333 -o json > policy.json', 'The IAM policy, ready for aws iam create-policy')
          .example('$0 permissions -n carts -o yaml | kubectl apply -f -', 'The RBAC Role and RoleBinding'),
      )
      .command('explain [text..]', 'Explain a check id, a Common-failures row or an error text from a log (also on stdin)', (y) =>
        y
          .positional('text', {
            type: 'string',
            array: true,
            describe: 'A check id (pods.identity), a row (AccessDeniedException) or an error line; - or nothing reads stdin',
          })
          .option('output', {
            alias: 'o',
            type: 'string',
            choices: ['table', 'json', 'text', 'markdown'],
            default: 'table',
            describe: "Output format (table: for people, as in check; text is the same; markdown: a check's reference page)",
          }),
      )
      .command('schema <format>', 'Print the schema of a machine format: JSON Schema for json and sarif, XSD for junit', (y) =>
        y.positional('format', { type: 'string', choices: ['json', 'sarif', 'junit'], describe: 'The -o format whose schema to print' }),
      )
      .completion('completion', 'Print a bash/zsh completion script (source <(cart-doctor completion))')
      .example('$0 check -n retail-store-prod --cluster cart-cluster', 'Check the live cluster and AWS account')
      .example('helm template cart ./chart | $0 check -f - --cluster cart-cluster', 'Pre-deploy hook: rendered manifests on stdin, live AWS')
      .example('$0 check --snapshot fixtures/healthy-guide.yaml -o json', 'Replay a recorded run offline, JSON for CI')
      .example('$0 explain "User: … is not authorized to perform: dynamodb:Query"', 'Which link an error line points at')
      .epilogue(EXIT_CODES)
      .demandCommand(1, 'Name a command: check, snapshot, permissions, explain, schema or completion')
      .strict()
      .version(toolVersion())
      .alias('version', 'V')
      .help()
      .alias('help', 'h')
      .exitProcess(false)
      .fail((msg, err) => {
        if (err) throw err;
        const known = Object.keys((cli as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
        throw new InputError(cliArgs.explainUnknown(msg, known, COMMANDS, args) ?? msg.replace(/\s*\n\s*/g, ' '));
      })
      .parseAsync()) as Parsed;
    if (parsed.help || parsed.version) return 0;
    return await dispatch(parsed, run);
  } catch (err) {
    const line = `cart-doctor: ${err instanceof InputError ? err.line() : ((err as Error)?.message ?? String(err))}`;
    process.stderr.write(`${escapeControl(line)}\n`);
    return EXIT_INPUT;
  }
}

type YargsInternals = { getInternalMethods(): { getUsageInstance(): { cacheHelpMessage(): void } } };

/** Every flag of every command, as yargs hands them over; each command reads its own. */
type Parsed = Record<string, unknown> & { _: (string | number)[]; help?: boolean; version?: boolean };
/** What a command adds to the shared run flags: the output and what to do besides judging. */
interface RunExtra {
  output: OutputFormat;
  noSuppress?: boolean;
  failOn: 'fail' | 'warn';
  color?: boolean;
  verbose?: boolean;
  recordTo?: string;
  force?: boolean;
  logs?: LogFlags;
  fixScript?: string;
}

type Run = (a: never, extra: RunExtra) => Promise<number>;

async function dispatch(a: Parsed, run: Run): Promise<number> {
  const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : undefined);
  const num = (k: string) => a[k] as number;
  const { rejectEmptyValues, validateProfile } = cliArgs;
  rejectEmptyValues(a, [...NAMING_FLAGS, ...(a._[0] === 'snapshot' ? ['output'] : [])]);
  if (a._[0] === 'check' || a._[0] === 'snapshot') await validateProfile(str('profile'));
  switch (a._[0]) {
    case 'completion':
      return 0;
    case 'check': {
      const logs =
        str('logs-file') || a.logs
          ? { file: str('logs-file'), live: !!a.logs, lines: num('logs-lines'), since: str('logs-since') ?? '1h', pods: num('logs-pods') }
          : undefined;
      return run(a as never, {
        output: str('output') as OutputFormat,
        noSuppress: a.suppress === false,
        failOn: str('fail-on') as 'fail' | 'warn',
        color: a.color as boolean | undefined,
        verbose: !!a.verbose,
        logs,
        fixScript: str('fix-script'),
      });
    }
    case 'snapshot':
      return run(a as never, { output: 'table', failOn: 'fail', recordTo: str('output'), force: !!a.force });
    case 'permissions': {
      const { runPermissionsCommand } = await import('./commands/permissions.js');
      const t = {
        account: str('account'),
        region: str('region'),
        cluster: str('cluster'),
        role: str('role') ?? 'cart-dynamodb-role',
        table: str('table') ?? 'Items',
        namespace: str('namespace') ?? 'retail-store-prod',
      };
      process.stdout.write(escapeControl(runPermissionsCommand(t, str('output') as 'table' | 'json' | 'yaml')));
      return 0;
    }
    case 'explain': {
      const { runExplainCommand } = await import('./commands/explain.js');
      const words = (Array.isArray(a.text) ? a.text : []).map(String);
      return await runExplainCommand(words, str('output') as 'table' | 'text' | 'json' | 'markdown', (t) => process.stdout.write(t));
    }
    case 'schema': {
      const { runSchemaCommand } = await import('./commands/schema.js');
      process.stdout.write(runSchemaCommand(str('format') as 'json' | 'sarif' | 'junit'));
      return 0;
    }
    default:
      return EXIT_INPUT;
  }
}

/** The report fits the terminal: its width, else $COLUMNS (set by shells, and by users for pipes), else 100. */
function terminalWidth(): number | undefined {
  const columns = process.stdout.columns || Number(process.env.COLUMNS);
  return columns > 0 ? columns : undefined;
}

import { InputError } from '../errors.js';
import { RecordingAwsSource, RecordingKubeSource } from '../sources/recorder.js';
import { CHECKS } from '../checks/registry.js';
import { parseConfig, resolveConfig, type ConfigFile, type TargetOverrides } from '../config/resolve.js';
import type { PresetName } from '../config/types.js';
import { FactStore, type LogRequest } from '../facts/store.js';
import { buildReport, type FailOn, type Report } from '../report/model.js';
import { renderJson } from '../report/json.js';
import { runChecks } from '../runner.js';
import { locateResults } from '../report/locate.js';
import { buildMigration } from '../report/migration.js';
import { DEFAULT_MAX_INPUT_BYTES, assertReadableFile, fsCall, readBoundedStdin, readText } from '../sources/bounded-read.js';
import { LiveAwsSource } from '../sources/aws-live.js';
import { DeadlineAwsSource, DeadlineKubeSource, RunDeadline } from '../sources/deadline.js';
import { startProgress } from '../report/progress.js';
import { LazyKubeSource } from '../sources/lazy-kube.js';
import { presetHint } from '../config/infer-preset.js';
import { eksClusterFromKubeconfig } from '../sources/kubeconfig-peek.js';
import { podNamespace } from '../sources/in-cluster.js';
import { SnapshotAwsSource, parseSnapshot, type SnapshotEntry } from '../sources/snapshot.js';
import { choosePlatform, type Platform } from '../config/platform.js';
import { isUnavailableStatus, type AwsSource, type KubeKind, type KubeObject, type KubeSource } from '../sources/types.js';
import { writeAtomically, writeSnapshot } from './write-snapshot.js';
import { toolVersion } from '../version.js';
import { applySuppressions, findConfigFile, parseSuppressList, workloadSuppressions } from '../config/suppress.js';
import { relative } from 'node:path';

/** `check -o`: the human table or one machine document on stdout. */
export type OutputFormat = 'table' | 'json' | 'junit' | 'github' | 'sarif';

/** `--logs` / `--logs-file` and their bounds, as the CLI hands them over. */
export interface LogFlags {
  file?: string;
  live: boolean;
  lines: number;
  since: string;
  pods: number;
}

export interface CheckOptions {
  flags: TargetOverrides;
  preset?: PresetName;
  /** `--platform`: wins over the config file and detection. */
  platform?: Platform;
  /** `--dynamodb-endpoint URL` (K3s): the local DynamoDB the live local.table probe asks. */
  dynamodbEndpoint?: string;
  config?: string;
  snapshot?: string;
  manifests?: string[];
  output: OutputFormat;
  /** `--no-suppress`: report every result as if no suppression were written. */
  noSuppress?: boolean;
  profile?: string;
  kubeconfig?: string;
  context?: string;
  /** Per-call timeout for live AWS and Kubernetes calls. */
  timeoutMs: number;
  /** A progress line on stderr while live calls are slow (the CLI sets it on a TTY, never for JSON). */
  progress?: boolean;
  /** Terminal report: columns to fit. */
  width?: number;
  /** Whole live run (--deadline, seconds); undefined: no deadline (library use, tests). */
  deadlineSeconds?: number;
  /** `cart-doctor snapshot -o FILE`: record every answer of this run there instead of printing a report. */
  recordTo?: string;
  /** With recordTo: replace the file even when it holds more usable answers than this run. */
  force?: boolean;
  failOn: FailOn;
  color: boolean;
  /** `--max-input-mb` in bytes: the most any one input file (or stdin) may hold. */
  maxInputBytes?: number;
  /** `--fix-script FILE`: also write the run's fixes there as a bash script (nothing is run). */
  fixScript?: string;
  /** Terminal report: the full (verbose) form. */
  verbose?: boolean;
  /** `--logs` / `--logs-file`: what the logs.symptoms check scans. */
  logs?: LogFlags;
}

/** kubectl's `--since` shapes: 90s, 15m, 2h, 1h30m. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  const seconds = m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : 0;
  if (!m || seconds <= 0) throw new InputError(`"${text}" is not a duration such as 30s, 15m, 2h or 1h30m`, flag);
  return seconds;
}

/**
 * A numeric flag within its range. yargs turns `abc` into NaN and takes `1e12` as given; both
 * would reach a timer (RangeError) or a loop, so they are bad input here, before any call.
 */
export function numberFlag(value: unknown, flag: string, range: { min: number; max: number; unit: string; integer?: boolean }): number {
  const n = typeof value === 'number' ? value : Number.NaN;
  if (!Number.isFinite(n) || n < range.min || n > range.max || (range.integer && !Number.isInteger(n))) {
    const what = range.integer ? `a whole number of ${range.unit}` : `a number of ${range.unit}`;
    throw new InputError(`must be ${what} from ${range.min} to ${range.max}${Number.isNaN(n) ? '' : `, not ${n}`}`, flag);
  }
  return n;
}

/** README "Limits": per-call timeout and whole-run deadline, in seconds. */
export const TIMEOUT_RANGE = { min: 1, max: 300, unit: 'seconds' };
export const DEADLINE_RANGE = { min: 1, max: 3600, unit: 'seconds' };

function logRequest(logs: CheckOptions['logs'], liveKube: boolean): LogRequest | undefined {
  if (!logs) return undefined;
  numberFlag(logs.lines, '--logs-lines', { min: 1, max: 100_000, unit: 'lines', integer: true });
  numberFlag(logs.pods, '--logs-pods', { min: 1, max: 100, unit: 'pods', integer: true });
  if (logs.file) {
    // Checked now so a missing or irregular file is bad input; it is read later, streaming.
    fsCall(() => assertReadableFile(logs.file!), logs.file);
    return { file: { name: logs.file } };
  }
  if (!liveKube) throw new InputError("reads pod logs from a live cluster; with -f manifests or a snapshot's objects, pass --logs-file FILE instead", '--logs');
  return { live: { tailLines: logs.lines, sinceSeconds: parseDuration(logs.since, '--logs-since'), maxPods: logs.pods } };
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: (maxBytes: number) => string;
}

/** What a run gives the CLI to set the exit code from; `recorded` only for `cart-doctor snapshot`. */
export interface CheckRun {
  report: Report;
  recorded?: { usable: number };
}

/** Gathers inputs, runs every check, renders (or records), and returns the report (the CLI sets the exit code). */
export async function runCheckCommand(opts: CheckOptions, io: Io): Promise<CheckRun> {
  const maxBytes = opts.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const configFile = findConfigFile(opts.config);
  const config: ConfigFile | undefined = configFile ? await parseConfig(readText(configFile, maxBytes), configFile) : undefined;
  const configSuppressions = configFile ? parseSuppressList(config?.suppress, configFile, opts.config ?? relative(process.cwd(), configFile)) : [];
  const snapshot = opts.snapshot ? await parseSnapshot(readText(opts.snapshot, maxBytes), opts.snapshot) : undefined;
  // Loaded only for -f: the manifest reader is no part of a snapshot run.
  const manifests = opts.manifests?.length ? await (await import('../sources/manifests.js')).loadManifests(opts.manifests, io.readStdin, maxBytes) : undefined;

  const liveKube = !manifests && !snapshot?.kubernetes;
  const podNs = liveKube ? podNamespace(opts) : undefined;
  const resolved = resolveConfig({ preset: opts.preset, config, snapshotTarget: snapshot?.target, podNamespace: podNs, flags: opts.flags });
  const logs = logRequest(opts.logs, liveKube);
  // docs/design/SPEC.md §2.1 defaults: cluster from an EKS kube context; region from AWS config, then that context.
  const eks = liveKube ? await eksClusterFromKubeconfig(opts.kubeconfig, opts.context) : undefined;
  if (eks) {
    resolved.target.cluster ??= eks.name;
  }
  const envRegion = snapshot ? undefined : (process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? eks?.region);
  // Only live calls can hang: the deadline wraps the live sources, never the in-memory ones.
  const deadline = opts.deadlineSeconds !== undefined && (!snapshot || liveKube) ? new RunDeadline(opts.deadlineSeconds) : undefined;
  const signal = deadline?.signal;
  const awsSource: AwsSource = snapshot
    ? new SnapshotAwsSource(snapshot)
    : new LiveAwsSource({ profile: opts.profile, region: resolved.target.region ?? envRegion, timeoutMs: opts.timeoutMs, signal });
  // Manifests win over a snapshot's recorded objects: `-f` is what is about to be deployed.
  const kubeSource: KubeSource =
    manifests?.source ?? snapshot?.kubernetes ?? new LazyKubeSource({ kubeconfig: opts.kubeconfig, context: opts.context, timeoutMs: opts.timeoutMs, signal });
  const awsTimed = deadline && awsSource instanceof LiveAwsSource ? new DeadlineAwsSource(awsSource, deadline) : awsSource;
  const kubeTimed = deadline && kubeSource instanceof LazyKubeSource ? new DeadlineKubeSource(kubeSource, deadline) : kubeSource;
  const aws = opts.recordTo ? new RecordingAwsSource(awsTimed) : awsTimed;
  const kube = opts.recordTo ? new RecordingKubeSource(kubeTimed) : kubeTimed;

  const inMemory = manifests?.source ?? snapshot?.kubernetes;
  const objects = inMemory && 'all' in inMemory && typeof inMemory.all === 'function' ? (inMemory.all() as readonly KubeObject[]) : undefined;
  const platform = choosePlatform(opts.platform, config?.platform, {
    nodes: objects ?? [],
    eksClusterArn: recordedClusterArn(snapshot?.aws) ?? (eks && `arn:aws:eks:${eks.region}:${eks.account}:cluster/${eks.name}`),
  });
  const localDynamo = opts.dynamodbEndpoint ? localDynamoSource(opts.dynamodbEndpoint, opts.timeoutMs, signal) : undefined;
  const facts = new FactStore(resolved, { aws, kube, envRegion, origin: { file: opts.snapshot ?? 'AWS' }, logs, localDynamo });
  const progress = opts.progress && deadline ? startProgress(deadline, io.stderr, opts.width ?? 100) : undefined;
  const judged = await runChecks(CHECKS, { ...resolved, facts, platform: platform.name });
  // Only `-f` input has lines to point at; its fixes then name them.
  const lookup = (kind: KubeKind, name: string) => manifests!.source.get(kind, resolved.target.namespace, name);
  const located = manifests ? await locateResults(judged, resolved.target, lookup) : judged;
  progress?.stop();
  deadline?.stop();
  const hint = objects && !opts.flags.deployment ? presetHint(objects, resolved.expect.preset, resolved.target.deployment) : undefined;
  const suppressions = opts.noSuppress ? [] : [...configSuppressions, ...(await workloadSuppressions(facts))];
  const { results, warnings: suppressionWarnings } = applySuppressions(located, suppressions);
  const migration = platform.name === 'eks' ? await buildMigration(results, resolved.target, manifests ? lookup : undefined) : undefined;
  const warnings = [...(snapshot?.warnings ?? []), ...(manifests?.warnings ?? []), ...facts.warnings, ...suppressionWarnings, ...(hint ? [hint] : [])];

  const { target } = resolved;
  const roleRef = await facts.roleRef().catch(() => undefined);
  const report = buildReport({
    version: toolVersion(),
    target: {
      namespace: target.namespace,
      serviceAccount: target.serviceAccount,
      deployment: target.deployment,
      table: target.table,
      region: await facts.region().catch(() => null),
      cluster: target.cluster ?? null,
      roleArn: roleRef?.arn ?? null,
    },
    results,
    failOn: opts.failOn,
    warnings,
    platform,
    migration,
  });
  // One line per setup problem (no credentials, no region, nothing answering), not one per check that hit it.
  if (awsSource instanceof LiveAwsSource) for (const problem of awsSource.setupProblems) io.stderr(`cart-doctor: ${problem}\n`);
  if (kubeSource instanceof LazyKubeSource) for (const problem of kubeSource.setupProblems) io.stderr(`cart-doctor: ${problem}\n`);
  const pastDeadline = deadline?.message();
  if (pastDeadline) io.stderr(`${pastDeadline}\n`);
  if (opts.fixScript) {
    const { renderFixScript } = await import('../report/fix-script.js');
    writeAtomically(opts.fixScript, renderFixScript(report, process.cwd()), 0o755);
  }
  if (opts.recordTo && aws instanceof RecordingAwsSource && kube instanceof RecordingKubeSource) {
    const preset = opts.preset ?? config?.preset ?? snapshot?.target.preset;
    const recording = { target: { ...target, region: report.target.region ?? undefined, preset }, aws: aws.entries, objects: kube.objects, reads: kube.reads };
    const { usable, written } = await writeSnapshot(opts.recordTo, recording, !!opts.force);
    const awsUnread = aws.entries.filter((e) => isUnavailableStatus(e.status)).length;
    const unread = awsUnread + kube.reads.filter((r) => isUnavailableStatus(r.status)).length;
    io.stderr(
      written
        ? `wrote ${opts.recordTo}: ${aws.entries.length - awsUnread} AWS answers, ${kube.objects.length} Kubernetes objects, ${unread} reads denied or failed (Secret values removed)\n`
        : `cart-doctor: inconclusive: recorded no usable AWS answer and no Kubernetes object; ${opts.recordTo} not written\n`,
    );
    return { report, recorded: { usable } };
  }
  if (opts.output === 'json') {
    io.stdout(renderJson(report));
  } else if (opts.output === 'junit') {
    io.stdout((await import('../report/junit.js')).renderJunit(report));
  } else if (opts.output === 'github') {
    io.stdout((await import('../report/github.js')).renderGithub(report));
  } else if (opts.output === 'sarif') {
    io.stdout((await import('../report/sarif.js')).renderSarif(report, process.cwd()));
  } else {
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    // The terminal renderer loads only for the table: JSON runs (CI) skip it.
    const { renderTerminal } = await import('../report/terminal.js');
    io.stdout(renderTerminal(report, { color: opts.color, width: opts.width, verbose: opts.verbose }));
  }
  return { report };
}

/** The cluster ARN a snapshot's DescribeCluster answer recorded: an EKS cluster. */
function recordedClusterArn(entries: readonly SnapshotEntry[] | undefined): string | undefined {
  const answer = entries?.find((e) => e.service === 'eks' && e.operation === 'DescribeCluster' && e.output);
  const arn = (answer?.output as { cluster?: { arn?: unknown } } | undefined)?.cluster?.arn;
  return typeof arn === 'string' && arn.startsWith('arn:') ? arn : undefined;
}

/** The local DynamoDB (`--dynamodb-endpoint`), asked through the same read-only gateway as AWS. */
function localDynamoSource(endpoint: string, timeoutMs: number, signal: AbortSignal | undefined): AwsSource {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InputError(`"${endpoint}" is not a URL such as http://localhost:8000`, '--dynamodb-endpoint');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`"${endpoint}" is not an http(s) URL`, '--dynamodb-endpoint');
  return new LiveAwsSource({ timeoutMs, signal, local: { endpoint: url.toString() } });
}

export function readStdinSync(maxBytes: number): string {
  return readBoundedStdin(maxBytes);
}

import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { FactUnavailable, InputError } from '../errors.js';
import { RecordingAwsSource, RecordingKubeSource } from '../sources/recorder.js';
import { CHECKS } from '../checks/registry.js';
import { parseConfig, resolveConfig, type ConfigFile, type TargetOverrides } from '../config/resolve.js';
import type { PresetName } from '../config/types.js';
import { FactStore, type LogRequest } from '../facts/store.js';
import { buildReport, type FailOn, type Report } from '../report/model.js';
import { renderJson } from '../report/json.js';
import { runChecks } from '../runner.js';
import { loadManifests, readText } from '../sources/manifests.js';
import { LiveAwsSource } from '../sources/aws-live.js';
import { eksClusterFromKubeconfig } from '../sources/kubeconfig-peek.js';
import { SnapshotAwsSource, parseSnapshot, type SnapshotEntry } from '../sources/snapshot.js';
import type { AwsSource, KubeKind, KubeObject, KubeSource, LabelSelector, PodLogRequest } from '../sources/types.js';
import { toolVersion } from '../version.js';

export interface CheckOptions {
  flags: TargetOverrides;
  preset?: PresetName;
  config?: string;
  snapshot?: string;
  manifests?: string[];
  output: 'table' | 'json';
  profile?: string;
  kubeconfig?: string;
  context?: string;
  /** Per-call timeout for live AWS and Kubernetes calls. */
  timeoutMs: number;
  /** `cart-doctor snapshot -o FILE`: record every answer of this run there instead of printing a report. */
  recordTo?: string;
  failOn: FailOn;
  color: boolean;
  /** Terminal report: columns to fit, and the full (verbose) form. */
  width?: number;
  verbose?: boolean;
  /** `--logs` / `--logs-file`: what the logs.symptoms check scans. */
  logs?: { file?: string; live: boolean; lines: number; since: string; pods: number };
}

/** kubectl's `--since` shapes: 90s, 15m, 2h, 1h30m. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  const seconds = m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : 0;
  if (!m || seconds <= 0) throw new InputError(`"${text}" is not a duration such as 30s, 15m, 2h or 1h30m`, flag);
  return seconds;
}

function logRequest(logs: CheckOptions['logs'], liveKube: boolean): LogRequest | undefined {
  if (!logs) return undefined;
  if (logs.file) return { file: { name: logs.file, text: readText(logs.file) } };
  if (!liveKube) throw new InputError('reads pod logs from a live cluster; with -f manifests or a snapshot\'s objects, pass --logs-file FILE instead', '--logs');
  if (!(logs.lines >= 1)) throw new InputError(`must be a positive number of lines, not ${logs.lines}`, '--logs-lines');
  if (!(logs.pods >= 1)) throw new InputError(`must be a positive number of pods, not ${logs.pods}`, '--logs-pods');
  return { live: { tailLines: Math.floor(logs.lines), sinceSeconds: parseDuration(logs.since, '--logs-since'), maxPods: Math.floor(logs.pods) } };
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
}

/**
 * The live cluster, connected on first use: a run whose Kubernetes facts come from elsewhere
 * never loads client-node, and a missing kubeconfig is an unavailable fact, not a crash.
 */
class LazyKubeSource implements KubeSource {
  readonly description = 'live cluster';
  private connection?: Promise<KubeSource>;
  constructor(private readonly options: { kubeconfig?: string; context?: string; timeoutMs: number }) {}
  /** No kubeconfig, or a cluster nobody answers for: said once per run by the CLI. */
  readonly setupProblems = new Set<string>();
  private async use<T>(call: (source: KubeSource) => Promise<T>): Promise<T> {
    this.connection ??= import('../sources/kube-live.js').then(({ LiveKubeSource }) => LiveKubeSource.connect(this.options));
    try {
      return await call(await this.connection);
    } catch (err) {
      if (err instanceof FactUnavailable && (err.kind === 'no-source' || err.kind === 'unreachable')) this.setupProblems.add(err.message);
      throw err;
    }
  }
  get(kind: KubeKind, namespace: string, name: string) {
    return this.use((s) => s.get(kind, namespace, name));
  }
  listPods(namespace: string, selector: LabelSelector) {
    return this.use((s) => s.listPods(namespace, selector));
  }
  podLog(namespace: string, pod: string, request: PodLogRequest) {
    return this.use((s) => s.podLog(namespace, pod, request));
  }
}

/** Gathers inputs, runs every check, renders, and returns the report (the CLI sets the exit code). */
export async function runCheckCommand(opts: CheckOptions, io: Io): Promise<Report> {
  const config: ConfigFile | undefined = opts.config ? parseConfig(readText(opts.config), opts.config) : undefined;
  const snapshot = opts.snapshot ? parseSnapshot(readText(opts.snapshot), opts.snapshot) : undefined;
  const manifests = opts.manifests?.length ? loadManifests(opts.manifests, io.readStdin) : undefined;

  const resolved = resolveConfig({ preset: opts.preset, config, snapshotTarget: snapshot?.target, flags: opts.flags });
  const liveKube = !manifests && !snapshot?.kubernetes;
  const logs = logRequest(opts.logs, liveKube);
  // SPEC §2.1 defaults: cluster from an EKS kube context; region from AWS config, then that context.
  const eks = liveKube ? eksClusterFromKubeconfig(opts.kubeconfig, opts.context) : undefined;
  if (eks) {
    resolved.target.cluster ??= eks.name;
  }
  const envRegion = snapshot ? undefined : (process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? eks?.region);
  const awsSource: AwsSource = snapshot
    ? new SnapshotAwsSource(snapshot)
    : new LiveAwsSource({ profile: opts.profile, region: resolved.target.region ?? envRegion, timeoutMs: opts.timeoutMs });
  // Manifests win over a snapshot's recorded objects: `-f` is what is about to be deployed.
  const kubeSource: KubeSource =
    manifests?.source ??
    snapshot?.kubernetes ??
    new LazyKubeSource({ kubeconfig: opts.kubeconfig, context: opts.context, timeoutMs: opts.timeoutMs });
  const aws = opts.recordTo ? new RecordingAwsSource(awsSource) : awsSource;
  const kube = opts.recordTo ? new RecordingKubeSource(kubeSource) : kubeSource;

  const facts = new FactStore(resolved, { aws, kube, envRegion, origin: { file: opts.snapshot ?? 'AWS' }, logs });
  const results = await runChecks(CHECKS, { ...resolved, facts });
  const warnings = [...(snapshot?.warnings ?? []), ...(manifests?.warnings ?? []), ...facts.warnings];

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
  });
  // One line per setup problem (no credentials, no region, nothing answering), not one per check that hit it.
  if (awsSource instanceof LiveAwsSource) for (const problem of awsSource.setupProblems) io.stderr(`cart-doctor: ${problem}\n`);
  if (kubeSource instanceof LazyKubeSource) for (const problem of kubeSource.setupProblems) io.stderr(`cart-doctor: ${problem}\n`);
  if (opts.recordTo && aws instanceof RecordingAwsSource && kube instanceof RecordingKubeSource) {
    writeSnapshot(opts.recordTo, { ...target, region: report.target.region ?? undefined }, aws.entries, kube.objects);
    io.stderr(`wrote ${opts.recordTo}: ${aws.entries.length} AWS calls, ${kube.objects.length} Kubernetes objects (Secret values removed)\n`);
  } else if (opts.output === 'json') {
    io.stdout(renderJson(report));
  } else {
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    // The terminal renderer loads only for the table: JSON runs (CI) skip it.
    const { renderTerminal } = await import('../report/terminal.js');
    io.stdout(renderTerminal(report, { color: opts.color, width: opts.width, verbose: opts.verbose }));
  }
  return report;
}

function writeSnapshot(file: string, target: Record<string, string | undefined>, aws: SnapshotEntry[], kubernetes: KubeObject[]): void {
  const doc = { apiVersion: 'cart-doctor/v1', kind: 'Snapshot', target: Object.fromEntries(Object.entries(target).filter(([, v]) => v !== undefined)), aws, kubernetes };
  try {
    writeFileSync(file, stringify(doc, { lineWidth: 0 }));
  } catch (err) {
    throw new InputError(`cannot write: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
}

export function readStdinSync(): string {
  return readFileSync(0, 'utf8');
}

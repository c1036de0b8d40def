import { readFileSync } from 'node:fs';
import { CHECKS } from '../checks/registry.js';
import { parseConfig, resolveConfig, type ConfigFile, type TargetOverrides } from '../config/resolve.js';
import type { PresetName } from '../config/types.js';
import { FactUnavailable } from '../errors.js';
import { FactStore } from '../facts/store.js';
import { buildReport, type FailOn, type Report } from '../report/model.js';
import { renderJson } from '../report/json.js';
import { renderTerminal } from '../report/terminal.js';
import { runChecks } from '../runner.js';
import { loadManifests, readText } from '../sources/manifests.js';
import { NoKubeSource } from '../sources/objects.js';
import { SnapshotAwsSource, parseSnapshot } from '../sources/snapshot.js';
import type { AwsSource, KubeSource } from '../sources/types.js';
import { toolVersion } from '../version.js';

export interface CheckOptions {
  flags: TargetOverrides;
  preset?: PresetName;
  config?: string;
  snapshot?: string;
  manifests?: string[];
  output: 'table' | 'json';
  failOn: FailOn;
  color: boolean;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
}

/** Live AWS is the next milestone; until then a run without --snapshot says so, per check. */
class NoAwsSource implements AwsSource {
  readonly description = 'no AWS source';
  async call(): Promise<Record<string, unknown>> {
    throw new FactUnavailable('no-source', 'no AWS input: pass --snapshot FILE (live AWS access is not built into this version yet)');
  }
}

/** Gathers inputs, runs every check, renders, and returns the report (the CLI sets the exit code). */
export async function runCheckCommand(opts: CheckOptions, io: Io): Promise<Report> {
  const config: ConfigFile | undefined = opts.config ? parseConfig(readText(opts.config), opts.config) : undefined;
  const snapshot = opts.snapshot ? parseSnapshot(readText(opts.snapshot), opts.snapshot) : undefined;
  const manifests = opts.manifests?.length ? loadManifests(opts.manifests, io.readStdin) : undefined;

  const resolved = resolveConfig({ preset: opts.preset, config, snapshotTarget: snapshot?.target, flags: opts.flags });
  const aws: AwsSource = snapshot ? new SnapshotAwsSource(snapshot) : new NoAwsSource();
  // Manifests win over a snapshot's recorded objects: `-f` is what is about to be deployed.
  const kube: KubeSource =
    manifests?.source ??
    snapshot?.kubernetes ??
    new NoKubeSource('no Kubernetes input: pass -f/--manifests PATH or a snapshot with a kubernetes: section (live clusters are not built into this version yet)');

  const facts = new FactStore(resolved, { aws, kube, origin: { file: opts.snapshot ?? 'AWS' } });
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
  if (opts.output === 'json') {
    io.stdout(renderJson(report));
  } else {
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    io.stdout(renderTerminal(report, { color: opts.color }));
  }
  return report;
}

export function readStdinSync(): string {
  return readFileSync(0, 'utf8');
}

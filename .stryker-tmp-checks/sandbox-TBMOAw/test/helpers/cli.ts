/**
 * Runs the BUILT CLI (`dist/cli.js`) the way users do, so end-to-end tests cover the real
 * wiring: argument parsing, sources, rendering, stdout/stderr and the exit code.
 */
// @ts-nocheck

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Report } from '../../src/report/model.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** The Node that runs the CLI under test: `npm run test:node-versions` sets it to Node 22 and 24. */
const TEST_NODE = process.env.CART_DOCTOR_TEST_NODE ?? process.execPath;

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The host's AWS and Kubernetes settings must not leak into an offline run (a developer's
 * AWS_REGION would otherwise change verdicts), so they are dropped from the child's env.
 */
function isolatedEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && k !== 'KUBECONFIG'));
  return { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' };
}

/** `input` is piped to stdin (as `helm template … | cart-doctor check -f -`); `env` is added to the isolated env; `cwd` (default the repo root) is where config discovery starts. */
export function runCli(args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): CliRun {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the end-to-end tests`);
  const result = spawnSync(TEST_NODE, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...isolatedEnv(), ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `check -o json`: the report parsed from stdout, which must be exactly one JSON document
 * (JSON.parse rejects anything before or after it).
 */
export function runCheckJson(args: readonly string[]): CliRun & { report: Report } {
  const run = runCli(['check', ...args, '-o', 'json']);
  let report: Report;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch (err) {
    throw new Error(`stdout is not one JSON document (${(err as Error).message}); exit ${run.status}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
  return { ...run, report };
}

/** Path of a bundled fixture, relative to the repo root (as the CLI is run from there). */
export function fixture(name: string): string {
  return name.startsWith('healthy-') ? `fixtures/${name}.yaml` : `fixtures/scenarios/${name}.yaml`;
}

export function readRepoFile(path: string): string | undefined {
  const full = fileURLToPath(new URL(path, `file://${REPO_ROOT}`));
  return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
}

/**
 * Like runCli, but without blocking this process: a fake server or proxy that lives in the
 * test process must keep answering while the CLI runs. `env` is added to the isolated env.
 */
export async function runCliAsync(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the end-to-end tests`);
  const { spawn } = await import('node:child_process');
  const child = spawn(TEST_NODE, [CLI, ...args], { cwd: REPO_ROOT, env: { ...isolatedEnv(), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, stdout, stderr };
}

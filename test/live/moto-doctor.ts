/** The built CLI run against an AWS endpoint (moto or a proxy in front of it), as the live tests need it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Report } from '../../src/report/model.js';
import { GUIDE_MANIFESTS, REGION } from './moto-world.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** The guide's manifests in a fresh temporary directory; returns the file. */
export function writeGuideManifests(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cd-moto-'));
  const manifests = join(dir, 'cart.yaml');
  writeFileSync(manifests, GUIDE_MANIFESTS);
  return manifests;
}

/** The doctor's environment against moto: the user's own AWS settings and kubeconfig left out. */
export function motoEnv(endpoint: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && k !== 'KUBECONFIG'));
  return {
    ...env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** Async on purpose: the logging proxy lives in this process, and a sync spawn would starve it. */
export async function doctor(endpoint: string, args: string[]): Promise<{ status: number | null; report: Report; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: motoEnv(endpoint) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, report: stdout.trim() ? (JSON.parse(stdout) as Report) : (undefined as unknown as Report), stderr };
}

/** dynalite (an npm devDependency) over HTTP: a second DynamoDB implementation, and K3s's "DynamoDB as a Pod" in tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from './moto.js';

export const DYNALITE = fileURLToPath(new URL('../../node_modules/dynalite/cli.js', import.meta.url));
export const dynaliteInstalled = existsSync(DYNALITE);

export interface Dynalite {
  endpoint: string;
  stop(): void;
}

/** One dynalite is one region and one account: its ARNs come from its own env. */
export async function startDynalite(createTableMs: number, env: { region: string; account: string }): Promise<Dynalite> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [DYNALITE, '--port', String(port), '--createTableMs', String(createTableMs)], {
    env: { ...process.env, AWS_REGION: env.region, AWS_ACCOUNT_ID: env.account },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => /listening/i.test(c.toString()) && resolve());
    child.on('exit', (code) => reject(new Error(`dynalite exited ${code}`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

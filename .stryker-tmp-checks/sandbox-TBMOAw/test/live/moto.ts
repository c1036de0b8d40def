/**
 * The preinstalled moto server as a real AWS over HTTP: started and stopped by pid. When moto
 * is missing, the caller skips with a visible notice locally and fails under CI=true.
 */
// @ts-nocheck

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function findMotoPython(): string | undefined {
  const pyenv = join(homedir(), '.pyenv', 'versions');
  const candidates = ['python3', ...(existsSync(pyenv) ? readdirSync(pyenv).map((v) => join(pyenv, v, 'bin', 'python3')) : [])];
  return candidates.find((py) => spawnSync(py, ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0);
}

/** A loopback port nothing listens on right now (taken, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Moto {
  endpoint: string;
  reset(): Promise<void>;
  stop(): void;
}

export async function startMoto(python: string): Promise<Moto> {
  const port = await freePort();
  const child: ChildProcess = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    endpoint,
    reset: async () => {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    stop: () => {
      if (child.pid) process.kill(child.pid);
    },
  };
}

/**
 * The live-run figures issue #3 asks `npm run bench` to report: AWS calls in one healthy run
 * against moto, and the wall time of that run with every AWS call delayed 200 ms, against
 * startup + 4 × 200 ms (the longest chain of dependent calls). scripts/bench.mjs bundles this
 * file with esbuild and runs it. Only the bench judges the bound: a wall-time limit in a test
 * fails on a loaded machine and proves nothing on an idle one.
 */
import { spawn } from 'node:child_process';
import { startLoggingProxy } from './logging-proxy.js';
import { findMotoPython, startMoto } from './moto.js';
import { motoEnv, writeGuideManifests } from './moto-doctor.js';
import { seedWorld } from './moto-world.js';

export interface LiveFigures {
  calls: number;
  readsOnly: boolean;
  repeated: number;
  undelayedMs: number;
  delayedMs: number;
  delayMs: number;
  runs: number;
}

function timedRun(cli: string, endpoint: string, manifests: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'check', '-f', manifests, '--cluster', 'cart-cluster', '-o', 'json'], {
    env: motoEnv(endpoint),
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`the healthy live run exited ${code}`)))),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Undefined when moto is not installed. */
export async function liveFigures(cli: string, runs = 5, delayMs = 200): Promise<LiveFigures | undefined> {
  const python = findMotoPython();
  if (!python) return undefined;
  const moto = await startMoto(python);
  const [plain, slow] = await Promise.all([startLoggingProxy(moto.endpoint), startLoggingProxy(moto.endpoint, delayMs)]);
  try {
    await seedWorld(moto.endpoint, 'none');
    const manifests = writeGuideManifests();
    await timedRun(cli, plain.endpoint, manifests); // warm-up: moto's first call per service is slow
    plain.log.length = 0;
    const undelayed: number[] = [];
    const delayed: number[] = [];
    for (let i = 0; i < runs; i++) {
      undelayed.push(await timedRun(cli, plain.endpoint, manifests));
      delayed.push(await timedRun(cli, slow.endpoint, manifests));
    }
    const perRun = plain.log.slice(0, plain.log.length / runs);
    const answered = perRun.filter((l) => l.operation !== 'SimulatePrincipalPolicy');
    return {
      calls: perRun.length,
      readsOnly: perRun.every((l) => /^(Describe|Get|List)|^SimulatePrincipalPolicy$|^GET /.test(l.operation)),
      // moto answers the simulator with a 500 that the SDK retries: those retries are not repeats.
      repeated: answered.length - new Set(answered.map((l) => l.body)).size,
      undelayedMs: median(undelayed),
      delayedMs: median(delayed),
      delayMs,
      runs,
    };
  } finally {
    await Promise.all([plain.close(), slow.close()]);
    moto.stop();
  }
}

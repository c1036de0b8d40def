/**
 * The bench rows that are not a plain wall-time ratio (issue #13): how soon after launch the
 * first AWS request and the first Kubernetes GET leave the process, and peak memory on big
 * inputs. Each local server only notes when a request arrives and answers with an error, so
 * the figure is the doctor's own start-up, not a service's speed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A server that records when its first request arrives and answers every request with `answer`. */
async function firstRequestServer(answer) {
  const server = createServer((req, res) => {
    server.first ??= performance.now();
    answer(req, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

/** Milliseconds from spawn to the first request the server saw, median of `runs`. */
async function firstRequestMs(runs, answer, launch) {
  const { server, url } = await firstRequestServer(answer);
  const samples = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      server.first = undefined;
      const { args, env } = launch(url);
      const started = performance.now();
      const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
      await new Promise((resolve) => child.on('close', resolve));
      if (server.first === undefined) throw new Error(`bench: no request reached ${url} from node ${args.join(' ')}`);
      if (i > 0) samples.push(server.first - started);
    }
  } finally {
    server.close();
  }
  return median(samples);
}

const baseEnv = () => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && k !== 'KUBECONFIG')),
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_EC2_METADATA_DISABLED: 'true',
  NO_COLOR: '1',
});

/** Peak RSS in MiB of one run, from GNU time; undefined where /usr/bin/time is missing. */
function peakRssMiB(args, cwd) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd, env: baseEnv(), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status === null || run.status > 2) throw new Error(`bench: node ${args.join(' ')} exited ${run.status}: ${run.stderr.slice(-400)}`);
  const kb = Number(run.stderr.trim().split('\n').at(-1));
  return kb / 1024;
}

async function writeBigLog(file, bytes, sample) {
  const filler = '2026-11-30T10:00:00.000Z INFO  [cart] c.a.s.c.CartController : GET /carts/abc 200 12ms\n';
  const out = createWriteStream(file);
  let written = 0;
  const chunk = filler.repeat(2000);
  while (written < bytes) {
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    written += chunk.length;
  }
  out.write(sample);
  await new Promise((resolve) => out.end(resolve));
}

function writeManyObjects(file, guide, count) {
  const parts = [guide];
  for (let i = 0; i < count; i++) {
    parts.push(`---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: filler-${i}\n  namespace: other\ndata:\n  key: "value ${i} ${'x'.repeat(300)}"\n`);
  }
  writeFileSync(file, parts.join('\n'));
}

/**
 * Every figure of the startup table's non-ratio rows. `cli` is dist/cli.js; `snapshot` a
 * healthy snapshot; `manifestFile` the Cart's manifests (AWS then comes from the live side).
 */
export async function startupFigures({ root, cli, snapshot, manifestFile, runs = 5 }) {
  const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-bench-'));
  const manifests = readFileSync(manifestFile, 'utf8');
  const awsOnlySnapshot = join(dir, 'aws-only.yaml');
  writeFileSync(awsOnlySnapshot, 'apiVersion: cart-doctor/v1\nkind: Snapshot\ntarget: {region: ap-south-1, cluster: cart-cluster}\naws: []\n');

  const awsMs = await firstRequestMs(
    runs,
    (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'bench' }));
    },
    (url) => ({
      args: [cli, 'check', '-f', manifestFile, '--cluster', 'cart-cluster', '--region', 'ap-south-1', '-o', 'json', '--timeout', '2'],
      env: { ...baseEnv(), AWS_ENDPOINT_URL: url, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench' },
    }),
  );

  // The floor for both rows: a bare node that sends a request first thing, timed the same way.
  const floorMs = await firstRequestMs(
    runs,
    (_req, res) => {
      res.writeHead(403);
      res.end();
    },
    (url) => ({ args: ['-e', `require('node:http').get(${JSON.stringify(url)}).on('error', () => {})`], env: baseEnv() }),
  );

  const kubeconfig = join(dir, 'kubeconfig');
  const kubeMs = await firstRequestMs(
    runs,
    (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403 }));
    },
    (url) => {
      writeFileSync(
        kubeconfig,
        `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${url}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: bench}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`,
      );
      return { args: [cli, 'check', '--snapshot', awsOnlySnapshot, '--kubeconfig', kubeconfig, '-o', 'json', '--timeout', '2'], env: baseEnv() };
    },
  );

  const logFile = join(dir, 'carts-100mb.log');
  await writeBigLog(logFile, 100 * 1024 * 1024, readFileSync(join(root, 'fixtures/logs/carts-node-role.log'), 'utf8'));
  const logsMiB = peakRssMiB([cli, 'check', '--snapshot', snapshot, '--logs-file', logFile, '--max-input-mb', '2048', '-o', 'json'], root);

  const bigManifests = join(dir, 'ten-thousand.yaml');
  writeManyObjects(bigManifests, manifests, 10_000);
  const manifestsMiB = peakRssMiB([cli, 'check', '-f', bigManifests, '--snapshot', snapshot, '-o', 'json'], root);

  return { awsMs, kubeMs, floorMs, logsMiB, manifestsMiB, manifestMB: readFileSync(bigManifests).length / 1e6 };
}

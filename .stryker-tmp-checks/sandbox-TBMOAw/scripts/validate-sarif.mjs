#!/usr/bin/env node
// @ts-nocheck
// Validates the SARIF of every bundled broken fixture (and of -f runs, from a file and from stdin)
// with Microsoft's SARIF validator and GitHub's ingestion rules: `validate --rule-kind "Sarif;Gh"`.
// The validator is a 95 MB .NET binary, so it is not a dependency: it is installed once into a
// temp folder (or taken from SARIF_MULTITOOL), and this runs as `npm run validate-sarif`, not in `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VERSION = '5.7.0';
const root = new URL('..', import.meta.url).pathname;

function multitool() {
  if (process.env.SARIF_MULTITOOL) return process.env.SARIF_MULTITOOL;
  const prefix = join(tmpdir(), `cart-doctor-sarif-multitool-${VERSION}`);
  const binary = join(prefix, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    console.log(`installing @microsoft/sarif-multitool@${VERSION} into ${prefix} (once)…`);
    const npm = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `@microsoft/sarif-multitool@${VERSION}`], {
      stdio: 'inherit',
    });
    if (npm.status !== 0 || !existsSync(binary)) throw new Error(`could not install @microsoft/sarif-multitool@${VERSION} (set SARIF_MULTITOOL to its binary)`);
  }
  return binary;
}

const out = mkdtempSync(join(tmpdir(), 'cart-doctor-sarif-'));
const runs = [
  ...readdirSync(join(root, 'fixtures/scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ name: f.replace(/\.yaml$/, ''), args: ['--snapshot', `fixtures/scenarios/${f}`] })),
  { name: 'manifests-file', args: ['--snapshot', 'fixtures/healthy-guide.yaml', '-f', 'fixtures/manifests/cart-broken.yaml'] },
  {
    name: 'manifests-stdin',
    args: ['--snapshot', 'fixtures/healthy-guide.yaml', '-f', '-'],
    input: readFileSync(join(root, 'fixtures/manifests/cart-broken.yaml'), 'utf8'),
  },
];
const files = runs.map(({ name, args, input }) => {
  const run = spawnSync(process.execPath, ['dist/cli.js', 'check', ...args, '-o', 'sarif'], {
    cwd: root,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
  });
  if (![0, 1, 2].includes(run.status ?? -1)) throw new Error(`${name}: exit ${run.status}: ${run.stderr}`);
  const file = join(out, `${name}.sarif`);
  writeFileSync(file, run.stdout);
  return file;
});

const result = spawnSync(multitool(), ['validate', '--rule-kind', 'Sarif;Gh', '-o', join(out, 'validation.sarif'), ...files], { encoding: 'utf8' });
const errors = `${result.stdout}${result.stderr}`.split('\n').filter((l) => /: error /.test(l));
for (const e of errors) console.error(e);
console.log(`validated ${files.length} SARIF files (${out}) with sarif-multitool ${VERSION} --rule-kind "Sarif;Gh": ${errors.length} errors`);
process.exit(errors.length === 0 && result.status === 0 ? 0 : 1);

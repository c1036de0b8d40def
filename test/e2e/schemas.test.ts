/**
 * `cart-doctor schema FORMAT` and the shipped schema/ files: each machine format of every
 * bundled fixture (and of `-f` runs, a hostile message, a suppressed result) is valid against
 * the schema the tool ships — SARIF with ajv (strict), JUnit with xmllint against the XSD when
 * xmllint is here, and always against the XSD's declared names. Through the built CLI.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Ajv from 'ajv';
import { XMLParser } from 'fast-xml-parser';
import { runCheckCommand, type OutputFormat } from '../../src/commands/check.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { hostileSnapshot, provisionedSnapshot } from '../helpers/ci-snapshots.js';

const schemaText = (file: string) => readFileSync(join(REPO_ROOT, 'schema', file), 'utf8');

/** Every run whose machine output must fit its schema: snapshot and manifest paths. */
const RUNS: { snapshot: string; manifests?: string[] }[] = [
  ...readdirSync(join(REPO_ROOT, 'fixtures'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ snapshot: join(REPO_ROOT, 'fixtures', f) })),
  ...readdirSync(join(REPO_ROOT, 'fixtures/scenarios')).map((f) => ({ snapshot: join(REPO_ROOT, 'fixtures/scenarios', f) })),
  { snapshot: join(REPO_ROOT, 'fixtures/healthy-guide.yaml'), manifests: [join(REPO_ROOT, 'fixtures/manifests/cart-broken.yaml')] },
  { snapshot: hostileSnapshot() },
  {
    snapshot: provisionedSnapshot({
      kind: 'Deployment',
      annotations: { 'cart-doctor.io/ignore': 'table.billing-mode', 'cart-doctor.io/ignore-reason': 'on purpose' },
    }),
  },
];
const named = RUNS.map((r) => [relative(REPO_ROOT, r.snapshot) + (r.manifests ? ' -f cart-broken.yaml' : ''), r] as const);

/**
 * The sweep renders in process (some 80 runs; a process each would take minutes on a loaded
 * machine); the built CLI renders the `-f` run below, and prints the schemas.
 */
async function render(run: (typeof RUNS)[number], output: OutputFormat): Promise<string> {
  let out = '';
  const io = { stdout: (t: string) => (out += t), stderr: () => undefined, readStdin: () => '' };
  await runCheckCommand({ flags: {}, output, failOn: 'fail', color: false, timeoutMs: 1000, ...run }, io);
  return out;
}

describe('cart-doctor schema FORMAT', () => {
  it.each([
    ['json', 'report-v1.schema.json'],
    ['sarif', 'sarif-v1.schema.json'],
    ['junit', 'junit-v1.xsd'],
  ])('%s prints schema/%s', (format, file) => {
    expect(runCli(['schema', format])).toEqual({ status: 0, stdout: schemaText(file), stderr: '' });
  });

  it('an unknown format is exit 3 with one line naming the choices', () => {
    const run = runCli(['schema', 'github']);
    expect([run.status, run.stdout, run.stderr.trim().split('\n').length, run.stderr]).toEqual([3, '', 1, expect.stringContaining('"json", "sarif", "junit"')]);
  });
});

describe('-o sarif fits schema/sarif-v1.schema.json', () => {
  // ajv is CommonJS: under ESM its default import is module.exports, whose `default` is the class.
  const ajv = new Ajv.default({ allErrors: true, strict: true });
  const validate = ajv.compile(JSON.parse(schemaText('sarif-v1.schema.json')) as object);

  it.each(named)('%s', async (_name, run) => {
    const doc = JSON.parse(await render(run, 'sarif')) as unknown;
    expect(validate(doc) ? '' : ajv.errorsText(validate.errors)).toBe('');
  });

  it('the built CLI, -f from stdin', () => {
    const run = runCli(['check', '--snapshot', 'fixtures/healthy-guide.yaml', '-f', '-', '-o', 'sarif'], {
      input: readFileSync(join(REPO_ROOT, 'fixtures/manifests/cart-broken.yaml'), 'utf8'),
    });
    expect(run.status).toBe(1);
    expect(validate(JSON.parse(run.stdout)) ? '' : ajv.errorsText(validate.errors)).toBe('');
  });

  it('rejects what cart-doctor never writes (the schema can fail)', async () => {
    const doc = JSON.parse(await render(RUNS[0]!, 'sarif')) as { runs: { results: unknown[]; extra?: boolean }[] };
    doc.runs[0]!.extra = true;
    expect(validate(doc)).toBe(false);
  });
});

describe('-o junit fits schema/junit-v1.xsd', () => {
  const xsd = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(schemaText('junit-v1.xsd')) as unknown;
  /** Every element and attribute name the XSD declares (attribute groups and types included). */
  const declared = { elements: new Set<string>(), attributes: new Set<string>() };
  const walk = (node: unknown, key = ''): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, key));
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (key === 'xs:element' && typeof o.name === 'string') declared.elements.add(o.name);
    if (key === 'xs:attribute' && typeof o.name === 'string') declared.attributes.add(o.name);
    for (const [k, v] of Object.entries(o)) walk(v, k);
  };
  walk(xsd);
  const used = (xml: string) => {
    const found = { elements: new Set<string>(), attributes: new Set<string>() };
    const visit = (node: unknown, key = ''): void => {
      if (Array.isArray(node)) return node.forEach((n) => visit(n, key));
      if (!node || typeof node !== 'object') return;
      if (key === '?xml') return;
      if (key) found.elements.add(key);
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
        if (k.startsWith('@')) found.attributes.add(k.slice(1));
        else if (k !== '#text') visit(v, k);
      }
    };
    visit(new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml));
    return found;
  };
  const xmllint = spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!xmllint) console.warn('xmllint not found: -o junit is checked against the names the XSD declares, not validated by it');
  const dir = mkdtempSync(join(tmpdir(), 'cd-junit-'));

  const validates = (xml: string) => {
    const file = join(dir, 'report.xml');
    writeFileSync(file, xml);
    const r = spawnSync('xmllint', ['--noout', '--schema', join(REPO_ROOT, 'schema/junit-v1.xsd'), file], { encoding: 'utf8' });
    return [r.status, r.stderr.replace(file, 'FILE')];
  };

  it.each(named)('%s', async (_name, run) => {
    const xml = await render(run, 'junit');
    const names = used(xml);
    expect([...names.elements].filter((e) => !declared.elements.has(e))).toEqual([]);
    expect([...names.attributes].filter((a) => !declared.attributes.has(a))).toEqual([]);
    if (xmllint) expect(validates(xml)).toEqual([0, 'FILE validates\n']);
  });

  (xmllint ? it : it.skip)('the built CLI, -f from a file', () => {
    const run = runCli(['check', '--snapshot', 'fixtures/healthy-guide.yaml', '-f', 'fixtures/manifests/cart-broken.yaml', '-o', 'junit']);
    expect([run.status, ...validates(run.stdout)]).toEqual([1, 0, 'FILE validates\n']);
  });

  (xmllint ? it : it.skip)('xmllint rejects what cart-doctor never writes (the XSD can fail)', async () => {
    expect(validates((await render(RUNS[0]!, 'junit')).replace('classname="kubernetes"', 'classname="network"'))[0]).not.toBe(0);
  });
});

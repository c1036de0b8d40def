/**
 * Keeps the registry, the check files and the README in step (ESLint's `checkRuleFiles`,
 * kube-linter's built-in-check test): a check that is not registered, not documented or
 * badly described fails the build.
 */
// @ts-nocheck

import { describe, it, expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHECKS } from '../src/checks/registry.js';
import { SYMPTOMS } from '../src/checks/lib/symptoms.js';
import { CHECK_IDS, type Check } from '../src/checks/lib/types.js';

const checksDir = fileURLToPath(new URL('../src/checks/', import.meta.url));
const checkTestsDir = fileURLToPath(new URL('./checks/', import.meta.url));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
// The registry itself; everything else that is not a check lives in src/checks/lib/.
const REGISTRY_FILE = 'registry.ts';

function isCheck(value: unknown): value is Check {
  const v = value as Partial<Check> | undefined;
  return !!v && typeof v === 'object' && typeof v.run === 'function' && !!v.meta && typeof v.meta.id === 'string';
}

async function loadCheckFile(file: string): Promise<unknown> {
  const module = (await import(`../src/checks/${file.replace(/\.ts$/, '.js')}`)) as { default?: unknown };
  return module.default;
}

describe('check registry', () => {
  it('registers every id of CHECK_IDS exactly once', () => {
    const ids = CHECKS.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...CHECK_IDS].sort());
  });

  describe.each(CHECK_IDS.map((id) => [id]))('%s', (id) => {
    const registered = () => CHECKS.find((c) => c.meta.id === id)!;

    it('lives in src/checks/<id>.ts, whose default export is the registered check', async () => {
      expect(existsSync(`${checksDir}${id}.ts`)).toBe(true);
      const exported = await loadCheckFile(`${id}.ts`);
      expect(isCheck(exported)).toBe(true);
      expect((exported as Check).meta.id).toBe(id);
      expect(exported).toBe(registered());
    });

    it('has a title, docs and a remediation that ends with a period', () => {
      const { meta } = registered();
      expect(meta.title.trim()).not.toBe('');
      expect(meta.docs.trim()).not.toBe('');
      expect(meta.remediation.trim()).not.toBe('');
      expect(meta.remediation.trimEnd()).toMatch(/\.$/);
    });

    it('depends only on other registered checks, without a cycle', () => {
      const { meta } = registered();
      expect(meta.dependsOn).not.toContain(id);
      for (const dep of meta.dependsOn) expect(CHECK_IDS).toContain(dep);
      const seen = new Set<string>();
      const walk = (at: string): void => {
        for (const dep of CHECKS.find((c) => c.meta.id === at)!.meta.dependsOn) {
          expect(dep).not.toBe(id);
          if (seen.has(dep)) continue;
          seen.add(dep);
          walk(dep);
        }
      };
      walk(id);
    });

    it('names one of the Common-failures rows as its symptom', () => {
      expect(Object.keys(SYMPTOMS)).toContain(registered().meta.symptom);
    });

    it('has its own test file, test/checks/<id>.test.ts (ESLint: "missing tests for rule")', () => {
      expect({ id, hasTestFile: existsSync(`${checkTestsDir}${id}.test.ts`) }).toEqual({ id, hasTestFile: true });
    });

    it('has its reference page in docs/checks/, linked from the README', () => {
      expect(existsSync(fileURLToPath(new URL(`../docs/checks/${id}.md`, import.meta.url)))).toBe(true);
      expect(readme).toContain(`(docs/checks/${id}.md)`);
    });
  });

  it('docs/ and the README table are what the metadata gives (run `npm run docs` after changing a check)', () => {
    const run = spawnSync(process.execPath, ['scripts/gen-docs.mjs', '--check'], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.each(CHECKS.filter((c) => c.meta.dependsOn.length > 0).map((c) => [c.meta.id]))(
    '%s tests its skips and errors for its dependencies through prerequisiteCases, written once',
    (id) => {
      expect(readFileSync(`${checkTestsDir}${id}.test.ts`, 'utf8')).toContain('...prerequisiteCases(');
    },
  );

  it('has no stray test file in test/checks/: each names a registered check (no grouped or orphaned tests)', () => {
    const testFiles = readdirSync(checkTestsDir).filter((f) => f.endsWith('.test.ts'));
    const registeredTestFiles = new Set(CHECKS.map((c) => `${c.meta.id}.test.ts`));
    expect(testFiles.filter((f) => !registeredTestFiles.has(f))).toEqual([]);
    expect(testFiles.length).toBe(CHECK_IDS.length);
  });

  it('src/checks/ holds checks only (helpers in lib/): every file there is a registered check under its own name', async () => {
    const files = readdirSync(checksDir).filter((f) => f.endsWith('.ts') && f !== REGISTRY_FILE);
    const registeredFiles = new Set(CHECKS.map((c) => `${c.meta.id}.ts`));
    expect(files.filter((f) => !registeredFiles.has(f))).toEqual([]);
    expect(files.length).toBe(CHECK_IDS.length);
    for (const file of files) expect(isCheck(await loadCheckFile(file))).toBe(true);
  });
});

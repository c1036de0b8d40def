/**
 * The layering is a lint rule (eslint.config.js, `no-restricted-imports`): checks, facts and IAM
 * evaluation reach no SDK, no file system and no renderer; renderers reach no SDK and no file
 * system. Each forbidden import is linted once here, so a config edit that silently drops a rule
 * (a glob that stops matching, an override that replaces it) fails this test, and the allowed
 * imports beside them show the rule is not simply firing on everything.
 */
// @ts-nocheck

import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';
import { REPO_ROOT } from './helpers/cli.js';

const eslint = new ESLint({ cwd: REPO_ROOT });

/** The rule ids ESLint reports for `code` as if it were the file at `filePath` (relative to the repo). */
async function rulesFiredOn(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

const importOf = (specifier: string): string => `import * as imported from '${specifier}';\nexport const used = imported;\n`;

const PURE_LAYERS = ['src/checks/x.ts', 'src/facts/x.ts', 'src/iam/x.ts'];
const IO_AND_CLIENTS = [
  '@aws-sdk/client-iam',
  '@aws-sdk/client-dynamodb',
  '@kubernetes/client-node',
  'node:fs',
  'fs',
  'node:fs/promises',
  '../sources/aws-live.js',
];
const RENDERERS = ['../report/terminal.js', '../report/json.js', '../report/markdown.js', '../report/sarif.js', '../report/progress.js'];

describe('layering rules', () => {
  describe.each(PURE_LAYERS)('%s', (filePath) => {
    it.each([...IO_AND_CLIENTS, ...RENDERERS])('cannot import %s', async (specifier) => {
      expect(await rulesFiredOn(filePath, importOf(specifier))).toEqual(['no-restricted-imports']);
    });

    it('cannot import an SDK even for its types', async () => {
      expect(await rulesFiredOn(filePath, "import type { Role } from '@aws-sdk/client-iam';\nexport type R = Role;\n")).toEqual(['no-restricted-imports']);
    });

    it.each(['../sources/types.js', '../facts/types.js', '../report/model.js', 'node:path'])('may import %s', async (specifier) => {
      expect(await rulesFiredOn(filePath, importOf(specifier))).toEqual([]);
    });
  });

  describe('src/report/x.ts', () => {
    it.each(IO_AND_CLIENTS)('cannot import %s', async (specifier) => {
      expect(await rulesFiredOn('src/report/x.ts', importOf(specifier))).toEqual(['no-restricted-imports']);
    });

    it.each(['./model.js', 'cli-table3'])('may import %s', async (specifier) => {
      expect(await rulesFiredOn('src/report/x.ts', importOf(specifier))).toEqual([]);
    });
  });

  it.each([
    ['src/sources/x.ts', '@aws-sdk/client-iam'],
    ['src/commands/x.ts', 'node:fs'],
    ['src/commands/x.ts', '../report/terminal.js'],
  ])('the layers that do I/O may: %s imports %s', async (filePath, specifier) => {
    expect(await rulesFiredOn(filePath, importOf(specifier))).toEqual([]);
  });
});

describe('line length in src/', () => {
  /** A code line of exactly `width` characters, with no string, template, regex or URL in it. */
  const codeLine = (width: number): string => `export const ${'x'.repeat(width - 18)} = 1;`;

  it('a code line of 161 characters fails', async () => {
    expect(codeLine(161)).toHaveLength(161);
    expect(await rulesFiredOn('src/checks/x.ts', `${codeLine(161)}\n`)).toEqual(['max-len']);
  });

  it('a code line of 160 characters passes', async () => {
    expect(await rulesFiredOn('src/checks/x.ts', `${codeLine(160)}\n`)).toEqual([]);
  });
});

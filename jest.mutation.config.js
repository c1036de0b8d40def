// Jest configuration for mutation testing only (`npm run mutation`), not for `npm test`.
// Stryker runs every mutant in-process against the sandbox's src/, but dist/ is never
// rebuilt per mutant: suites that spawn dist/cli.js or live servers cannot kill a mutant and
// only cost time, so they are left out here. `roots` includes src so Stryker's
// find-related-tests sees the import graph from each source file to its dependents.
import { createDefaultEsmPreset } from 'ts-jest';
import base from './jest.config.js';

export default {
  ...base,
  // Transpile only: the instrumented sandbox is marked @ts-nocheck anyway, and type-checking
  // every transformed file would dominate each mutant's run time. `npm run typecheck` covers types.
  ...createDefaultEsmPreset({ isolatedModules: true, diagnostics: false }),
  roots: ['<rootDir>/src', '<rootDir>/test'],
  // Only the in-process unit suites of the mutated folders. Stryker runs, for each mutant, every
  // test file related to the mutated file (with a name filter): each file loaded costs an ESM
  // module graph, so suites that reach src/iam or src/checks only through the CLI, the sources
  // or the renderers are left out. They spawn dist/cli.js or live servers, or add little.
  // MUTATION_SUITES (comma-separated paths or globs under the repository) narrows this further for
  // a quick, conservative run of one folder, e.g. only test/iam* for src/iam.
  testMatch: process.env.MUTATION_SUITES
    ? process.env.MUTATION_SUITES.split(',').map((glob) => `<rootDir>/${glob.trim()}`)
    : [
        '<rootDir>/test/iam*.test.ts',
        '<rootDir>/test/iam/**/*.test.ts',
        '<rootDir>/test/checks/**/*.test.ts',
        '<rootDir>/test/permissions.test.ts',
        '<rootDir>/test/logs/shapes.test.ts',
      ],
};

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
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/test/e2e/',
    '<rootDir>/test/live/',
    '<rootDir>/test/commands/explain\\.test\\.ts$',
    '<rootDir>/test/cli-input\\.test\\.ts$',
    '<rootDir>/test/fuzz\\.property\\.test\\.ts$',
    '<rootDir>/test/lint-layers\\.test\\.ts$',
    '<rootDir>/test/no-heavy-imports\\.test\\.ts$',
    '<rootDir>/test/packaging\\.test\\.ts$',
    '<rootDir>/test/readme-examples\\.test\\.ts$',
    '<rootDir>/test/redaction\\.canary\\.test\\.ts$',
    '<rootDir>/test/registry\\.test\\.ts$',
    '<rootDir>/test/remediation\\.test\\.ts$',
    '<rootDir>/test/robust/bad-input\\.test\\.ts$',
    '<rootDir>/test/facts/answers\\.test\\.ts$',
    '<rootDir>/test/report/fix-script\\.test\\.ts$',
    '<rootDir>/test/report/json\\.test\\.ts$',
  ],
};

// ESLint flat config. Not type-aware (no parserOptions.project): a typed lint of the whole project
// takes minutes on 2 cores, and `npm run typecheck` already does the type work.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What a module that judges or evaluates must not reach: I/O, the live clients, the renderers. */
const SDKS = [
  { name: '@kubernetes/client-node', message: 'Live Kubernetes reads belong in src/sources/kube-live.ts; facts reach checks through src/facts/store.ts.' },
];
const SDK_PATTERNS = [
  { group: ['@aws-sdk/*', '@smithy/*'], message: 'Live AWS reads belong in src/sources/aws-live.ts; facts reach checks through src/facts/store.ts.' },
];
const FS = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
  name,
  message: 'Files are read by src/sources/ and written by src/commands/; this layer stays pure.',
}));
const LIVE_SOURCES = [
  { group: ['**/sources/aws-live*', '**/sources/kube-live*'], message: 'A live source loads the SDKs; depend on src/sources/types.ts instead.' },
];
const RENDERERS = [
  {
    group: ['**/report/terminal*', '**/report/json*', '**/report/markdown*', '**/report/sarif*', '**/report/progress*'],
    message: 'Renderers sit above checks, facts and IAM evaluation: they consume results, never the other way round.',
  },
];

/** Held to src/ only until test/ is formatted too; lines that carry a string, template, regex or URL are exempt. */
const LONG_LINES = ['error', { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', 'coverage/**', 'reports/**', '.stryker-tmp*/**'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Terminal escaping and redaction match control characters (ESC, C0/C1) on purpose.
      'no-control-regex': 'off',
      // `_`-prefixed names are deliberately unused (positional parameters, tuple holes, rest siblings).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // Node scripts and this file: plain ESM run by node.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
        fetch: 'readonly',
      },
    },
  },
  { files: ['src/**/*.ts'], rules: { 'max-len': LONG_LINES } },
  // Tests poke at parsed, untyped JSON (reports, snapshots) to build bad inputs on purpose.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    // Checks judge, they do not fetch: pure functions of facts, as are the IAM evaluator and the fact shapes.
    files: ['src/checks/**/*.ts', 'src/facts/**/*.ts', 'src/iam/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [...SDKS, ...FS], patterns: [...SDK_PATTERNS, ...LIVE_SOURCES, ...RENDERERS] }] },
  },
  {
    // Renderers are pure: a report in, text out; the caller decides where it goes.
    files: ['src/report/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [...SDKS, ...FS], patterns: [...SDK_PATTERNS, ...LIVE_SOURCES] }] },
  },
);

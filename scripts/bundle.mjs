#!/usr/bin/env node
/**
 * Bundles the CLI over tsc's dist/cli.js: one module graph instead of hundreds of files halves
 * startup (toolchain.md §3). Code splitting keeps every `await import()` lazy, and the AWS SDK and
 * client-node stay external, so offline runs still never load them.
 */
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@aws-sdk/*', '@kubernetes/client-node'],
  // The bundled CommonJS dependencies call require(); ESM has none of its own.
  banner: { js: "import { createRequire as __cartDoctorRequire } from 'node:module'; const require = __cartDoctorRequire(import.meta.url);" },
  logLevel: 'warning',
});

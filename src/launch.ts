#!/usr/bin/env node
/**
 * The command (dist/cli.js). `--version` answers here; everything else runs the bundled app
 * (src/cli.ts, built into dist/chunks/app-<hash>.cjs) with V8's code cache
 * (src/startup/code-cache.ts). The AWS clients and client-node are ES modules under dist/vendor/,
 * imported from here when a live run first needs them.
 */
import nodeModule from 'node:module';
import { toolVersion } from './version.js';
import { COMMANDS } from './command-names.js';
import { runApp } from './startup/code-cache.js';

/** The app's file, relative to this one; scripts/bundle.mjs writes it in. */
declare const CART_DOCTOR_APP: string;

/**
 * Node ≥ 22.1 also keeps V8's compiled code of the vendor modules between runs (in
 * os.tmpdir()/node-compile-cache, or $NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it
 * off), as TypeScript's tsc does. It never throws; Node 20 has no such API.
 */
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${toolVersion()}\n`);
} else {
  const app = new URL(CART_DOCTOR_APP, import.meta.url);
  const command = COMMANDS.includes(argv[0] ?? '') ? argv[0] : undefined;
  // A replayed run and a live one call different code (the live sources): each keeps its own cache.
  const replay = argv.some((a) => a === '--snapshot' || a.startsWith('--snapshot='));
  runApp({
    file: process.getBuiltinModule('node:url').fileURLToPath(app),
    url: app.href,
    importVendor: (name) => import(new URL(`./vendor/${name}.js`, import.meta.url).href),
    cacheKey: command && (replay ? `${command}-snapshot` : command),
    // A help text, a flag mistake (exit 3) or a crash calls little of the command's code.
    keepCache: (exitCode) => exitCode <= 2 && !argv.some((a) => a === '--help' || a === '-h'),
  });
}

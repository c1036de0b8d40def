/**
 * `node --import ./trace-imports.mjs …` records every module the process loads into the file
 * named by CART_DOCTOR_TRACE_FILE, one per line: ESM resolutions through a loader hook (the
 * hook thread sees every `import`/`import()`), CommonJS modules from require.cache at exit
 * (Node 20's hooks do not see `require`).
 */
// @ts-nocheck

import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.CART_DOCTOR_TRACE_FILE;
if (!out) throw new Error('trace-imports: set CART_DOCTOR_TRACE_FILE');
writeFileSync(out, '');

register(new URL('./trace-imports-hooks.mjs', import.meta.url), { data: { out } });

const require = createRequire(import.meta.url);
process.on('exit', () => {
  const cjs = Object.keys(require.cache).map((file) => `cjs ${file}`);
  if (cjs.length) appendFileSync(out, `${cjs.join('\n')}\n`);
});

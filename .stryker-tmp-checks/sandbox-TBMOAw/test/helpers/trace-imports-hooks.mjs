/** Loader hooks for trace-imports.mjs; runs on Node's hooks thread. */
// @ts-nocheck

import { appendFileSync } from 'node:fs';

let out;

export function initialize(data) {
  out = data.out;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  appendFileSync(out, `esm ${result.url}\n`);
  return result;
}

import { readFileSync } from 'node:fs';

/** Read at run time so `--version` needs no build step and no heavy import. */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

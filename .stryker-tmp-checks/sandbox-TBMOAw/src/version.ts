// @ts-nocheck
import { existsSync, readFileSync } from 'node:fs';

/**
 * Read at run time so `--version` needs no build step and no heavy import. The file may sit in
 * dist/, dist/chunks/ (bundled) or src/ (tests), so look upwards for the package's own manifest.
 */
export function toolVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    const url = new URL(up, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version: string };
    if (pkg.name === 'cart-doctor') return pkg.version;
  }
  return 'unknown';
}

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { DEFAULT_MAX_INPUT_BYTES, readBoundedFile } from './bounded-read.js';
import { InMemoryKubeSource, collectObjects } from './objects.js';
import { parseYaml } from './yaml.js';
import type { KubeObject } from './types.js';

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

export interface LoadedManifests {
  source: InMemoryKubeSource;
  warnings: string[];
}

/** `-f` inputs: files, folders (recursively, sorted), and `-` for stdin; each at most `maxBytes`. */
export function loadManifests(paths: string[], readStdin: (maxBytes: number) => string, maxBytes = DEFAULT_MAX_INPUT_BYTES): LoadedManifests {
  const warnings: string[] = [];
  const objects: KubeObject[] = [];
  for (const path of paths) {
    for (const file of expand(path)) {
      const text = file === '-' ? readStdin(maxBytes) : readText(file, maxBytes);
      const name = file === '-' ? '<stdin>' : file;
      const parsed = parseYaml(text, name);
      warnings.push(...parsed.warnings);
      for (const doc of parsed.documents) {
        objects.push(...collectObjects(doc.value, `${name}: document ${doc.index + 1} (line ${doc.line})`, warnings));
      }
    }
  }
  return { source: new InMemoryKubeSource(`manifests ${paths.join(', ')}`, objects), warnings };
}

function expand(path: string): string[] {
  if (path === '-') return ['-'];
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new InputError('no such file or folder', path);
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => {
      const full = join(path, entry);
      return statSync(full).isDirectory() ? expand(full) : MANIFEST_EXTENSIONS.test(entry) ? [full] : [];
    });
}

/** A whole input file, bounded (see bounded-read.ts); any failure is bad input naming the file. */
export function readText(file: string, maxBytes = DEFAULT_MAX_INPUT_BYTES): string {
  return readBoundedFile(file, maxBytes);
}

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { InMemoryKubeSource, collectObjects } from './objects.js';
import { parseYaml } from './yaml.js';
import type { KubeObject } from './types.js';

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

export interface LoadedManifests {
  source: InMemoryKubeSource;
  warnings: string[];
}

/** `-f` inputs: files, folders (recursively, sorted), and `-` for stdin. */
export function loadManifests(paths: string[], readStdin: () => string): LoadedManifests {
  const warnings: string[] = [];
  const objects: KubeObject[] = [];
  for (const path of paths) {
    for (const file of expand(path)) {
      const text = file === '-' ? readStdin() : readText(file);
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

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
}

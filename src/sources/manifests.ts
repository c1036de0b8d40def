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
  const placeOf = new Map<string, string>();
  for (const path of paths) {
    for (const file of expand(path)) {
      const text = file === '-' ? readStdin() : readText(file);
      const name = file === '-' ? '<stdin>' : file;
      const parsed = parseYaml(text, name);
      warnings.push(...parsed.warnings);
      for (const doc of parsed.documents) {
        const place = `${name} document ${doc.index + 1} (line ${doc.line})`;
        for (const obj of collectObjects(doc.value, `${name}: document ${doc.index + 1} (line ${doc.line})`, warnings)) {
          const key = objectKey(obj);
          const earlier = placeOf.get(key);
          if (earlier) {
            warnings.push(`${key} is given twice: in ${earlier} and in ${place}; the later one is judged, as \`kubectl apply\` of these inputs in this order would leave it`);
          }
          placeOf.set(key, place);
          objects.push(obj);
        }
      }
    }
  }
  if (objects.length === 0) {
    throw new InputError('holds no Kubernetes object (nothing with kind and metadata.name): pass rendered manifests, e.g. `helm template … | cart-doctor check -f -`', paths.map((p) => (p === '-' ? '<stdin>' : p)).join(', '));
  }
  return { source: new InMemoryKubeSource(`manifests ${paths.join(', ')}`, objects), warnings };
}

function objectKey(obj: KubeObject): string {
  return `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
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

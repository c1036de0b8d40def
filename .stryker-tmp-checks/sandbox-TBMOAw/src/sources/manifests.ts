// @ts-nocheck
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { DEFAULT_MAX_INPUT_BYTES, readBoundedFile } from './bounded-read.js';
import { InMemoryKubeSource, collectObjects } from './objects.js';
import { parseYaml } from './yaml.js';
import { recordPositions, type FieldPath } from './positions.js';
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
  const placeOf = new Map<string, string>();
  for (const path of paths) {
    for (const file of expand(path)) {
      const text = file === '-' ? readStdin(maxBytes) : readText(file, maxBytes);
      const name = file === '-' ? '<stdin>' : file;
      const parsed = parseYaml(text, name);
      warnings.push(...parsed.warnings);
      for (const doc of parsed.documents) {
        const place = `${name} document ${doc.index + 1} (line ${doc.line})`;
        const keepPositions = (obj: KubeObject, path: FieldPath) =>
          recordPositions(obj, { file: name, document: doc.index + 1, at: (field) => doc.at([...path, ...field]) });
        for (const obj of collectObjects(doc.value, `${name}: document ${doc.index + 1} (line ${doc.line})`, warnings, keepPositions)) {
          const key = objectKey(obj);
          const earlier = placeOf.get(key);
          if (earlier) {
            warnings.push(
              `${key} is given twice: in ${earlier} and in ${place}; the later one is judged, as \`kubectl apply\` of these inputs in this order would leave it`,
            );
          }
          placeOf.set(key, place);
          objects.push(obj);
        }
      }
    }
  }
  if (objects.length === 0) {
    throw new InputError(
      'holds no Kubernetes object (nothing with kind and metadata.name): pass rendered manifests, e.g. `helm template … | cart-doctor check -f -`',
      paths.map((p) => (p === '-' ? '<stdin>' : p)).join(', '),
    );
  }
  return { source: new InMemoryKubeSource(`manifests ${paths.join(', ')}`, objects), warnings };
}

function objectKey(obj: KubeObject): string {
  return `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
}

function expand(path: string): string[] {
  if (path === '-') return ['-'];
  if (!fsCall(() => statSync(path), path).isDirectory()) return [path];
  return fsCall(() => readdirSync(path), path)
    .sort()
    .flatMap((entry) => {
      const full = join(path, entry);
      return fsCall(() => statSync(full), full).isDirectory() ? expand(full) : MANIFEST_EXTENSIONS.test(entry) ? [full] : [];
    });
}

/** A whole input file, bounded (see bounded-read.ts); any failure is bad input naming the file. */
export function readText(file: string, maxBytes = DEFAULT_MAX_INPUT_BYTES): string {
  return fsCall(() => readBoundedFile(file, maxBytes), file);
}

/** The file-system errors a user meets, in words; any other code is still one line. */
const FS_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file',
  ELOOP: 'symlink loop',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
};

/** Runs one file-system call; a failure becomes `FILE: no such file` (exit 3), never a raw Node error. */
export function fsCall<T>(call: () => T, file: string): T {
  try {
    return call();
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code && FS_PROBLEMS[code] ? FS_PROBLEMS[code] : `cannot read: ${code ?? (err as Error).message}`, file);
  }
}

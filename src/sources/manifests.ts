import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { DEFAULT_MAX_INPUT_BYTES, fsCall, readText } from './bounded-read.js';

// Their home is bounded-read.ts, which a snapshot run loads without this module (and its YAML reader).
export { fsCall, readText };
import { InMemoryKubeSource, collectObjects } from './objects.js';
import { forEachManifestDocument } from './fast-stream.js';
import { recordPositions, type DocumentPositions, type FieldPath, type ObjectPositions, type SourcePosition } from './positions.js';
import type { KubeObject } from './types.js';

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

export interface LoadedManifests {
  source: InMemoryKubeSource;
  warnings: string[];
}

/** `-f` inputs: files, folders (recursively, sorted), and `-` for stdin; each at most `maxBytes`. */
export async function loadManifests(paths: string[], readStdin: (maxBytes: number) => string, maxBytes = DEFAULT_MAX_INPUT_BYTES): Promise<LoadedManifests> {
  const warnings: string[] = [];
  const objects: KubeObject[] = [];
  const placeOf = new Map<string, Map<string, DocumentPositions>>();
  for (const path of paths) {
    for (const file of expand(path)) {
      const text = file === '-' ? readStdin(maxBytes) : readText(file, maxBytes);
      const name = file === '-' ? '<stdin>' : file;
      // Document by document: only the sanitized objects and where they were written stay.
      // The YAML's own warnings (duplicate keys) come first, as when the file was parsed whole.
      const objectWarnings: string[] = [];
      const yamlWarnings = await forEachManifestDocument(text, name, ({ index, line, value, place }) => {
        const keepPositions = (obj: KubeObject, path: FieldPath) => recordPositions(obj, path.length ? new ListItemPositions(place, path) : place);
        for (const obj of collectObjects(value, `${name}: document ${index + 1} (line ${line})`, objectWarnings, keepPositions)) {
          // By kind and namespace, then by the object's own name string: no key string per object.
          const kindAndNamespace = `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}`;
          const named = placeOf.get(kindAndNamespace) ?? placeOf.set(kindAndNamespace, new Map()).get(kindAndNamespace)!;
          const earlier = named.get(obj.metadata.name);
          if (earlier) {
            objectWarnings.push(
              `${kindAndNamespace}${obj.metadata.name} is given twice: in ${placeText(earlier)} and in ${placeText(place)}; the later one is judged, as \`kubectl apply\` of these inputs in this order would leave it`,
            );
          }
          named.set(obj.metadata.name, place);
          objects.push(obj);
        }
      });
      warnings.push(...yamlWarnings, ...objectWarnings);
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

const placeText = (place: DocumentPositions) => `${place.file} document ${place.document} (line ${place.line})`;

/** An item of a `List` finds its fields under its path in the list's document. */
class ListItemPositions implements ObjectPositions {
  constructor(
    private readonly place: DocumentPositions,
    private readonly path: FieldPath,
  ) {}

  get file(): string {
    return this.place.file;
  }

  get document(): number {
    return this.place.document;
  }

  at(field: FieldPath): SourcePosition | undefined {
    return this.place.at([...this.path, ...field]);
  }
}

function expand(path: string): string[] {
  if (path === '-') return ['-'];
  if (!fsCall(() => statSync(path), path).isDirectory()) return [path];
  // Hidden entries are not the user's manifests: a mounted ConfigMap holds each file three
  // times, as `..data/` and `..<timestamp>/` (the kubelet's atomic writer) beside the link.
  const entries = fsCall(() => readdirSync(path), path).filter((entry) => !entry.startsWith('.'));
  return entries.sort().flatMap((entry) => {
    const full = join(path, entry);
    return fsCall(() => statSync(full), full).isDirectory() ? expand(full) : MANIFEST_EXTENSIONS.test(entry) ? [full] : [];
  });
}

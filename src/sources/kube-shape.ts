import '../zod-setup.js';
import * as z from 'zod/mini';
import { InputError } from '../errors.js';
import { formatZodPath } from '../config/zod-place.js';

/**
 * The shape of the fields the doctor reads from a Kubernetes object, checked when the object
 * is loaded (manifests, a snapshot's `kubernetes:` list). Everything else passes through
 * untouched. The API server enforces the same types, so a real object always fits; a
 * hand-written or damaged one that does not is bad input named by file and place, instead of
 * a TypeError deep inside a check.
 */

/**
 * Built on first use: only runs that read Kubernetes objects from a file need them. Each message
 * completes "<path> must be …". `annotations:` with nothing under it is null, as kubectl accepts.
 */
function buildShapes(): { base: z.ZodMiniType; byKind: Record<string, z.ZodMiniType> } {
  const stringMap = z.nullish(z.record(z.string(), z.string({ error: 'a string' }), { error: 'a map of strings' }));
  const map = z.looseObject({}, { error: 'a map' });
  const str = z.string({ error: 'a string' });
  const listOf = (item: z.ZodMiniType) => z.nullish(z.array(item, { error: 'a list' }));

  const envVar = z.looseObject({ name: str, value: z.nullish(str) }, { error: 'a map' });
  const container = z.looseObject({ name: z.nullish(str), env: listOf(envVar), envFrom: listOf(map), volumeMounts: listOf(map) }, { error: 'a map' });
  const podSpec = z.nullish(
    z.looseObject(
      {
        containers: listOf(container),
        initContainers: listOf(container),
        ephemeralContainers: listOf(container),
        volumes: listOf(map),
        serviceAccountName: z.nullish(str),
        serviceAccount: z.nullish(str),
      },
      { error: 'a map' },
    ),
  );

  const metadata = z.looseObject(
    { name: str.check(z.minLength(1, 'a non-empty string')), namespace: z.nullish(str), annotations: stringMap, labels: stringMap },
    { error: 'a map' },
  );
  const templateMetadata = z.nullish(z.looseObject({ annotations: stringMap, labels: stringMap }, { error: 'a map' }));

  const base = z.looseObject({ kind: str, metadata });

  const byKind: Record<string, z.ZodMiniType> = {
    Pod: z.extend(base, { spec: podSpec, status: z.nullish(map) }),
    Deployment: z.extend(base, {
      spec: z.nullish(
        z.looseObject(
          {
            selector: z.nullish(z.looseObject({ matchLabels: stringMap }, { error: 'a map' })),
            template: z.nullish(z.looseObject({ metadata: templateMetadata, spec: podSpec }, { error: 'a map' })),
          },
          { error: 'a map' },
        ),
      ),
    }),
    ConfigMap: z.extend(base, { data: stringMap, binaryData: stringMap }),
    Secret: z.extend(base, { data: stringMap, stringData: stringMap }),
  };
  return { base, byKind };
}

let shapes: ReturnType<typeof buildShapes> | undefined;

/** The object's own words for what it is: `ServiceAccount cart-sa`. */
function label(value: Record<string, unknown>): string {
  const meta = value.metadata as Record<string, unknown> | undefined;
  return `${String(value.kind)} ${typeof meta?.name === 'string' ? meta.name : '?'}`;
}

/**
 * Throws InputError naming `where` (file and document), the object and the field, e.g.
 * `x.yaml: document 2 (line 5) (ServiceAccount cart-sa): metadata.annotations must be a map of strings`.
 */
export function assertKubeShape(value: Record<string, unknown>, where: string): void {
  shapes ??= buildShapes();
  const kind = String(value.kind);
  const result = (Object.hasOwn(shapes.byKind, kind) ? shapes.byKind[kind]! : shapes.base).safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  throw new InputError(`${formatZodPath(issue.path) || 'the object'} must be ${issue.message}`, `${where} (${label(value)})`);
}

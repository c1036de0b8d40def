import '../zod-setup.js';
import * as z from 'zod';
import { InputError } from '../errors.js';
import { formatZodPath } from '../config/zod-place.js';

/**
 * The shape of the fields the doctor reads from a Kubernetes object, checked when the object
 * is loaded (manifests, a snapshot's `kubernetes:` list). Everything else passes through
 * untouched. The API server enforces the same types, so a real object always fits; a
 * hand-written or damaged one that does not is bad input named by file and place, instead of
 * a TypeError deep inside a check.
 */

/** Each message completes "<path> must be …". `annotations:` with nothing under it is null, as kubectl accepts. */
const stringMap = z.record(z.string(), z.string({ error: 'a string' }), { error: 'a map of strings' }).nullish();
const map = z.looseObject({}, { error: 'a map' });
const str = z.string({ error: 'a string' });
const listOf = (item: z.ZodType) => z.array(item, { error: 'a list' }).nullish();

const envVar = z.looseObject({ name: str, value: str.nullish() }, { error: 'a map' });
const container = z.looseObject({ name: str.nullish(), env: listOf(envVar), envFrom: listOf(map), volumeMounts: listOf(map) }, { error: 'a map' });
const podSpec = z
  .looseObject(
    {
      containers: listOf(container),
      initContainers: listOf(container),
      ephemeralContainers: listOf(container),
      volumes: listOf(map),
      serviceAccountName: str.nullish(),
      serviceAccount: str.nullish(),
    },
    { error: 'a map' },
  )
  .nullish();

const metadata = z.looseObject(
  { name: str.min(1, 'a non-empty string'), namespace: str.nullish(), annotations: stringMap, labels: stringMap },
  { error: 'a map' },
);
const templateMetadata = z.looseObject({ annotations: stringMap, labels: stringMap }, { error: 'a map' }).nullish();

const base = z.looseObject({ kind: str, metadata });

const SHAPES: Record<string, z.ZodType> = {
  Pod: base.extend({ spec: podSpec, status: map.nullish() }),
  Deployment: base.extend({
    spec: z
      .looseObject(
        {
          selector: z.looseObject({ matchLabels: stringMap }, { error: 'a map' }).nullish(),
          template: z.looseObject({ metadata: templateMetadata, spec: podSpec }, { error: 'a map' }).nullish(),
        },
        { error: 'a map' },
      )
      .nullish(),
  }),
  ConfigMap: base.extend({ data: stringMap, binaryData: stringMap }),
  Secret: base.extend({ data: stringMap, stringData: stringMap }),
};

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
  const result = (SHAPES[String(value.kind)] ?? base).safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  throw new InputError(`${formatZodPath(issue.path) || 'the object'} must be ${issue.message}`, `${where} (${label(value)})`);
}

import '../zod-setup.js';
import * as z from 'zod/mini';
import { FactUnavailable, InputError } from '../errors.js';
import { InMemoryKubeSource, RecordedReadsKubeSource, collectObjects } from './objects.js';
import { parseBlockYaml } from './block-yaml.js';
import { AwsApiError, UNAVAILABLE_STATUSES, type AwsCall, type AwsSource, type KubeRead, type KubeSource, isUnavailableStatus } from './types.js';
import { formatZodPath } from '../config/zod-place.js';

/**
 * The snapshot's schemas, built on first use (a live or -f run never needs them). zod/mini: the
 * same core and messages as the classic API, without binding every method to every schema
 * instance it builds (src/zod-setup.ts loads the English messages the classic API would).
 */
function buildSchemas() {
  const targetSchema = z.partial(
    z.strictObject({
      namespace: z.string(),
      deployment: z.string(),
      serviceAccount: z.string(),
      table: z.string(),
      role: z.string(),
      cluster: z.string(),
      region: z.string(),
      preset: z.enum(['guide', 'retail-store']),
    }),
  );

  const entrySchema = z
    .strictObject({
      service: z.enum(['dynamodb', 'iam', 'eks', 'sts', 'kms', 'ec2', 'organizations']),
      operation: z.string().check(z.regex(/^[A-Z][A-Za-z]+$/, 'an SDK v3 command name without "Command", e.g. DescribeTable')),
      region: z.optional(z.string()),
      input: z.optional(z.record(z.string(), z.unknown())),
      output: z.optional(z.record(z.string(), z.unknown())),
      error: z.optional(z.object({ name: z.string(), message: z.optional(z.string()) })),
      /** docs/design/SPEC.md §7: how the call ended; absent means ok (an output or an API error). */
      status: z.optional(z.enum(['ok', ...UNAVAILABLE_STATUSES])),
      message: z.optional(z.string()),
    })
    .check(
      z.refine(
        (e) => (isUnavailableStatus(e.status) ? e.output === undefined && e.error === undefined : (e.output === undefined) !== (e.error === undefined)),
        'an entry has exactly one of output or error, or status denied, failed or unusable and neither',
      ),
      z.refine((e) => e.message === undefined || isUnavailableStatus(e.status), 'message goes with status denied, failed or unusable'),
    );

  const kubeReadSchema = z
    .strictObject({
      kind: z.enum(['Deployment', 'ServiceAccount', 'ConfigMap', 'Secret', 'Pod', 'Service', 'StatefulSet']),
      namespace: z.string(),
      name: z.optional(z.string()),
      selector: z.optional(z.record(z.string(), z.string())),
      status: z.enum(['ok', 'absent', ...UNAVAILABLE_STATUSES]),
      message: z.optional(z.string()),
    })
    .check(
      z.refine((r) => (r.name === undefined) !== (r.selector === undefined), 'a read has exactly one of name (a GET) or selector (a LIST of pods)'),
      z.refine(
        (r) =>
          r.selector === undefined ||
          (r.status !== 'absent' && (r.kind === 'Pod' || ((r.kind === 'Deployment' || r.kind === 'StatefulSet') && !Object.keys(r.selector).length))),
        'a selector read lists Pods (or, with selector {}, every Deployment or StatefulSet) and is never absent',
      ),
      z.refine((r) => r.message === undefined || isUnavailableStatus(r.status), 'message goes with status denied, failed or unusable'),
    );

  /** docs/design/SPEC.md §7: the `kubernetes:` mapping form, objects plus the reads that gave (or did not give) them. */
  const kubeRecordSchema = z.strictObject({ objects: z.optional(z.array(z.unknown())), reads: z.optional(z.array(kubeReadSchema)) });

  const snapshotSchema = z.strictObject({
    apiVersion: z.literal('cart-doctor/v1'),
    kind: z.literal('Snapshot'),
    target: z.optional(targetSchema),
    aws: z.optional(z.array(entrySchema)),
    // A list (v1: the whole cluster as far as the target goes) or the mapping form, checked below.
    kubernetes: z.optional(
      z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())], {
        error: 'a list of Kubernetes objects, or a mapping { objects: [...], reads: [...] }',
      }),
    ),
  });
  return { targetSchema, entrySchema, kubeRecordSchema, snapshotSchema };
}

let schemas: ReturnType<typeof buildSchemas> | undefined;
const snapshotSchemas = () => (schemas ??= buildSchemas());

export type SnapshotEntry = z.infer<ReturnType<typeof buildSchemas>['entrySchema']>;
export type SnapshotTarget = z.infer<ReturnType<typeof buildSchemas>['targetSchema']>;

export interface Snapshot {
  file: string;
  target: SnapshotTarget;
  aws: SnapshotEntry[];
  kubernetes?: KubeSource;
  /** Answers a replay can judge: see usableAnswers. */
  usable: number;
  warnings: string[];
}

/**
 * How much a snapshot knows: AWS answers (outputs and API errors), Kubernetes objects, and
 * reads that found an object absent. What was denied or failed counts for nothing.
 */
export function usableAnswers(aws: readonly SnapshotEntry[], objects: number, reads?: readonly KubeRead[]): number {
  const awsAnswers = aws.filter((e) => !isUnavailableStatus(e.status)).length;
  return awsAnswers + objects + (reads ?? []).filter((r) => r.status === 'absent').length;
}

function zodFailure(error: z.core.$ZodError, file: string, prefix: (string | number)[] = []): InputError {
  const issue = error.issues[0]!;
  return new InputError(issue.message, file, formatZodPath([...prefix, ...issue.path]) || 'top level');
}

export async function parseSnapshot(text: string, file: string): Promise<Snapshot> {
  const { value, warnings } = await snapshotDocument(text, file);
  const result = snapshotSchemas().snapshotSchema.safeParse(value);
  if (!result.success) throw zodFailure(result.error, file);
  const snap = result.data;
  const aws = snap.aws ?? [];
  const target = snap.target ?? {};
  if (snap.kubernetes === undefined) return { file, target, aws, warnings, usable: usableAnswers(aws, 0) };

  const { objects: raw, reads, place } = kubeRecord(snap.kubernetes, file);
  const objects = raw.flatMap((obj, i) => collectObjects(obj, `${file}: ${place}[${i}]`, warnings));
  const description = `snapshot ${file}`;
  const kubernetes = reads ? new RecordedReadsKubeSource(description, objects, reads) : new InMemoryKubeSource(description, objects);
  return { file, target, aws, kubernetes, warnings, usable: usableAnswers(aws, objects.length, reads) };
}

/**
 * The snapshot's one document: by the fast block reader when it can, else by the yaml library
 * (which words every error and warning). The library loads only then: a recorded snapshot never needs it.
 */
async function snapshotDocument(text: string, file: string): Promise<{ value: unknown; warnings: string[] }> {
  const fast = parseBlockYaml(text);
  if (fast !== undefined) return { value: fast, warnings: [] };
  const { parseYaml } = await import('./yaml.js');
  const parsed = parseYaml(text, file);
  if (parsed.documents.length !== 1) {
    throw new InputError(`a snapshot is one YAML document, found ${parsed.documents.length}`, file);
  }
  return { value: parsed.documents[0]!.value, warnings: [...parsed.warnings] };
}

/** The list form (every object) or the mapping form (objects and the reads behind them). */
function kubeRecord(value: unknown[] | Record<string, unknown>, file: string): { objects: unknown[]; reads?: KubeRead[]; place: string } {
  if (Array.isArray(value)) return { objects: value, place: 'kubernetes' };
  const result = snapshotSchemas().kubeRecordSchema.safeParse(value);
  if (!result.success) throw zodFailure(result.error, file, ['kubernetes']);
  return { objects: result.data.objects ?? [], reads: result.data.reads, place: 'kubernetes.objects' };
}

/** Every recorded key has an equal value in the request; extra request keys are ignored. */
export function inputContains(request: unknown, recorded: unknown): boolean {
  if (recorded === null || typeof recorded !== 'object') return Object.is(request, recorded);
  if (request === null || typeof request !== 'object') return false;
  if (Array.isArray(recorded)) {
    return Array.isArray(request) && request.length === recorded.length && recorded.every((v, i) => inputContains(request[i], v));
  }
  return Object.entries(recorded).every(([k, v]) => inputContains((request as Record<string, unknown>)[k], v));
}

/** Replays recorded calls (docs/design/SPEC.md §5): first entry whose service, operation, input and region fit. */
export class SnapshotAwsSource implements AwsSource {
  readonly description: string;
  /** Entries by `service:operation`, in file order: a lookup scans one operation's entries, not the file. */
  private readonly byOperation = new Map<string, Snapshot['aws']>();
  constructor(snapshot: Pick<Snapshot, 'file' | 'aws'>) {
    this.description = `snapshot ${snapshot.file}`;
    for (const e of snapshot.aws) {
      const key = `${e.service}:${e.operation}`;
      const list = this.byOperation.get(key);
      if (list) list.push(e);
      else this.byOperation.set(key, [e]);
    }
  }

  async call(call: AwsCall): Promise<Record<string, unknown>> {
    const entry = this.byOperation
      .get(`${call.service}:${call.operation}`)
      ?.find(
        (e) =>
          (e.input === undefined || inputContains(call.input, e.input)) && (e.region === undefined || call.region === undefined || e.region === call.region),
      );
    if (!entry) {
      const where = call.region ? ` in ${call.region}` : '';
      throw new FactUnavailable('not-recorded', `${call.service}:${call.operation} ${JSON.stringify(call.input)}${where} is not in ${this.description}`);
    }
    if (isUnavailableStatus(entry.status)) {
      throw new FactUnavailable(entry.status, entry.message ?? `${call.service}:${call.operation} is recorded as ${entry.status} in ${this.description}`);
    }
    if (entry.error) throw new AwsApiError(entry.error.name, entry.error.message ?? entry.error.name, call);
    return structuredClone(entry.output ?? {});
  }
}

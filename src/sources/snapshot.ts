import * as z from 'zod';
import { FactUnavailable, InputError } from '../errors.js';
import { InMemoryKubeSource, collectObjects } from './objects.js';
import { parseYaml } from './yaml.js';
import { AwsApiError, type AwsCall, type AwsSource } from './types.js';
import { formatZodPath } from '../config/zod-place.js';

const targetSchema = z
  .object({
    namespace: z.string(),
    deployment: z.string(),
    serviceAccount: z.string(),
    table: z.string(),
    role: z.string(),
    cluster: z.string(),
    region: z.string(),
  })
  .partial()
  .strict();

const entrySchema = z
  .object({
    service: z.enum(['dynamodb', 'iam', 'eks', 'sts']),
    operation: z.string().regex(/^[A-Z][A-Za-z]+$/, 'an SDK v3 command name without "Command", e.g. DescribeTable'),
    region: z.string().optional(),
    input: z.record(z.string(), z.unknown()).optional(),
    output: z.record(z.string(), z.unknown()).optional(),
    error: z.object({ name: z.string(), message: z.string().optional() }).optional(),
  })
  .strict()
  .refine((e) => (e.output === undefined) !== (e.error === undefined), 'an entry has exactly one of output or error');

const snapshotSchema = z
  .object({
    apiVersion: z.literal('cart-doctor/v1'),
    kind: z.literal('Snapshot'),
    target: targetSchema.optional(),
    aws: z.array(entrySchema).optional(),
    kubernetes: z.array(z.unknown()).optional(),
  })
  .strict();

export type SnapshotEntry = z.infer<typeof entrySchema>;
export type SnapshotTarget = z.infer<typeof targetSchema>;

export interface Snapshot {
  file: string;
  target: SnapshotTarget;
  aws: SnapshotEntry[];
  kubernetes?: InMemoryKubeSource;
  warnings: string[];
}

export function parseSnapshot(text: string, file: string): Snapshot {
  const parsed = parseYaml(text, file);
  if (parsed.documents.length !== 1) {
    throw new InputError(`a snapshot is one YAML document, found ${parsed.documents.length}`, file);
  }
  const result = snapshotSchema.safeParse(parsed.documents[0]!.value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new InputError(issue.message, file, formatZodPath(issue.path) || 'top level');
  }
  const warnings = [...parsed.warnings];
  const snap = result.data;
  const kubernetes =
    snap.kubernetes === undefined
      ? undefined
      : new InMemoryKubeSource(
          `snapshot ${file}`,
          snap.kubernetes.flatMap((obj, i) => collectObjects(obj, `${file}: kubernetes[${i}]`, warnings)),
        );
  return { file, target: snap.target ?? {}, aws: snap.aws ?? [], kubernetes, warnings };
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

/** Replays recorded calls (SPEC §5): first entry whose service, operation, input and region fit. */
export class SnapshotAwsSource implements AwsSource {
  readonly description: string;
  constructor(private readonly snapshot: Snapshot) {
    this.description = `snapshot ${snapshot.file}`;
  }

  async call(call: AwsCall): Promise<Record<string, unknown>> {
    const entry = this.snapshot.aws.find(
      (e) =>
        e.service === call.service &&
        e.operation === call.operation &&
        (e.input === undefined || inputContains(call.input, e.input)) &&
        (e.region === undefined || call.region === undefined || e.region === call.region),
    );
    if (!entry) {
      const where = call.region ? ` in ${call.region}` : '';
      throw new FactUnavailable(
        'not-recorded',
        `${call.service}:${call.operation} ${JSON.stringify(call.input)}${where} is not in ${this.description}`,
      );
    }
    if (entry.error) throw new AwsApiError(entry.error.name, entry.error.message ?? entry.error.name, call);
    return structuredClone(entry.output ?? {});
  }
}

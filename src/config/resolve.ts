import '../zod-setup.js';
import * as z from 'zod/mini';
import { InputError } from '../errors.js';
import { formatZodPath } from './zod-place.js';
import { PRESETS } from './presets.js';
import { PLATFORMS } from './platform.js';
import type { Expectations, PresetName, ResolvedConfig, Target } from './types.js';

/**
 * The config file's schema, built on first use: most runs have no config file, and building zod
 * schemas is a real share of a short run's start-up.
 */
function buildConfigSchema() {
  const name = z.string().check(z.minLength(1));
  const key = z.strictObject({ name, type: z.enum(['S', 'N', 'B']) });

  const targetSchema = z.partial(
    z.strictObject({ namespace: name, deployment: name, serviceAccount: name, table: name, role: name, region: name, cluster: name }),
  );

  const expectationsSchema = z.partial(
    z.strictObject({
      partitionKey: key,
      billingMode: z.enum(['PAY_PER_REQUEST', 'PROVISIONED']),
      gsis: z.array(z.strictObject({ name, hashKey: key })),
      // An empty list would leave policy checks judging nothing ("grants  on any resource").
      permissions: z
        .array(
          z.strictObject({
            action: z.string().check(z.regex(/^[a-zA-Z0-9-]+:[A-Za-z*?]+$/, 'an IAM action such as dynamodb:GetItem')),
            index: z.optional(name),
          }),
        )
        .check(z.minLength(1, "must name at least one action (leave permissions out to keep the preset's)")),
      tableNameVars: z.array(name).check(z.minLength(1)),
      requiredVars: z.array(z.strictObject({ name, equals: z.optional(z.string()) })),
      legacyVarPatterns: z.array(name),
      audience: name,
      localDynamoImages: z.array(name).check(z.minLength(1)),
    }),
  );

  const presetSchema = z.enum(['guide', 'retail-store']);

  // `suppress` entries are checked one by one in config/suppress.ts, for messages that name the entry.
  const configSchema = z.strictObject({
    preset: z.optional(presetSchema),
    platform: z.optional(z.enum(PLATFORMS)),
    target: z.optional(targetSchema),
    expectations: z.optional(expectationsSchema),
    suppress: z.optional(z.unknown()),
  });
  return configSchema;
}

let configSchema: ReturnType<typeof buildConfigSchema> | undefined;

export type ConfigFile = z.infer<ReturnType<typeof buildConfigSchema>>;
export type TargetOverrides = Partial<Target>;

/** Async only to load the YAML reader when there is a config file to read: most runs have none. */
export async function parseConfig(text: string, file: string): Promise<ConfigFile> {
  const { parseYaml } = await import('../sources/yaml.js');
  const parsed = parseYaml(text, file);
  if (parsed.documents.length > 1) throw new InputError(`a config is one YAML document, found ${parsed.documents.length}`, file);
  const value = parsed.documents[0]?.value ?? {};
  const result = (configSchema ??= buildConfigSchema()).safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new InputError(issue.message, file, formatZodPath(issue.path) || 'top level');
  }
  return result.data;
}

export function parsePreset(value: string, where: string): PresetName {
  if (value !== 'guide' && value !== 'retail-store') throw new InputError(`unknown preset "${value}" (choose guide or retail-store)`, where);
  return value;
}

/**
 * Precedence (docs/design/SPEC.md §2.1): flags over the config file over a snapshot's `target:` block over
 * (in a pod) the pod's namespace over the preset. Undefined values never override.
 */
export function resolveConfig(opts: {
  preset?: PresetName;
  config?: ConfigFile;
  /** A recorded snapshot's `target:` block, with the preset the recording run used (docs/design/SPEC.md §7). */
  snapshotTarget?: TargetOverrides & { preset?: PresetName };
  /** In a pod: its own namespace, which beats only the preset's (kubectl defaults to it too). */
  podNamespace?: string;
  flags: TargetOverrides;
}): ResolvedConfig {
  const { preset: recordedPreset, ...snapshotTarget } = opts.snapshotTarget ?? {};
  const presetName = opts.preset ?? opts.config?.preset ?? recordedPreset ?? 'guide';
  const preset = PRESETS[presetName];
  const target: Target = { ...preset.target };
  for (const layer of [{ namespace: opts.podNamespace }, snapshotTarget, opts.config?.target, opts.flags]) {
    for (const [k, v] of Object.entries(layer ?? {})) {
      if (v !== undefined && v !== '') (target as unknown as Record<string, string>)[k] = v;
    }
  }
  const overrides = opts.config?.expectations ?? {};
  const expect: Expectations = {
    ...preset.expect,
    ...Object.fromEntries(Object.entries(overrides).filter(([k]) => k !== 'permissions')),
    ...(overrides.permissions && {
      permissions: overrides.permissions.map((p) => ({ action: p.action, on: p.index ? { index: p.index } : ('table' as const) })),
    }),
    preset: presetName,
  };
  return { target, expect };
}

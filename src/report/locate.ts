import type { Target } from '../config/types.js';
import { ROLE_ARN_ANNOTATION } from '../facts/kube-facts.js';
import { comment, snippet } from '../checks/lib/fix.js';
import type { CheckResult, ResultLocation } from './model.js';
import { positionsOf, type FieldPath } from '../sources/positions.js';
import type { KubeKind, KubeObject } from '../sources/types.js';

/** Where a result's wrong field is written, and the YAML edit that fixes it there (when the run knows it). */
export interface Located {
  location: ResultLocation;
  edit?: string;
}

/** The object `kubectl apply` of the input would leave (the in-memory source's own choice). */
export type ObjectLookup = (kind: KubeKind, name: string) => Promise<KubeObject | undefined>;

const POD_SPEC: FieldPath = ['spec', 'template', 'spec'];
const CONTAINER_LISTS = ['containers', 'initContainers'] as const;

/**
 * Adds `location` (and, for a Kubernetes-side fix, the file edit before the cluster commands)
 * to every failing or warning result whose wrong field is written in `-f` input. Done here,
 * once, from each check's id and evidence, so the checks stay pure judgements of facts.
 */
export async function locateResults(results: CheckResult[], target: Target, lookup: ObjectLookup): Promise<CheckResult[]> {
  return Promise.all(
    results.map(async (result) => {
      if (result.status !== 'fail' && result.status !== 'warn') return result;
      const found = await locate(result, target, lookup);
      if (!found) return result;
      const remediation = found.edit ? fileFix(found, result.remediation) : result.remediation;
      return { ...result, remediation, location: found.location };
    }),
  );
}

/**
 * The file edit comes first: the pre-deploy hook is about to apply these files, so a live
 * `kubectl` change would be undone (or would run ahead of the deploy). Those lines stay, as
 * comments, for a cluster already running the files; AWS-side commands of the same fix stay code.
 */
function fileFix({ location, edit }: Located, remediation: string): string {
  return snippet(
    comment(`${location.file} line ${location.line}: ${edit}`),
    comment('then apply the files as the deploy does. The live kubectl fix, for a cluster already running them:'),
    remediation.replace(/^(\s*kubectl\b)/gm, '# $1'),
  );
}

async function locate(result: CheckResult, target: Target, lookup: ObjectLookup): Promise<Located | undefined> {
  const deployment = () => lookup('Deployment', target.deployment);
  switch (result.id) {
    case 'deployment.service-account':
      return serviceAccountName(await deployment(), target.serviceAccount, true);
    case 'sa.exists': {
      // An absent object has no line: the field that names it does.
      const named = serviceAccountName(await deployment(), target.serviceAccount, false);
      return named && { ...named, edit: `names ServiceAccount ${target.serviceAccount}, which no input defines: add the manifest written below to the files` };
    }
    case 'region.match': {
      const region = /\bAWS_REGION=(\S+)/.exec(result.remediation)?.[1];
      return region ? setVariable(await deployment(), lookup, 'AWS_REGION', region) : undefined;
    }
    case 'sa.annotation':
      return roleArnAnnotation(await lookup('ServiceAccount', target.serviceAccount), result);
    case 'env.local-endpoint':
    case 'env.static-credentials':
      return envVariable(await deployment(), lookup, firstNamed(result.evidence.actual), (name) => `remove ${name}`);
    case 'env.create-table':
      return envVariable(await deployment(), lookup, firstNamed(result.evidence.actual), (name) => `set ${name} to "false" (or remove it)`);
    case 'env.table-name':
      return tableName(await deployment(), lookup, result);
    default:
      return undefined;
  }
}

function at(obj: KubeObject | undefined, path: FieldPath): ResultLocation | undefined {
  const positions = obj && positionsOf(obj);
  const pos = positions?.at(path);
  return positions && pos ? { file: positions.file, line: pos.line, column: pos.column } : undefined;
}

function serviceAccountName(d: KubeObject | undefined, wanted: string, withEdit: boolean): Located | undefined {
  const written = at(d, [...POD_SPEC, 'serviceAccountName']);
  if (written) return { location: written, ...(withEdit && { edit: `set serviceAccountName: ${wanted}` }) };
  const podSpec = at(d, POD_SPEC);
  if (podSpec) return { location: podSpec, ...(withEdit && { edit: `add serviceAccountName: ${wanted} under spec.template.spec` }) };
  return undefined;
}

function roleArnAnnotation(sa: KubeObject | undefined, result: CheckResult): Located | undefined {
  // The ARN the run's own fix writes; a missing role is fixed in AWS, not in the file.
  const arn = /eks\.amazonaws\.com\/role-arn=(\S+)/.exec(result.remediation)?.[1];
  const edit = (how: string) => (arn && result.evidence.expected !== 'an existing role' ? { edit: how } : {});
  const annotation = at(sa, ['metadata', 'annotations', ROLE_ARN_ANNOTATION]);
  if (annotation) return { location: annotation, ...edit(`set ${ROLE_ARN_ANNOTATION}: ${arn}`) };
  const annotations = at(sa, ['metadata', 'annotations']);
  if (annotations) return { location: annotations, ...edit(`add ${ROLE_ARN_ANNOTATION}: ${arn} under metadata.annotations`) };
  const metadata = at(sa, ['metadata']);
  return metadata && { location: metadata, ...edit(`add under metadata: annotations: {${ROLE_ARN_ANNOTATION}: ${arn}}`) };
}

/** The first `{name, container?}` of an evidence list (the env checks' `actual`). */
function firstNamed(actual: unknown): { name: string; container?: string } | undefined {
  const first = Array.isArray(actual) ? (actual[0] as Record<string, unknown> | undefined) : undefined;
  return typeof first?.name === 'string' ? { name: first.name, container: typeof first.container === 'string' ? first.container : undefined } : undefined;
}

const list = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => !!v && typeof v === 'object') : [];
const field = (obj: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);

/**
 * Where variable `name` is written: its env entry, else the ConfigMap key an envFrom brings in, else that envFrom entry.
 * `lines` are the whole lines that write it and nothing else (a ConfigMap key, an env entry of only name and value),
 * when deleting them removes exactly that variable; absent when the doctor cannot be sure.
 */
export async function findVariable(
  d: KubeObject | undefined,
  lookup: ObjectLookup,
  name: string,
  container?: string,
): Promise<(ResultLocation & { lines?: number[] }) | undefined> {
  if (!d) return undefined;
  const envFromHits: (ResultLocation & { lines?: number[] })[] = [];
  for (const listName of CONTAINER_LISTS) {
    const containers = list(field(d, 'spec', 'template', 'spec', listName));
    for (const [i, c] of containers.entries()) {
      if (container && c.name !== container) continue;
      const envIndex = list(c.env)
        .map((e) => e.name)
        .lastIndexOf(name);
      const env = envIndex >= 0 ? at(d, [...POD_SPEC, listName, i, 'env', envIndex]) : undefined;
      if (env) return { ...env, ...entryLines(d, [...POD_SPEC, listName, i, 'env', envIndex], list(c.env)[envIndex]!) };
      for (const [k, ref] of list(c.envFrom).entries()) {
        const configMap = field(ref, 'configMapRef', 'name');
        const key =
          typeof configMap === 'string'
            ? at(await lookup('ConfigMap', configMap), ['data', name.slice(typeof ref.prefix === 'string' ? ref.prefix.length : 0)])
            : undefined;
        const entry = key
          ? { ...key, lines: [key.line] }
          : field(ref, 'secretRef', 'name') !== undefined
            ? at(d, [...POD_SPEC, listName, i, 'envFrom', k])
            : undefined;
        if (entry) envFromHits.push(entry);
      }
    }
  }
  return envFromHits[0];
}

/** `- name: X` / `value: y` on two adjacent lines: those two lines are the entry. */
function entryLines(d: KubeObject, path: FieldPath, entry: Record<string, unknown>): { lines?: number[] } {
  if (Object.keys(entry).sort().join() !== 'name,value' || typeof entry.value !== 'string' || entry.value.includes('\n')) return {};
  const name = at(d, [...path, 'name'])?.line;
  const value = at(d, [...path, 'value'])?.line;
  return name && value && Math.abs(name - value) === 1 ? { lines: [Math.min(name, value), Math.max(name, value)] } : {};
}

type Named = { name: string; container?: string };

async function envVariable(d: KubeObject | undefined, lookup: ObjectLookup, hit: Named | undefined, edit: (name: string) => string) {
  if (!hit) return undefined;
  const location = await findVariable(d, lookup, hit.name, hit.container);
  return location && { location, edit: edit(hit.name) };
}

/** The first expected variable whose value differs: its entry, or (when absent) the first container. */
async function tableName(d: KubeObject | undefined, lookup: ObjectLookup, result: CheckResult): Promise<Located | undefined> {
  const expected = (result.evidence.expected ?? {}) as Record<string, unknown>;
  const actual = (result.evidence.actual ?? {}) as Record<string, unknown>;
  const wrong = Object.entries(expected).find(([name, value]) => value !== '(set)' && actual[name] !== value);
  if (!wrong) return undefined;
  return setVariable(d, lookup, wrong[0], String(wrong[1]));
}

/** Where variable `name` gets `value`: its entry when written, else the first container. */
async function setVariable(d: KubeObject | undefined, lookup: ObjectLookup, name: string, value: string): Promise<Located | undefined> {
  const entry = await findVariable(d, lookup, name);
  if (entry) return { location: entry, edit: `set ${name} to "${value}"` };
  const container = at(d, [...POD_SPEC, 'containers', 0]);
  return container && { location: container, edit: `add an env entry {name: ${name}, value: "${value}"} to this container` };
}

/**
 * deploy/: the pre-deploy Job as plain manifests and a kustomization. Each render (the files as
 * kustomize would combine them, and `kubectl kustomize` itself when kubectl is here) must be a
 * coherent hook: every object a Helm pre-install/pre-upgrade and Argo CD PreSync hook, the
 * Job's needs created before it, the Job running as the ServiceAccount bound to exactly the
 * RBAC `cart-doctor permissions` prints, and its command accepted by the built CLI.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } } & Record<string, any>;

const DEPLOY = join(REPO_ROOT, 'deploy');
const docs = (text: string, file: string): Obj[] =>
  parseAllDocuments(text).map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0]!.message}`);
    return d.toJS() as Obj;
  });
const kustomization = docs(readFileSync(join(DEPLOY, 'kustomization.yaml'), 'utf8'), 'kustomization.yaml')[0] as unknown as {
  namespace: string;
  resources: string[];
  configMapGenerator: { name: string; files: string[] }[];
  generatorOptions: { annotations: Record<string, string> };
};

/** The files combined as kustomize does for this kustomization (namespace set, ConfigMap generated). */
function renderByHand(): Obj[] {
  const resources = kustomization.resources.flatMap((f) => docs(readFileSync(join(DEPLOY, f), 'utf8'), f));
  const generated = kustomization.configMapGenerator.map((g) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: g.name, annotations: kustomization.generatorOptions.annotations },
    data: Object.fromEntries(g.files.map((f) => [basename(f), readFileSync(join(DEPLOY, f), 'utf8')])),
  }));
  return [...resources, ...generated].map((o) => ({ ...o, metadata: { ...o.metadata, namespace: kustomization.namespace } }));
}

const kubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!kubectl) {
  if (process.env.CI === 'true') throw new Error('kubectl is missing, and CI must render deploy/ with `kubectl kustomize`');
  console.warn('kubectl not found: deploy/ is checked as written, not as `kubectl kustomize` renders it');
}
function renderByKubectl(): Obj[] {
  const r = spawnSync('kubectl', ['kustomize', DEPLOY], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kubectl kustomize deploy/: ${r.stderr}`);
  return docs(r.stdout, 'kubectl kustomize deploy/');
}

const RBAC = docs(readFileSync(join(REPO_ROOT, 'permissions/cart-doctor-rbac.yaml'), 'utf8'), 'permissions/cart-doctor-rbac.yaml');

/** A ConfigMap volume as the kubelet writes it: files in `..<timestamp>/`, `..data` linking there, each key a link into `..data`. */
function mountConfigMap(data: Record<string, string>): string {
  const mount = mkdtempSync(join(tmpdir(), 'cd-configmap-'));
  const stamped = '..2026_11_30_18_00_00.000000001';
  mkdirSync(join(mount, stamped));
  symlinkSync(stamped, join(mount, '..data'));
  for (const [key, value] of Object.entries(data)) {
    writeFileSync(join(mount, stamped, key), value);
    symlinkSync(join('..data', key), join(mount, key));
  }
  return mount;
}

const renders: [string, () => Obj[]][] = [
  ['the files as written', renderByHand],
  ...(kubectl ? [['kubectl kustomize', renderByKubectl] as [string, () => Obj[]]] : []),
];

describe.each(renders)('deploy/ (%s)', (_name, render) => {
  const objects = render();
  const one = (kind: string) => {
    const found = objects.filter((o) => o.kind === kind);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const job = one('Job');
  const pod = job.spec.template.spec;
  const container = pod.containers[0];

  it('holds exactly the hook objects, all in one namespace', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Job', 'Role', 'RoleBinding', 'ServiceAccount']);
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set([kustomization.namespace]));
  });

  it('makes every object a Helm pre-install/pre-upgrade and Argo CD PreSync hook, the Job last', () => {
    for (const o of objects) {
      const a = o.metadata.annotations ?? {};
      expect([o.kind, a['helm.sh/hook'], a['argocd.argoproj.io/hook'], a['helm.sh/hook-delete-policy'], a['argocd.argoproj.io/hook-delete-policy']]).toEqual([
        o.kind,
        'pre-install,pre-upgrade',
        'PreSync',
        'before-hook-creation',
        'BeforeHookCreation',
      ]);
    }
    const weight = (o: Obj, key: string) => Number(o.metadata.annotations![key]);
    for (const o of objects.filter((x) => x !== job)) {
      expect(weight(o, 'helm.sh/hook-weight')).toBeLessThan(weight(job, 'helm.sh/hook-weight'));
      expect(weight(o, 'argocd.argoproj.io/sync-wave')).toBeLessThan(weight(job, 'argocd.argoproj.io/sync-wave'));
    }
  });

  it("runs as its own ServiceAccount, with the doctor's IRSA role and the RBAC of `cart-doctor permissions`", () => {
    const sa = one('ServiceAccount');
    const role = one('Role');
    const binding = one('RoleBinding');
    expect(pod.serviceAccountName).toBe(sa.metadata.name);
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(sa.metadata.annotations!['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::\d{12}:role\/[\w+=,.@-]+$/);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: kustomization.namespace }]);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
    const printed = RBAC.find((o) => o.kind === 'Role')!;
    expect(role.rules).toEqual(printed.rules);
    expect(role.metadata.name).toBe(printed.metadata.name);
  });

  it('gives the exit code the verdict: no retry, no restart', () => {
    expect(job.spec.backoffLimit).toBe(0);
    expect(pod.restartPolicy).toBe('Never');
    expect(container.command).toEqual(['cart-doctor']);
  });

  it('runs a check the built CLI accepts, on the mounted ConfigMap, printing JSON: the example release passes', () => {
    const args: string[] = container.args;
    const flag = (name: string) => args[args.indexOf(name) + 1];
    expect([args[0], flag('-o'), flag('-n')]).toEqual(['check', 'json', kustomization.namespace]);
    const mount = container.volumeMounts.find((m: { mountPath: string }) => m.mountPath === flag('-f'));
    const volume = pod.volumes.find((v: { name: string }) => v.name === mount.name);
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap.name)!;
    const dir = mountConfigMap(configMap.data);
    // The AWS side from the healthy guide's recording, so the run is offline.
    const run = runCli([...args.map((a) => (a === flag('-f') ? dir : a)), '--snapshot', 'fixtures/healthy-guide.yaml']);
    const report = JSON.parse(run.stdout) as { exitCode: number; warnings: string[]; summary: Record<string, number> };
    expect({ status: run.status, stderr: run.stderr, warnings: report.warnings, fail: report.summary.fail }).toEqual({
      status: 0,
      stderr: '',
      warnings: [],
      fail: 0,
    });
  });
});

/**
 * Issue 8 (D10, D11, D13 b–f): hostile or broken input through the built CLI is one clear
 * stderr line naming file and place, exit 3 — never a TypeError, a raw Node error or a warning.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { fsCall } from '../../src/sources/manifests.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cd-robust-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const SNAPSHOT = 'fixtures/healthy-guide.yaml';

const sa = (metadata: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata: ${metadata}\n`;
const loop = join(dir, 'loop-a.yaml');
symlinkSync(join(dir, 'loop-b.yaml'), loop);
symlinkSync(loop, join(dir, 'loop-b.yaml'));
const folderWithDangling = join(dir, 'dangling');
mkdirSync(folderWithDangling);
symlinkSync(join(dir, 'gone.yaml'), join(folderWithDangling, 'x.yaml'));

describe('bad input → exit 3, one line naming file and place', () => {
  it.each([
    [
      'D10 annotations that are a number',
      ['-f', file('ann.yaml', `---\nkind: ConfigMap\nmetadata: { name: x }\n---\n${sa('{ name: cart-sa, annotations: 5 }')}`)],
      /ann\.yaml: document 2 \(line \d+\) \(ServiceAccount cart-sa\): metadata\.annotations must be a map of strings$/,
    ],
    [
      'D10 labels holding a map',
      ['-f', file('labels.yaml', sa('{ name: cart-sa, labels: { app: { x: 1 } } }'))],
      /labels\.yaml: document 1 .*metadata\.labels\.app must be a string$/,
    ],
    [
      'D10 containers not a list',
      ['-f', file('dep.yaml', 'kind: Deployment\nmetadata: { name: cart-deployment }\nspec: { template: { spec: { containers: 5 } } }\n')],
      /dep\.yaml: .*\(Deployment cart-deployment\): spec\.template\.spec\.containers must be a list$/,
    ],
    [
      'D10 env entry not a map',
      ['-f', file('env.yaml', 'kind: Pod\nmetadata: { name: p }\nspec: { containers: [{ name: c, env: [5] }] }\n')],
      /env\.yaml: .*\(Pod p\): spec\.containers\[0\]\.env\[0\] must be a map$/,
    ],
    [
      'D10 ConfigMap data holding a list',
      ['-f', file('cm.yaml', 'kind: ConfigMap\nmetadata: { name: cm }\ndata: { TABLE_NAME: [a] }\n')],
      /cm\.yaml: .*\(ConfigMap cm\): data\.TABLE_NAME must be a string$/,
    ],
    [
      'D10 in a snapshot',
      [
        '--snapshot',
        file(
          'snap.yaml',
          'apiVersion: cart-doctor/v1\nkind: Snapshot\naws: []\nkubernetes:\n  - { kind: ServiceAccount, metadata: { name: cart-sa, annotations: 5 } }\n',
        ),
      ],
      /snap\.yaml: kubernetes\[0\] \(ServiceAccount cart-sa\): metadata\.annotations must be a map of strings$/,
    ],
    [
      // A kind named like an Object.prototype member is checked by the common shape, not looked up as a method.
      'D10 a kind named constructor',
      ['-f', file('proto-kind.yaml', 'kind: constructor\nmetadata: { name: x, labels: 5 }\n')],
      /proto-kind\.yaml: document 1 .*\(constructor x\): metadata\.labels must be a map of strings$/,
    ],
    ['D11 --timeout abc', ['--snapshot', SNAPSHOT, '--timeout', 'abc'], /^cart-doctor: --timeout: must be a number of seconds from 1 to 300$/],
    [
      'D11 --timeout 1e12',
      ['--snapshot', SNAPSHOT, '--timeout', '1e12'],
      /^cart-doctor: --timeout: must be a number of seconds from 1 to 300, not 1000000000000$/,
    ],
    ['D11 --deadline 0', ['--snapshot', SNAPSHOT, '--deadline', '0'], /^cart-doctor: --deadline: must be a number of seconds from 1 to 3600, not 0$/],
    [
      'D11 --logs-lines abc',
      ['--snapshot', SNAPSHOT, '--logs-file', SNAPSHOT, '--logs-lines', 'abc'],
      /^cart-doctor: --logs-lines: must be a whole number of lines from 1 to 100000$/,
    ],
    [
      'D11 --logs-pods 1e9',
      ['--snapshot', SNAPSHOT, '--logs-file', SNAPSHOT, '--logs-pods', '1e9'],
      /^cart-doctor: --logs-pods: must be a whole number of pods from 1 to 100, not 1000000000$/,
    ],
    [
      'D13b unrendered Helm template',
      ['-f', file('helm.yaml', `${sa('\n  name: cart-sa\n  annotations:\n    eks.amazonaws.com/role-arn: {{ .Values.roleArn }}')}`)],
      /helm\.yaml: line 6, column \d+: looks like an unrendered Helm template: run helm template first$/,
    ],
    [
      'D13c multi-document config',
      ['--snapshot', SNAPSHOT, '--config', file('multi.yaml', 'target: { table: A }\n---\ntarget: { table: B }\n')],
      /multi\.yaml: a config is one YAML document, found 2$/,
    ],
    [
      'D13d empty permissions',
      ['--snapshot', SNAPSHOT, '--config', file('perm.yaml', 'expectations: { permissions: [] }\n')],
      /perm\.yaml: expectations\.permissions: must name at least one action/,
    ],
    ['D13f missing -f file', ['-f', join(dir, 'nope.yaml')], /nope\.yaml: no such file$/],
    ['D13f symlink loop', ['-f', loop], /loop-a\.yaml: symlink loop$/],
    ['D13f dangling link in a folder', ['-f', folderWithDangling], /x\.yaml: no such file$/],
  ])('%s', (_name, args, pattern) => {
    const run = runCli(['check', ...args]);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toEqual([expect.stringMatching(pattern)]);
    expect(run.stderr).not.toMatch(/TypeError|RangeError|\[object Object\]|Warning:|\n\s+at /);
  });

  it('D13e a context naming a missing cluster says so', () => {
    const kubeconfig = file(
      'kubeconfig',
      'apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: other\n  cluster: { server: "http://127.0.0.1:1" }\ncontexts:\n- name: c\n  context: { cluster: missing, user: u }\nusers:\n- name: u\n  user: { token: t }\n',
    );
    const run = runCli(['check', '--kubeconfig', kubeconfig, '--region', 'ap-south-1', '--cluster', 'c']);
    expect(run.status).toBe(3);
    expect(run.stderr.trimEnd().split('\n')).toEqual([`cart-doctor: ${kubeconfig}: context "c" names cluster "missing", which is not in the kubeconfig`]);
  });
});

describe('file-system errors in words (D13f)', () => {
  // EACCES cannot be provoked as root (CI containers), so the mapping is tested directly.
  it.each([
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['ELOOP', 'symlink loop'],
    ['ENOENT', 'no such file'],
    ['EMFILE', 'cannot read: EMFILE'],
  ])('%s → %s', (code, words) => {
    const err = (() => {
      try {
        fsCall(() => {
          throw Object.assign(new Error(`${code}: raw`), { code });
        }, 'x.yaml');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).line()).toBe(`x.yaml: ${words}`);
  });
});

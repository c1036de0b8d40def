import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifests } from '../../src/sources/manifests.js';
import { InputError } from '../../src/errors.js';

const fromStdin = (text: string) => loadManifests(['-'], () => text);

describe('manifest loading', () => {
  it('reads helm template output: comments, separators, empty documents', async () => {
    const { source } = await fromStdin(
      `---\n# Source: carts/templates/sa.yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: carts\n---\n# Source: empty.yaml\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: carts\n  namespace: carts\n`,
    );
    expect(await source.get('ServiceAccount', 'carts', 'carts')).toBeDefined();
    expect(await source.get('Deployment', 'carts', 'carts')).toBeDefined();
    expect(await source.get('Deployment', 'other', 'carts')).toBeUndefined();
  });

  it('flattens List kinds and JSON input', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
        { kind: 'DeploymentList', items: [{ kind: 'Deployment', metadata: { name: 'd' } }] },
      ],
    };
    const { source } = await fromStdin(JSON.stringify(list));
    expect(await source.get('ConfigMap', 'x', 'a')).toBeDefined();
    expect(await source.get('Deployment', 'x', 'd')).toBeDefined();
  });

  it('duplicate keys: last wins, with a warning naming the line', async () => {
    const { source, warnings } = await fromStdin('kind: ConfigMap\nmetadata:\n  name: carts\ndata:\n  CREATE_TABLE: "false"\n  CREATE_TABLE: "true"\n');
    expect((await source.get('ConfigMap', 'n', 'carts'))?.data).toEqual({ CREATE_TABLE: 'true' });
    expect(warnings).toEqual([expect.stringMatching(/<stdin>: line 6: duplicate key "CREATE_TABLE"/)]);
  });

  it('an object with the exact namespace wins over a namespace-less one', async () => {
    const { source } = await fromStdin(
      'kind: ServiceAccount\nmetadata: { name: sa, namespace: ns }\nannotations: {}\n---\nkind: ServiceAccount\nmetadata: { name: sa }\n',
    );
    expect((await source.get('ServiceAccount', 'ns', 'sa'))?.metadata.namespace).toBe('ns');
    expect((await source.get('ServiceAccount', 'other', 'sa'))?.metadata.namespace).toBeUndefined();
  });

  it('drops Secret values and the last-applied copy at load', async () => {
    const { source } = await fromStdin(
      'kind: Secret\nmetadata:\n  name: s\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: \'{"data":{"K":"c2VjcmV0"}}\'\ndata:\n  K: c2VjcmV0\nstringData:\n  P: hunter2\n',
    );
    const secret = await source.get('Secret', 'n', 's');
    expect(secret?.data).toEqual({ K: '<redacted: value of K>' });
    expect(secret?.stringData).toEqual({ P: '<redacted: value of P>' });
    expect(JSON.stringify(secret)).not.toMatch(/c2VjcmV0|hunter2/);
  });

  it.each([
    [
      'a ConfigMap key named like a credential (the upstream carts ConfigMap)',
      'ConfigMap',
      'kind: ConfigMap\nmetadata: { name: c }\ndata:\n  AWS_SECRET_ACCESS_KEY: hunter2-cm\n  TABLE_NAME: Items\n',
    ],
    [
      'a literal credential in a Deployment template env',
      'Deployment',
      'kind: Deployment\nmetadata: { name: c }\nspec:\n  template:\n    spec:\n      containers:\n      - name: cart\n        env:\n        - { name: AWS_SECRET_ACCESS_KEY, value: hunter2-dep }\n        - { name: TABLE_NAME, value: Items }\n',
    ],
    [
      'a literal credential in a Pod env',
      'Pod',
      'kind: Pod\nmetadata: { name: c, labels: { app: cart } }\nspec:\n  containers:\n  - name: cart\n    env:\n    - { name: AWS_SESSION_TOKEN, value: hunter2-pod }\n    - { name: AWS_WEB_IDENTITY_TOKEN_FILE, value: /var/run/secrets/eks.amazonaws.com/serviceaccount/token }\n',
    ],
  ] as const)('drops the value of %s at load, keeps the rest', async (_name, kind, text) => {
    const { source } = await fromStdin(text);
    const object = kind === 'Pod' ? (await source.listPods('n', { app: 'cart' }))[0] : await source.get(kind, 'n', 'c');
    const json = JSON.stringify(object);
    expect(json).not.toMatch(/hunter2/);
    expect(json).toContain('<redacted: value of AWS_');
    // Names, other values and the token *path* stay: checks need them.
    expect(json).toMatch(/Items|serviceaccount\/token/);
  });

  it('ignores non-Kubernetes documents with a warning', async () => {
    const { warnings } = await fromStdin('replicas: 3\n---\nkind: ServiceAccount\nmetadata: { name: a }\n');
    expect(warnings[0]).toMatch(/not a Kubernetes object/);
    // …but input with no object at all is bad input: there is nothing to judge.
    await expect(fromStdin('replicas: 3\n')).rejects.toThrow(/<stdin>: holds no Kubernetes object|holds no Kubernetes object/);
  });

  it('reads folders recursively, sorted, only manifest extensions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-manifests-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'b.yml'), 'kind: ServiceAccount\nmetadata: { name: b }\n');
    writeFileSync(join(dir, 'a.json'), '{"kind":"ServiceAccount","metadata":{"name":"a"}}');
    writeFileSync(join(dir, 'notes.txt'), 'not: [yaml');
    const { source } = await loadManifests([dir], () => '');
    expect(await source.get('ServiceAccount', 'n', 'a')).toBeDefined();
    expect(await source.get('ServiceAccount', 'n', 'b')).toBeDefined();
  });

  it.each([
    ['kind: [\n', /<stdin>: line \d+, column \d+: invalid YAML/],
    ['a: *nope\n', /<stdin>/],
  ])('malformed YAML → InputError with the place (%#)', async (text, pattern) => {
    const err: unknown = await fromStdin(text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).line()).toMatch(pattern);
  });

  it('a missing file → InputError naming it', async () => {
    await expect(loadManifests(['/no/such/file.yaml'], () => '')).rejects.toThrow(/no such file/);
  });
});

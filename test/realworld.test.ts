/**
 * The upstream retail-store manifests and values files (../shared/realworld). CI has them;
 * a checkout without ../shared skips, visibly.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifests } from '../src/sources/manifests.js';
import { InputError } from '../src/errors.js';

const REALWORLD = fileURLToPath(new URL('../../shared/realworld/retail-store/', import.meta.url));
const present = existsSync(REALWORLD);
if (!present) console.warn(`realworld tests skipped: ${REALWORLD} is absent`);
const files = present ? readdirSync(REALWORLD).filter((f) => /\.(ya?ml|json)$/.test(f)) : [];

(present ? describe : describe.skip)('real upstream files', () => {
  it('there are files to test', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.length ? files : ['none'])('%s loads without a crash', async (name) => {
    try {
      await loadManifests([join(REALWORLD, name)], () => '');
    } catch (err) {
      // Only Terraform templates (`%{ if }`) may be invalid YAML; values files and compose
      // files are valid YAML with no Kubernetes object in them: bad input for -f, said as such.
      expect(err).toBeInstanceOf(InputError);
      const text = readFileSync(join(REALWORLD, name), 'utf8');
      if (!/%\{/.test(text)) expect((err as InputError).message).toMatch(/holds no Kubernetes object/);
    }
  });

  it('0.8.5 deploy.yaml: the carts objects, the duplicate key warning, no Secret values', async () => {
    const file = join(REALWORLD, 'retail-store-sample-app@0.8.5__dist__kubernetes__deploy.yaml');
    const text = readFileSync(file, 'utf8');
    const { source, warnings } = await loadManifests([file], () => '');
    expect(await source.get('Deployment', 'carts', 'carts')).toBeDefined();
    expect(await source.get('ServiceAccount', 'carts', 'carts')).toBeDefined();
    const cm = await source.get('ConfigMap', 'carts', 'carts');
    expect((cm?.data as Record<string, string>).CARTS_DYNAMODB_CREATETABLE).toBe('true');
    expect(warnings.some((w) => /duplicate key "CARTS_DYNAMODB_CREATETABLE"/.test(w))).toBe(true);
    const secretValues = [...text.matchAll(/^\s+[A-Za-z_]+: "?([A-Za-z0-9+/=]{12,})"?$/gm)].map((m) => m[1]!);
    const loaded = JSON.stringify(source.all().filter((o) => o.kind === 'Secret'));
    for (const v of secretValues) expect(loaded).not.toContain(v);
  });
});

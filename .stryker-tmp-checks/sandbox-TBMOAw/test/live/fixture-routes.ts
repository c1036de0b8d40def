/**
 * A bundled fixture split the way a hybrid run sees it: its AWS answers as a snapshot file, and
 * its Kubernetes objects as the routes of the fake API server (pods as the namespace's list).
 */
// @ts-nocheck

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { KubeObject } from '../../src/sources/types.js';
import { REPO_ROOT } from '../helpers/cli.js';

export type Routes = Record<string, { status: number; body: unknown } | 'hang' | 'reset'>;

const load = (scenario: string) =>
  parse(readFileSync(join(REPO_ROOT, `fixtures/${scenario}.yaml`), 'utf8')) as { kubernetes: KubeObject[] } & Record<string, unknown>;

/** The REST path the doctor GETs for one object, as the fake API server serves it. */
export function objectPath(o: KubeObject): string {
  const api = o.kind === 'Deployment' ? '/apis/apps/v1' : '/api/v1';
  return `${api}/namespaces/${o.metadata.namespace}/${o.kind.toLowerCase()}s/${o.metadata.name}`;
}

export function routesFor(scenario: string): Routes {
  const objects = load(scenario).kubernetes;
  const routes: Routes = {};
  for (const o of objects.filter((x) => x.kind !== 'Pod')) routes[objectPath(o)] = { status: 200, body: o };
  routes['/api/v1/namespaces/retail-store-prod/pods'] = {
    status: 200,
    body: { apiVersion: 'v1', kind: 'PodList', items: objects.filter((o) => o.kind === 'Pod') },
  };
  return routes;
}

/** The fixture without its `kubernetes:` part, written to `dir`: AWS recorded, the cluster live. */
export function awsOnlySnapshot(scenario: string, dir: string): string {
  const snapshot = load(scenario);
  delete (snapshot as Record<string, unknown>).kubernetes;
  const file = join(dir, `${scenario.replace('/', '-')}-aws-only.yaml`);
  writeFileSync(file, stringify(snapshot));
  return file;
}

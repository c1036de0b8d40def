// @ts-nocheck
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { eksContextFrom, type EksContext } from './kube-live.js';

/**
 * The EKS cluster a kube context points at, read straight from the kubeconfig file so that
 * inferring `--cluster`/`--region` does not cost loading client-node. Any problem → undefined:
 * this is only a default, and the live source reports real kubeconfig errors itself.
 */
export function eksClusterFromKubeconfig(kubeconfig?: string, context?: string): EksContext | undefined {
  const file = kubeconfig ?? process.env.KUBECONFIG?.split(delimiter).find(Boolean) ?? join(homedir(), '.kube', 'config');
  try {
    if (!existsSync(file)) return undefined;
    const config = parse(readFileSync(file, 'utf8')) as { 'current-context'?: string; contexts?: { name?: string; context?: { cluster?: string } }[] };
    const name = context ?? config['current-context'];
    const entry = config.contexts?.find((c) => c.name === name);
    return eksContextFrom(name) ?? eksContextFrom(entry?.context?.cluster);
  } catch {
    return undefined;
  }
}

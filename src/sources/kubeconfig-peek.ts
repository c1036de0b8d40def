import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** node:os only when a live run looks for a kubeconfig: an offline run never loads it. */
const homedir = () => process.getBuiltinModule('node:os').homedir();

/** What the kube context says about the cluster, when it is an EKS context. */
export interface EksContext {
  name: string;
  region: string;
  account: string;
}

/** `arn:aws:eks:REGION:ACCOUNT:cluster/NAME`, the context and cluster name `aws eks update-kubeconfig` writes. */
export function eksContextFrom(name: string | undefined): EksContext | undefined {
  const m = name ? /^arn:aws[a-z-]*:eks:([a-z0-9-]+):(\d{12}):cluster\/(.+)$/.exec(name) : null;
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}

/**
 * The EKS cluster a kube context points at, read straight from the kubeconfig file so that
 * inferring `--cluster`/`--region` does not cost loading client-node. Any problem → undefined:
 * this is only a default, and the live source reports real kubeconfig errors itself.
 */
export async function eksClusterFromKubeconfig(kubeconfig?: string, context?: string): Promise<EksContext | undefined> {
  const file = kubeconfig ?? process.env.KUBECONFIG?.split(delimiter).find(Boolean) ?? join(homedir(), '.kube', 'config');
  try {
    if (!existsSync(file)) return undefined;
    // The yaml library loads only when there is a kubeconfig to read.
    const { parse } = await import('./yaml-library.js');
    const config = parse(readFileSync(file, 'utf8')) as { 'current-context'?: string; contexts?: { name?: string; context?: { cluster?: string } }[] };
    const name = context ?? config['current-context'];
    const entry = config.contexts?.find((c) => c.name === name);
    return eksContextFrom(name) ?? eksContextFrom(entry?.context?.cluster);
  } catch {
    return undefined;
  }
}

/**
 * Whether a live cluster can be configured at all, decided without client-node: a run with no
 * kubeconfig anywhere and no in-cluster service account must not pay ~400 ms to learn that.
 * `undefined` means "maybe": the live source then loads client-node and decides for real.
 */
export function missingKubeconfig(kubeconfig?: string): 'none' | { file: string } | undefined {
  const listed = kubeconfig ? [kubeconfig] : (process.env.KUBECONFIG?.split(delimiter).filter(Boolean) ?? []);
  if (listed.length === 1 && !existsSync(listed[0]!)) return { file: listed[0]! };
  if (listed.length > 0) return undefined;
  if (process.env.KUBERNETES_SERVICE_HOST) return undefined;
  return existsSync(join(homedir(), '.kube', 'config')) ? undefined : 'none';
}

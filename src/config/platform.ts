/**
 * Which half of the setup guide a run judges (docs/k3s.md): `eks` (DynamoDB is AWS, the role
 * comes through IRSA, the table must exist) or `k3s` (DynamoDB is a Pod, the credentials are
 * fake, the app creates the table). The flag wins over the config file; without either, the
 * input decides when it can tell, else the default is eks.
 */
import type { KubeObject } from '../sources/types.js';

export const PLATFORMS = ['eks', 'k3s'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** How the platform was chosen, as the report header says it. */
export interface PlatformChoice {
  name: Platform;
  source: 'flag' | 'config' | 'detected' | 'default';
  /** What the detection read ("node k3s-server: label node.kubernetes.io/instance-type=k3s"). */
  evidence?: string;
}

export interface PlatformClues {
  /** Node objects the input holds (a snapshot's `kubernetes:` list, `-f` manifests, recorded node answers). */
  nodes: readonly KubeObject[];
  /** An EKS cluster ARN: the kube context `aws eks update-kubeconfig` writes, or a recorded DescribeCluster. */
  eksClusterArn?: string;
}

const K3S_INSTANCE_TYPE = 'node.kubernetes.io/instance-type';

/** The platform a cluster's nodes or its ARN show; undefined when nothing tells. */
export function detectPlatform(clues: PlatformClues): Omit<PlatformChoice, 'source'> | undefined {
  for (const node of clues.nodes) {
    if (node.kind !== 'Node') continue;
    const labels = node.metadata.labels ?? {};
    const eksLabel = Object.keys(labels).find((k) => k.startsWith('eks.amazonaws.com/'));
    if (eksLabel) return { name: 'eks', evidence: `node ${node.metadata.name}: label ${eksLabel}` };
    if (labels[K3S_INSTANCE_TYPE] === 'k3s') return { name: 'k3s', evidence: `node ${node.metadata.name}: label ${K3S_INSTANCE_TYPE}=k3s` };
    const kubelet = kubeletVersion(node);
    if (kubelet && /\+k3s/i.test(kubelet)) return { name: 'k3s', evidence: `node ${node.metadata.name}: kubelet ${kubelet}` };
    if (kubelet && /-eks-/i.test(kubelet)) return { name: 'eks', evidence: `node ${node.metadata.name}: kubelet ${kubelet}` };
  }
  if (clues.eksClusterArn) return { name: 'eks', evidence: `EKS cluster ARN ${clues.eksClusterArn}` };
  return undefined;
}

function kubeletVersion(node: KubeObject): string | undefined {
  const status = node.status as { nodeInfo?: { kubeletVersion?: unknown } } | undefined;
  const version = status?.nodeInfo?.kubeletVersion;
  return typeof version === 'string' ? version : undefined;
}

/** Flag over config file over detection over the default (eks). */
export function choosePlatform(flag: Platform | undefined, config: Platform | undefined, clues: PlatformClues): PlatformChoice {
  if (flag) return { name: flag, source: 'flag' };
  if (config) return { name: config, source: 'config' };
  const detected = detectPlatform(clues);
  if (detected) return { ...detected, source: 'detected' };
  return { name: 'eks', source: 'default' };
}

/** "k3s (--platform)", "eks (detected: node x: label eks.amazonaws.com/nodegroup)", for the header. */
export function describePlatform(choice: PlatformChoice): string {
  const how =
    choice.source === 'flag'
      ? '--platform'
      : choice.source === 'config'
        ? 'config file'
        : choice.source === 'default'
          ? 'default'
          : `detected: ${choice.evidence}`;
  return `${choice.name} (${how})`;
}

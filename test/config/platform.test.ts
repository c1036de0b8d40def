/**
 * --platform: the flag over the config file over detection over the default, and detection
 * from recorded node answers (`kubectl get nodes -o yaml`) and EKS cluster ARNs.
 */
import { describe, expect, it } from '@jest/globals';
import { choosePlatform, detectPlatform, describePlatform } from '../../src/config/platform.js';
import { loadManifests } from '../../src/sources/manifests.js';
import type { KubeObject } from '../../src/sources/types.js';

/** Nodes as the doctor holds them: loaded (and sanitized) like any input. */
const loaded = new Map(
  await Promise.all(
    ['nodes-k3s.yaml', 'nodes-eks.yaml', 'nodes-kubelet-only.yaml', 'healthy.yaml'].map(
      async (file) => [file, (await loadManifests([`fixtures/k3s/${file}`], () => '')).source.all()] as const,
    ),
  ),
);
const nodes = (file: string): readonly KubeObject[] => loaded.get(file)!;
const EKS_ARN = 'arn:aws:eks:ap-south-1:111122223333:cluster/cart-cluster';

describe('detectPlatform', () => {
  it('reads k3s from the node label node.kubernetes.io/instance-type=k3s', () => {
    expect(detectPlatform({ nodes: nodes('nodes-k3s.yaml') })).toEqual({
      name: 'k3s',
      evidence: 'node k3s-server: label node.kubernetes.io/instance-type=k3s',
    });
  });
  it('reads eks from an eks.amazonaws.com/* node label, before the instance-type label', () => {
    expect(detectPlatform({ nodes: nodes('nodes-eks.yaml') })).toEqual({
      name: 'eks',
      evidence: 'node ip-192-168-12-34.ap-south-1.compute.internal: label eks.amazonaws.com/capacityType',
    });
  });
  it('reads k3s from the kubelet version when no label tells (the sanitizer keeps nodeInfo.kubeletVersion)', () => {
    expect(detectPlatform({ nodes: nodes('nodes-kubelet-only.yaml') })).toEqual({ name: 'k3s', evidence: 'node edge-1: kubelet v1.29.8+k3s1' });
  });
  it('reads eks from an EKS cluster ARN, and nothing from objects that are not nodes', () => {
    expect(detectPlatform({ nodes: nodes('healthy.yaml'), eksClusterArn: EKS_ARN })).toEqual({ name: 'eks', evidence: `EKS cluster ARN ${EKS_ARN}` });
    expect(detectPlatform({ nodes: nodes('healthy.yaml') })).toBeUndefined();
  });
  it('prefers what the nodes say over a cluster ARN (a K3s node is a K3s cluster whatever the context is called)', () => {
    expect(detectPlatform({ nodes: nodes('nodes-k3s.yaml'), eksClusterArn: EKS_ARN })?.name).toBe('k3s');
  });
});

describe('choosePlatform', () => {
  const k3sNodes = { nodes: nodes('nodes-k3s.yaml') };
  it('takes the flag over the config file over detection over the default', () => {
    expect(choosePlatform('eks', 'k3s', k3sNodes)).toEqual({ name: 'eks', source: 'flag' });
    expect(choosePlatform(undefined, 'eks', k3sNodes)).toEqual({ name: 'eks', source: 'config' });
    expect(choosePlatform(undefined, undefined, k3sNodes)).toMatchObject({ name: 'k3s', source: 'detected' });
    expect(choosePlatform(undefined, undefined, { nodes: [] })).toEqual({ name: 'eks', source: 'default' });
  });
  it('says how it was chosen', () => {
    expect(describePlatform({ name: 'k3s', source: 'flag' })).toBe('k3s (--platform)');
    expect(describePlatform({ name: 'eks', source: 'default' })).toBe('eks (default)');
    expect(describePlatform(choosePlatform(undefined, undefined, k3sNodes))).toBe(
      'k3s (detected: node k3s-server: label node.kubernetes.io/instance-type=k3s)',
    );
  });
});

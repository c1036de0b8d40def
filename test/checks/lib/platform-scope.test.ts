/**
 * Which checks judge which platform (docs/k3s.md): every check of the registry on each platform,
 * so a check moved in or out of the EKS-only list, or a `meta.platforms` changed, shows here.
 */
import { describe, expect, it } from '@jest/globals';
import { outsidePlatform, platformsOf } from '../../../src/checks/lib/platform-scope.js';
import { CHECKS } from '../../../src/checks/registry.js';

const judging = (platform: 'eks' | 'k3s') =>
  CHECKS.filter((c) => outsidePlatform(c.meta, platform) === undefined)
    .map((c) => c.meta.id)
    .sort();

describe('platform scope', () => {
  it('on K3s only the links that exist there are judged: the Kubernetes side, the table name, the logs and the local.* checks', () => {
    expect(judging('k3s')).toEqual([
      'deployment.service-account',
      'env.table-name',
      'local.credentials',
      'local.endpoint',
      'local.service',
      'local.table',
      'logs.symptoms',
      'sa.exists',
    ]);
  });

  it('on EKS every check but the local.* ones is judged', () => {
    const all = CHECKS.map((c) => c.meta.id);
    expect(judging('eks')).toEqual(all.filter((id) => !id.startsWith('local.')).sort());
  });

  it('an EKS-only check on K3s is skipped as not used there, naming the platform', () => {
    const check = CHECKS.find((c) => c.meta.id === 'trust.subject')!;
    expect(platformsOf(check.meta)).toEqual(['eks']);
    expect(outsidePlatform(check.meta, 'k3s')).toEqual({ status: 'skip', message: 'not used on K3s', evidence: { notApplicable: true, platform: 'k3s' } });
  });

  it('a K3s-only check on EKS is skipped as only on K3s', () => {
    const check = CHECKS.find((c) => c.meta.id === 'local.table')!;
    expect(platformsOf(check.meta)).toEqual(['k3s']);
    expect(outsidePlatform(check.meta, 'eks')).toEqual({ status: 'skip', message: 'only on K3s', evidence: { notApplicable: true, platform: 'eks' } });
  });

  it('a check on neither list judges both; its own meta.platforms wins over the list', () => {
    const sa = CHECKS.find((c) => c.meta.id === 'sa.exists')!;
    expect(platformsOf(sa.meta)).toEqual(['eks', 'k3s']);
    const trust = CHECKS.find((c) => c.meta.id === 'trust.subject')!;
    expect(platformsOf({ ...trust.meta, platforms: ['k3s'] })).toEqual(['k3s']);
    expect(outsidePlatform({ ...trust.meta, platforms: ['eks', 'k3s'] }, 'k3s')).toBeUndefined();
  });
});

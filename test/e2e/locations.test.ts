/**
 * `-f` input: results point at the file, line and column of the wrong field (JSON `location`,
 * SARIF physicalLocation), and Kubernetes-side fixes name that line first. Through the built CLI.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCheckJson, runCli } from '../helpers/cli.js';
import type { CheckResult } from '../../src/report/model.js';

const MANIFEST = 'fixtures/manifests/cart-broken.yaml';
const AWS_SIDE = ['--snapshot', 'fixtures/healthy-guide.yaml'];
const lines = readFileSync(join(REPO_ROOT, MANIFEST), 'utf8').split('\n');

/** The text at a location: what the user sees at that line and column. */
const textAt = (r: CheckResult): string => lines[r.location!.line - 1]!.slice(r.location!.column! - 1);

interface SarifResult {
  ruleId: string;
  level: string;
  partialFingerprints: Record<string, string>;
  locations: {
    physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
    logicalLocations?: { fullyQualifiedName: string }[];
  }[];
}
const sarifOf = (stdout: string) =>
  JSON.parse(stdout) as {
    version: string;
    runs: { tool: { driver: { rules: { id: string; helpUri: string; fullDescription: { text: string } }[] } }; results: SarifResult[] }[];
  };

describe('-f input: locations and file fixes', () => {
  const { report, status } = runCheckJson([...AWS_SIDE, '-f', MANIFEST]);
  const byId = (id: string) => report.checks.find((c) => c.id === id)!;

  it('points each Kubernetes-side failure at the line and column holding the offending key', () => {
    expect(status).toBe(1);
    expect(byId('deployment.service-account').location).toMatchObject({ file: MANIFEST });
    expect(textAt(byId('deployment.service-account'))).toBe('serviceAccountName: default');
    // No annotation at all: the metadata it belongs under.
    expect(textAt(byId('sa.annotation'))).toBe('metadata:');
    expect(lines[byId('sa.annotation').location!.line - 2]).toBe('kind: ServiceAccount');
    expect(textAt(byId('env.local-endpoint'))).toBe('name: AWS_ENDPOINT_URL');
  });

  it('gives no location to AWS-side results or to passes', () => {
    for (const c of report.checks) {
      if (c.status === 'pass' || ['pods.identity', 'logs.symptoms', 'trust.subject'].includes(c.id)) expect(c.location).toBeUndefined();
    }
  });

  it('names the file and line to change first, then the live fix as comments, and stays valid shell', () => {
    const fix = byId('deployment.service-account').remediation;
    const { line } = byId('deployment.service-account').location!;
    expect(fix.split('\n')[0]).toBe(`# ${MANIFEST} line ${line}: set serviceAccountName: cart-sa`);
    expect(byId('env.local-endpoint').remediation.split('\n')[0]).toBe(
      `# ${MANIFEST} line ${byId('env.local-endpoint').location!.line}: remove AWS_ENDPOINT_URL`,
    );
    expect(byId('sa.annotation').remediation.split('\n')[0]).toMatch(
      /line \d+: add under metadata: annotations: \{eks\.amazonaws\.com\/role-arn: arn:aws:iam::111122223333:role\//,
    );
    for (const c of report.checks.filter((x) => x.location)) {
      // The pre-deploy hook applies the files: nothing here patches the live cluster.
      expect(c.remediation.split('\n').filter((l) => /^\s*kubectl\b/.test(l))).toEqual([]);
      expect(spawnSync('bash', ['-n'], { input: c.remediation }).status).toBe(0);
    }
  });

  it('keeps positions out of snapshot runs', () => {
    const { report: fromSnapshot } = runCheckJson(['--snapshot', 'fixtures/scenarios/default-service-account.yaml']);
    expect(fromSnapshot.checks.find((c) => c.id === 'deployment.service-account')!.status).toBe('fail');
    expect(fromSnapshot.checks.every((c) => c.location === undefined)).toBe(true);
  });

  it('-o sarif puts the same place in physicalLocation, and every failure is a result', () => {
    const run = runCli(['check', ...AWS_SIDE, '-f', MANIFEST, '-o', 'sarif']);
    expect(run.status).toBe(1);
    const sarif = sarifOf(run.stdout);
    expect(sarif.version).toBe('2.1.0');
    const [only] = sarif.runs;
    const results = only!.results;
    for (const c of report.checks) {
      const found = results.find((r) => r.ruleId === c.id);
      if (c.status === 'pass' || c.status === 'skip') {
        expect(found).toBeUndefined();
        continue;
      }
      expect(found?.level).toBe({ fail: 'error', warn: 'warning', error: 'note' }[c.status]);
      const physical = found!.locations[0]!.physicalLocation;
      if (c.location)
        expect(physical).toEqual({
          artifactLocation: { uri: MANIFEST, uriBaseId: 'SRCROOT' },
          region: { startLine: c.location.line, startColumn: c.location.column },
        });
      else expect(found!.locations[0]!.logicalLocations?.length).toBeGreaterThan(0);
    }
    expect(results.find((r) => r.ruleId === 'region.match')!.locations[0]!.logicalLocations![0]!.fullyQualifiedName).toBe('dynamodb table Items'); // no role ARN in this run, so no account to build the table ARN from
    const ruleIds = only!.tool.driver.rules.map((r) => r.id);
    expect(ruleIds).toHaveLength(23);
    expect(new Set(ruleIds).size).toBe(23);
    expect(only!.tool.driver.rules.every((r) => r.helpUri.endsWith(`/docs/checks/${r.id}.md`) && r.fullDescription.text.length > 0)).toBe(true);
  });

  it('stdin is a named artifact, and fingerprints follow the problem, not its line', () => {
    const text = readFileSync(join(REPO_ROOT, MANIFEST), 'utf8');
    const first = sarifOf(runCli(['check', ...AWS_SIDE, '-f', '-', '-o', 'sarif'], { input: text }).stdout).runs[0]!.results;
    const moved = sarifOf(runCli(['check', ...AWS_SIDE, '-f', '-', '-o', 'sarif'], { input: `# moved down\n# by two lines\n${text}` }).stdout).runs[0]!.results;
    const sa = (rs: SarifResult[]) => rs.find((r) => r.ruleId === 'deployment.service-account')!;
    expect(sa(first).locations[0]!.physicalLocation!.artifactLocation.uri).toBe(encodeURI('<stdin>'));
    expect(sa(moved).locations[0]!.physicalLocation!.region.startLine).toBe(sa(first).locations[0]!.physicalLocation!.region.startLine + 2);
    expect(sa(moved).partialFingerprints).toEqual(sa(first).partialFingerprints);
    expect(new Set(first.map((r) => Object.values(r.partialFingerprints)[0])).size).toBe(first.length);
  });

  it('from stdin: ConfigMap keys, the pod spec where serviceAccountName belongs, and the container AWS_REGION goes in', () => {
    const stream = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: cart-configmap',
      'data:',
      '  TABLE_NAME: Itemz',
      '  AWS_ENDPOINT_URL_DYNAMODB: http://localhost:8000',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: cart-deployment',
      'spec:',
      '  selector:',
      '    matchLabels: {app: cart}',
      '  template:',
      '    metadata:',
      '      labels: {app: cart}',
      '    spec:',
      '      containers:',
      '        - name: cart',
      '          image: cart:1',
      '          envFrom:',
      '            - configMapRef:',
      '                name: cart-configmap',
    ];
    const run = runCli(['check', ...AWS_SIDE, '-n', 'retail-store-prod', '-f', '-', '-o', 'json'], { input: `${stream.join('\n')}\n` });
    const checks = (JSON.parse(run.stdout) as { checks: CheckResult[] }).checks;
    const at = (id: string) => {
      const { location } = checks.find((c) => c.id === id)!;
      expect(location?.file).toBe('<stdin>');
      return stream[location!.line - 1]!.slice(location!.column! - 1);
    };
    expect(at('env.table-name')).toBe('TABLE_NAME: Itemz');
    expect(at('env.local-endpoint')).toBe('AWS_ENDPOINT_URL_DYNAMODB: http://localhost:8000');
    expect(at('deployment.service-account')).toBe('spec:');
    expect(at('sa.exists')).toBe('spec:');
    expect(at('region.match')).toBe('name: cart');
    const fix = (id: string) => checks.find((c) => c.id === id)!.remediation.split('\n')[0];
    expect(fix('env.table-name')).toBe('# <stdin> line 6: set TABLE_NAME to "Items"');
    expect(fix('deployment.service-account')).toBe('# <stdin> line 19: add serviceAccountName: cart-sa under spec.template.spec');
    expect(fix('region.match')).toBe('# <stdin> line 21: add an env entry {name: AWS_REGION, value: "ap-south-1"} to this container');
  });

  it('a written but wrong annotation: its own key line, and the value to put there', () => {
    const broken = readFileSync(join(REPO_ROOT, MANIFEST), 'utf8').replace(
      '  labels:\n    app: cart\n---',
      '  annotations:\n    eks.amazonaws.com/role-arn: ${role_arn}\n---',
    );
    const run = runCli(['check', ...AWS_SIDE, '-f', '-', '-o', 'json'], { input: broken });
    const annotation = (JSON.parse(run.stdout) as { checks: CheckResult[] }).checks.find((c) => c.id === 'sa.annotation')!;
    expect(broken.split('\n')[annotation.location!.line - 1]!.slice(annotation.location!.column! - 1)).toBe('eks.amazonaws.com/role-arn: ${role_arn}');
    expect(annotation.remediation.split('\n')[0]).toMatch(/^# <stdin> line \d+: set eks\.amazonaws\.com\/role-arn: arn:aws:iam::111122223333:role\/\S+$/);
  });
});

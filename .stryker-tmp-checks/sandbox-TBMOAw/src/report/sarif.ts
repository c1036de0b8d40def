// @ts-nocheck
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { CHECKS } from '../checks/registry.js';
import type { CheckMeta, Status } from '../checks/lib/types.js';
import { SYMPTOMS } from '../checks/lib/symptoms.js';
import type { CheckResult } from './model.js';
import type { Report, ReportTarget } from './model.js';

const REPO = 'https://github.com/cart-doctor/cart-doctor';
const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * fail is a broken link (error); warn a risk (warning); error a check that could not judge,
 * which is no finding about the code, hence the lowest level (note). Passes and skips are not results.
 */
const LEVEL: Partial<Record<Status, 'error' | 'warning' | 'note'>> = { fail: 'error', warn: 'warning', error: 'note' };

/** Which link a check belongs to: its tag, and what an AWS-side result is logically about. */
function link(id: string): 'kubernetes' | 'iam' | 'dynamodb' | 'runtime' {
  const prefix = id.split('.')[0]!;
  if (['sa', 'deployment', 'env'].includes(prefix)) return 'kubernetes';
  if (['table', 'region'].includes(prefix)) return 'dynamodb';
  if (['policy', 'trust', 'oidc', 'identity'].includes(prefix)) return 'iam';
  return 'runtime';
}

/** SARIF 2.1.0, one run: every check a rule, every non-passing result a result (README "SARIF"). */
export function renderSarif(report: Report, cwd: string): string {
  const rules = CHECKS.map(({ meta }) => rule(meta));
  const results = report.checks
    .filter((r) => LEVEL[r.status])
    .map((r) =>
      result(
        r,
        report.target,
        cwd,
        rules.findIndex((x) => x.id === r.id),
      ),
    );
  const log = {
    version: '2.1.0',
    $schema: SCHEMA,
    runs: [
      {
        tool: { driver: { name: 'cart-doctor', version: report.tool.version, semanticVersion: report.tool.version, informationUri: REPO, rules } },
        // Relative URIs resolve against the directory the doctor ran in (the checkout, in CI).
        originalUriBaseIds: { SRCROOT: { description: { text: 'The directory cart-doctor ran in.' } } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function rule(meta: CheckMeta) {
  const symptom = `${meta.symptom}: ${SYMPTOMS[meta.symptom]}`;
  return {
    id: meta.id,
    name: meta.id.replace(/[.-](\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.docs },
    help: {
      text: `${meta.remediation}\nWhen it fails the app shows: ${symptom}`,
      markdown: `${meta.remediation}\n\nWhen it fails the app shows: **${meta.symptom}** (${SYMPTOMS[meta.symptom]})`,
    },
    helpUri: `${REPO}/blob/main/docs/checks/${meta.id}.md`,
    properties: { symptom, tags: ['cart-doctor', link(meta.id)] },
  };
}

function result(r: CheckResult, target: ReportTarget, cwd: string, ruleIndex: number) {
  const kubeObject =
    link(r.id) === 'kubernetes' && r.id.startsWith('sa.')
      ? `ServiceAccount ${target.namespace}/${target.serviceAccount}`
      : `Deployment ${target.namespace}/${target.deployment}`;
  const logical = [...awsResource(r.id, target), { fullyQualifiedName: kubeObject, kind: 'object' }];
  const location = r.location
    ? {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(r.location.file, cwd), uriBaseId: 'SRCROOT' },
          region: { startLine: r.location.line, ...(r.location.column && { startColumn: r.location.column }) },
        },
        logicalLocations: logical,
      }
    : { logicalLocations: logical };
  return {
    ruleId: r.id,
    ruleIndex,
    level: LEVEL[r.status],
    message: { text: r.message },
    locations: [location],
    // Identity, not position: the same problem keeps its fingerprint when lines move.
    partialFingerprints: {
      'cartDoctor/v1': createHash('sha256')
        .update(`${r.id}\0${target.namespace}\0${target.deployment}\0${target.serviceAccount}\0${target.table}`)
        .digest('hex'),
    },
    properties: { status: r.status, kubernetesObject: kubeObject, remediation: r.remediation },
    ...suppressions(r),
  };
}

/** The AWS object an AWS-side result is about: the role (IAM links) or the table. */
function awsResource(id: string, target: ReportTarget): { fullyQualifiedName: string; kind: string }[] {
  const kind = link(id);
  if (kind === 'iam' && target.roleArn) return [{ fullyQualifiedName: target.roleArn, kind: 'resource' }];
  if (kind === 'dynamodb') {
    const role = /^arn:([^:]+):iam::(\d{12}):/.exec(target.roleArn ?? '');
    const arn = role && target.region ? `arn:${role[1]}:dynamodb:${target.region}:${role[2]}:table/${target.table}` : `dynamodb table ${target.table}`;
    return [{ fullyQualifiedName: arn, kind: 'resource' }];
  }
  return [];
}

/** `<stdin>` stays a named artifact; a path becomes relative to the run's directory, with forward slashes. */
export function artifactUri(file: string, cwd: string): string {
  if (file === '<stdin>') return encodeURI(file);
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  return encodeURI(rel.split(sep).join('/').replace(/^\.\//, ''));
}

/** Suppressed results (the suppressions feature adds `suppressed`) stay, marked as SARIF suppressions. */
function suppressions(r: CheckResult): { suppressions?: { kind: 'external'; justification: string }[] } {
  const suppressed = (r as CheckResult & { suppressed?: { reason?: string } }).suppressed;
  return suppressed ? { suppressions: [{ kind: 'external', justification: suppressed.reason ?? 'suppressed' }] } : {};
}

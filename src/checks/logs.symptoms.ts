import { scanLog, type LogHit } from '../logs/shapes.js';
import type { SymptomError } from './symptoms.js';
import { defineCheck, fail, notApplicable, pass } from './types.js';

/** Hits shown in the message; the evidence keeps them all (bounded by the scan itself). */
const SHOWN = 4;

interface Found extends LogHit {
  origin: string;
}

function describe(f: Found): string {
  const fields = Object.entries(f.finding.fields)
    .filter(([k]) => ['action', 'resource', 'principal', 'credentialSource', 'table', 'region', 'policyType', 'host', 'port'].includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const times = f.count > 1 ? ` (×${f.count})` : '';
  return `${f.origin} line ${f.line}${times}: ${f.finding.summary}${fields ? ` [${fields}]` : ''} → see ${f.finding.checks.join(', ')}`;
}

export default defineCheck({
  meta: {
    id: 'logs.symptoms',
    title: "The Cart pods' recent logs show none of the IRSA or DynamoDB error shapes",
    symptom: 'AccessDeniedException',
    docs:
      'With --logs, reads the recent log lines of the Cart container in the Deployment\'s pods (bounded by --logs-lines and ' +
      '--logs-since, and the previous instance of a restarted container, where a crash-looping app leaves its error); offline, ' +
      'scans --logs-file FILE. It recognizes the error shapes of the AWS SDKs for Java (v1, v2), JavaScript v3, Python (boto3, ' +
      'AWS CLI) and Go (v1, v2): AccessDenied with its action, resource and principal (a session named i-… means the node role ' +
      'was used, so IRSA is not in effect), no credentials, STS "Not authorized to perform sts:AssumeRoleWithWebIdentity", ' +
      'InvalidIdentityToken, an incorrect token audience, DynamoDB Local\'s wording, connection refused, a missing region. Each ' +
      'hit names the Common-failures row and the checks that explain it. Without --logs or --logs-file it is skipped.',
    remediation: 'Follow the checks each log hit names; `cart-doctor explain "<log line>"` shows what a line means.',
  },
  async run({ facts }) {
    const logs = await facts.logs();
    if (!logs.requested) return notApplicable('Logs not scanned: pass --logs (live cluster) or --logs-file FILE.');
    const found: Found[] = logs.texts.flatMap((t) => scanLog(t.text).map((hit) => ({ ...hit, origin: t.origin })));
    const lines = logs.texts.reduce((n, t) => n + t.text.split('\n').filter((l) => l.trim()).length, 0);
    const evidence = {
      scope: logs.scope ?? null,
      linesScanned: lines,
      hits: found.map((f) => ({ origin: f.origin, line: f.line, count: f.count, shape: f.finding.shape, symptom: f.finding.symptom, checks: f.finding.checks, fields: f.finding.fields, excerpt: f.finding.excerpt })),
    };
    if (!lines) {
      // Nothing read is nothing seen: never a pass.
      return notApplicable(`No log lines to scan in ${logs.scope ?? 'the logs'}${logs.texts.length ? '' : ' (no running pods to read from)'}.`, evidence);
    }
    if (!found.length) {
      return pass(`${lines} log line(s) from ${logs.scope ?? 'the logs'} scanned: none of the known IRSA or DynamoDB error shapes.`, evidence);
    }
    const rows = [...new Set(found.map((f) => f.finding.symptom))];
    const shown = found.slice(0, SHOWN).map(describe);
    const more = found.length > SHOWN ? `; and ${found.length - SHOWN} more hit(s) in the evidence` : '';
    const checks = [...new Set(found.flatMap((f) => f.finding.checks))];
    const next = checks.length ? `Look at these checks first, in this order: ${checks.join(', ')}.` : 'No cart-doctor check covers this policy type; see the message.';
    return fail(
      `${found.length} error shape(s) in ${logs.scope ?? 'the logs'} (${rows.join(', ')}): ${shown.join('; ')}${more}.`,
      evidence,
      `${next} For one line: cart-doctor explain "<the line>".`,
      rows[0] as SymptomError,
    );
  },
});

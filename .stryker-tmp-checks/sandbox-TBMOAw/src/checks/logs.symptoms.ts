// @ts-nocheck
import type { LogFinding, LogHit } from '../logs/shapes.js';
import type { SymptomError } from './lib/symptoms.js';
import { defineCheck, fail, notApplicable, pass, type CheckContext, type CheckId } from './lib/types.js';

/** Hits shown in the message; the evidence keeps them all (bounded by the scan itself). */
const SHOWN = 4;

interface Found extends LogHit {
  origin: string;
  notes: string[];
  checks: CheckId[];
}

/** What this run expects: compared with what a log line shows, a difference is the lead. */
interface Expected {
  role?: string;
  table: string;
  region?: string;
}

async function expected({ target, facts }: CheckContext): Promise<Expected> {
  const ref = await facts.roleRef().catch(() => undefined);
  const region = await facts.region().catch(() => undefined);
  return { ...(ref && { role: ref.name }), table: target.table, ...(region && { region }) };
}

/**
 * A line's own fields against this run's target: an AccessDenied by another role than the
 * annotated one is a pod from before a role change; another table or region is the app's
 * configuration, not IAM. Such a difference goes first, with the check that judges it.
 */
function correlate(finding: LogFinding, want: Expected): { notes: string[]; checks: CheckId[] } {
  const { role, table, region } = finding.fields;
  const notes: string[] = [];
  const checks: CheckId[] = [];
  if (role && want.role && role !== want.role && finding.shape !== 'node-role') {
    notes.push(`the app used role ${role}, but this run's role is ${want.role} (a pod from before the annotation changed?)`);
    checks.push('pods.identity');
  }
  if (table && table !== want.table) {
    notes.push(`the app used table ${table}, not ${want.table}`);
    checks.push('env.table-name');
  }
  if (region && want.region && region !== want.region) {
    notes.push(`the app called region ${region}, not ${want.region}`);
    checks.push('region.match');
  }
  // Credentials from the wrong source (node role, static keys) explain the hit before any table or region does.
  const wrongSource = finding.shape === 'node-role' || finding.shape === 'static-keys-user';
  return { notes, checks: [...new Set(wrongSource ? [...finding.checks, ...checks] : [...checks, ...finding.checks])] };
}

function describe(f: Found): string {
  const fields = Object.entries(f.finding.fields)
    .filter(([k]) => ['action', 'resource', 'principal', 'credentialSource', 'table', 'region', 'policyType', 'host', 'port'].includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const times = f.count > 1 ? ` (×${f.count})` : '';
  const notes = f.notes.length ? `; ${f.notes.join('; ')}` : '';
  return `${f.origin} line ${f.line}${times}: ${f.finding.summary}${notes}${fields ? ` [${fields}]` : ''} → see ${f.checks.join(', ') || 'no cart-doctor check'}`;
}

export default defineCheck({
  meta: {
    id: 'logs.symptoms',
    dependsOn: [],
    title: "The Cart pods' recent logs show none of the IRSA or DynamoDB error shapes",
    symptom: 'AccessDeniedException',
    docs:
      "With --logs, reads the recent log lines of the Cart container in the Deployment's pods (bounded by --logs-lines and " +
      '--logs-since, and the previous instance of a restarted container, where a crash-looping app leaves its error); offline, ' +
      'scans --logs-file FILE. It recognizes the error shapes of the AWS SDKs for Java (v1, v2), JavaScript v3, Python (boto3, ' +
      'AWS CLI) and Go (v1, v2): AccessDenied with its action, resource and principal (a session named i-… means the node role ' +
      'was used, so IRSA is not in effect), no credentials, STS "Not authorized to perform sts:AssumeRoleWithWebIdentity", ' +
      "InvalidIdentityToken, an incorrect token audience, DynamoDB Local's wording, connection refused, a missing region. Each " +
      'hit names the Common-failures row and the checks that explain it. Without --logs or --logs-file it is skipped.',
    remediation: 'Follow the checks each log hit names; `cart-doctor explain "<log line>"` shows what a line means.',
  },
  async run(ctx) {
    const logs = await ctx.facts.logs();
    if (!logs.requested) return notApplicable('Logs not scanned: pass --logs (live cluster) or --logs-file FILE.');
    const want = await expected(ctx);
    const found: Found[] = logs.scanned.flatMap((t) => t.scan.hits.map((hit) => ({ ...hit, origin: t.origin, ...correlate(hit.finding, want) })));
    const lines = logs.scanned.reduce((n, t) => n + t.scan.lines, 0);
    const evidence = {
      scope: logs.scope ?? null,
      linesScanned: lines,
      hits: found.map((f) => ({
        origin: f.origin,
        line: f.line,
        count: f.count,
        shape: f.finding.shape,
        symptom: f.finding.symptom,
        checks: f.checks,
        notes: f.notes,
        fields: f.finding.fields,
        excerpt: f.finding.excerpt,
      })),
    };
    if (!lines) {
      // Nothing read is nothing seen: never a pass.
      return notApplicable(`No log lines to scan in ${logs.scope ?? 'the logs'}${logs.scanned.length ? '' : ' (no running pods to read from)'}.`, evidence);
    }
    if (!found.length) {
      return pass(`${lines} log line(s) from ${logs.scope ?? 'the logs'} scanned: none of the known IRSA or DynamoDB error shapes.`, evidence);
    }
    const rows = [...new Set(found.map((f) => f.finding.symptom))];
    const shown = found.slice(0, SHOWN).map(describe);
    const more = found.length > SHOWN ? `; and ${found.length - SHOWN} more hit(s) in the evidence` : '';
    const checks = [...new Set(found.flatMap((f) => f.checks))];
    const next = checks.length
      ? `Look at these checks first, in this order: ${checks.join(', ')}.`
      : 'No cart-doctor check covers this policy type; see the message.';
    return fail(
      `${found.length} error shape(s) in ${logs.scope ?? 'the logs'} (${rows.join(', ')}): ${shown.join('; ')}${more}.`,
      evidence,
      `${next} For one line: cart-doctor explain "<the line>".`,
      rows[0] as SymptomError,
    );
  },
});

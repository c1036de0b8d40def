/**
 * The error shapes a Cart pod's log shows when a link of the chain is broken (docs/design/irsa.md §5), in
 * the wordings of the AWS SDKs for Java (v1, v2), JavaScript v3, Python (boto3, AWS CLI) and Go
 * (v1, v2). Pure and dependency-free: `logs.symptoms` scans pod logs with it, `explain` one
 * pasted text. Matching is loose (case-insensitive), and every pattern is linear: no nested
 * quantifiers, and lines are cut before matching.
 */
import type { CheckId } from '../checks/lib/types.js';
import type { SymptomError } from '../checks/lib/symptoms.js';
import { DENIED, describeDenied, parseAccessDenied } from './access-denied.js';
import { redactText } from '../redact.js';

export type LogSdk = 'java-v2' | 'java-v1' | 'js-v3' | 'boto3' | 'go-v1' | 'go-v2';

export interface LogFinding {
  /** Stable id of the shape (README "Log shapes"). */
  shape: string;
  /** The Common-failures row it is. */
  symptom: SymptomError;
  /** What it means for this app, in one sentence. */
  summary: string;
  /** The checks that explain it, most likely first. */
  checks: CheckId[];
  /** What was parsed from the text: principal, action, resource, region, host, … */
  fields: Record<string, string>;
  sdk?: LogSdk;
  /** The matched part of the line (at most 240 characters), key-like strings redacted. */
  excerpt: string;
}

export interface LogHit {
  /** 1-based line of the first occurrence. */
  line: number;
  /** How many lines showed the same finding (same shape and fields). */
  count: number;
  finding: LogFinding;
}

interface Shape {
  shape: string;
  symptom: SymptomError;
  pattern: RegExp;
  summary: string;
  checks: CheckId[];
  fields?: (m: RegExpExecArray, line: string) => Record<string, string>;
}

const NO_CREDENTIALS: CheckId[] = ['pods.identity', 'sa.annotation', 'deployment.service-account', 'sa.exists'];
const TRUST: CheckId[] = ['trust.principal', 'trust.subject', 'trust.audience', 'sa.annotation', 'oidc.provider'];

/** Shapes other than DynamoDB's AccessDenied (parsed in access-denied.ts), most specific first. */
const SHAPES: Shape[] = [
  {
    shape: 'no-credentials',
    symptom: 'Unable to locate credentials',
    pattern:
      /Unable to load credentials from any of the providers|Could not load credentials from any providers|Unable to locate credentials|NoCredentialProviders|no EC2 IMDS role found|failed to refresh cached credentials/i,
    summary:
      'the SDK found no credentials at all: the pod has no IRSA variables (no annotation, a pod older than it, another ServiceAccount) and the node role is out of reach',
    checks: NO_CREDENTIALS,
    fields: (_m, line) => ({
      ...(/AWS_WEB_IDENTITY_TOKEN_FILE or the javaproperty aws\.webIdentityTokenFile must be set|Web identity configuration not specified/i.test(line) && {
        webIdentity: 'AWS_WEB_IDENTITY_TOKEN_FILE is not set: the webhook did not inject IRSA into this pod',
      }),
      ...(/Failed to load credentials from IMDS|no EC2 IMDS role found/i.test(line) && { imds: 'the node role (IMDS) is not reachable either' }),
    }),
  },
  {
    shape: 'sts-not-authorized',
    symptom: 'AccessDeniedException',
    pattern: /Not authorized to perform:? sts:AssumeRoleWithWebIdentity/i,
    summary:
      "STS refused the pod's token: the role's trust policy does not admit this cluster's provider, namespace or ServiceAccount, or the annotated role does not exist",
    checks: TRUST,
  },
  {
    shape: 'no-oidc-provider',
    symptom: 'AccessDeniedException',
    pattern: /No OpenIDConnect provider found in your account for (https:\/\/[^\s"',)]+)/i,
    summary: "the IAM OIDC provider for this cluster's issuer does not exist (a new or recreated cluster)",
    checks: ['oidc.provider', 'trust.principal'],
    fields: (m) => ({ issuer: m[1]! }),
  },
  {
    shape: 'token-audience',
    symptom: 'AccessDeniedException',
    pattern: /Incorrect token audience/i,
    summary: "the token's audience is not in the OIDC provider's client IDs (sts.amazonaws.com missing, or another audience annotated)",
    checks: ['oidc.provider', 'trust.audience'],
  },
  {
    shape: 'invalid-role-arn',
    symptom: 'Unable to locate credentials',
    pattern: /Request ARN is invalid/i,
    summary: 'the role-arn annotation is not a valid role ARN (an unrendered template, whitespace, an extra colon)',
    checks: ['sa.annotation'],
  },
  {
    shape: 'expired-token',
    symptom: 'Unable to locate credentials',
    pattern: /ExpiredTokenException|Token is expired/i,
    summary: 'the web-identity token was expired when sent (a stale token file or clock skew)',
    checks: ['pods.identity'],
  },
  {
    shape: 'invalid-identity-token',
    symptom: 'AccessDeniedException',
    pattern: /InvalidIdentityToken/i,
    summary: 'STS could not validate the pod token against the OIDC provider',
    checks: ['oidc.provider', 'trust.principal'],
  },
  {
    shape: 'kms-key',
    symptom: 'AccessDeniedException',
    pattern:
      /KMS key (?:is )?disabled|KMS key access denied|KMS(?:AccessDenied|Disabled|InvalidState|NotFound)Exception|INACCESSIBLE_ENCRYPTION_CREDENTIALS|KMS key[^\n]{0,80}pending deletion/i,
    summary: "DynamoDB could not use the table's KMS key: the customer managed key is disabled, pending deletion, gone, or the role may not use it",
    checks: ['table.kms-key'],
  },
  {
    shape: 'dynamodb-local',
    symptom: 'Connection refused',
    pattern: /Cannot do operations on a non-existent table/i,
    summary: "this is DynamoDB Local's (or LocalStack's) wording: an endpoint override sends the app to a local DynamoDB, not AWS",
    checks: ['env.local-endpoint', 'env.create-table'],
  },
  {
    shape: 'connection-refused',
    symptom: 'Connection refused',
    pattern:
      /Connect to ([\w.-]+):(\d+)[^\n]{0,200}?failed: Connection refused|connect ECONNREFUSED ([\d.:a-f]+):(\d+)|Connection refused|Could not connect to the endpoint URL/i,
    summary: 'nothing listens where the app sends DynamoDB calls: a local endpoint left in the configuration',
    checks: ['env.local-endpoint'],
    fields: (_m, line) => hostAndPort(line),
  },
  {
    shape: 'unknown-host',
    symptom: 'Connection refused',
    pattern: /UnknownHostException: ([\w.-]+)|getaddrinfo ENOTFOUND ([\w.-]+)/i,
    summary: 'the DynamoDB endpoint host does not resolve: an endpoint override naming an in-cluster service that is not there',
    checks: ['env.local-endpoint'],
    fields: (m) => ({ host: (m[1] ?? m[2])! }),
  },
  {
    shape: 'index-missing',
    symptom: 'ValidationException',
    pattern: /The table does not have the specified index:? ?([\w.-]*)/i,
    summary: 'the table has no such global secondary index',
    checks: ['table.key-schema'],
    fields: (m): Record<string, string> => (m[1] ? { index: m[1] } : {}),
  },
  {
    shape: 'table-not-found',
    symptom: 'ResourceNotFoundException',
    pattern: /Requested resource not found(?::? Table: ([\w.-]+) not found)?/i,
    summary: 'the table does not exist where the app looks: a wrong table name, a wrong region or account, or a table not ACTIVE yet',
    checks: ['table.exists', 'region.match', 'env.table-name', 'table.active'],
    fields: (m): Record<string, string> => (m[1] ? { table: m[1] } : {}),
  },
  {
    shape: 'invalid-static-keys',
    symptom: 'AccessDeniedException',
    pattern: /The security token included in the request is invalid|UnrecognizedClientException/i,
    summary: 'the app signs with static keys AWS does not know (fake key/secret from a local-dev config): static keys beat IRSA in every SDK chain',
    checks: ['env.static-credentials'],
  },
  {
    shape: 'region-missing',
    symptom: 'Unable to load region',
    pattern: /Unable to load region|Region is missing|You must specify a region|NoRegionError/i,
    summary: 'the SDK has no region: no AWS_REGION in the pod (AWS_DEFAULT_REGION alone is not read by Java v2 and JS v3)',
    checks: ['pods.identity', 'region.match'],
  },
];

/**
 * Where the app tried to connect, in each SDK's wording: Java's "Connect to H:P", Node's
 * "ECONNREFUSED H:P", Go's "dial tcp H:P", boto3's EndpointConnectionError URL (port from the
 * scheme when the URL names none).
 */
const HOST_PORT: RegExp[] = [
  /Connect to ([\w.-]+):(\d+)/i,
  /ECONNREFUSED ([\d.:a-f]+):(\d+)/i,
  /dial tcp ([\w.-]+|\[[\da-f:]+\]):(\d+)/i,
  /endpoint URL: "?(https?):\/\/([^/:"\s]+)(?::(\d+))?/i,
];

function hostAndPort(line: string): Record<string, string> {
  for (const re of HOST_PORT) {
    const m = re.exec(line);
    if (!m) continue;
    if (m[1] === 'http' || m[1] === 'https') return { host: m[2]!, port: m[3] ?? (m[1] === 'https' ? '443' : '80') };
    return { host: m[1]!, port: m[2]! };
  }
  return {};
}

/** Lines longer than this are matched on their start only: enough for Java's credential chain. */
export const MAX_LINE = 8000;
const EXCERPT = 240;

/** The SDK whose wording a line (with the two lines before it) shows. */
export function sdkOf(text: string): LogSdk | undefined {
  if (/com\.amazonaws\.|AWSSecurityTokenService|AmazonDynamoDBException/.test(text)) return 'java-v1';
  if (/software\.amazon\.awssdk|SdkClientException|StsException|DynamoDbException|Service: DynamoDb|Service: Sts/.test(text)) return 'java-v2';
  if (/botocore|boto3|An error occurred \(\w+\) when calling the \w+ operation|aws configure|NoRegionError/.test(text)) return 'boto3';
  if (/CredentialsProviderError|Could not load credentials from any providers|Region is missing|ECONNREFUSED|ENOTFOUND|\$metadata|aws-sdk-js/.test(text))
    return 'js-v3';
  if (/operation error \w+: \w+|https response error StatusCode|failed to refresh cached credentials|no EC2 IMDS role found/.test(text)) return 'go-v2';
  if (/WebIdentityErr|NoCredentialProviders|caused by:|status code: \d{3}, request id/.test(text)) return 'go-v1';
  return undefined;
}

/**
 * The excerpt from the match on, at most EXCERPT characters. The whole line is redacted
 * BEFORE it is cut: a cut through a secret would otherwise keep its first characters,
 * which no pattern can recognize any more.
 */
function excerptOf(line: string, index: number): string {
  const redacted = redactText(line);
  // Secrets do not straddle the start of a shape's wording, so the prefix redacts alike.
  const at = Math.min(redactText(line.slice(0, index)).length, redacted.length);
  const start = redacted.length - at < EXCERPT ? Math.max(0, redacted.length - EXCERPT) : at;
  return redacted.slice(start, start + EXCERPT).trim();
}

/**
 * Any shape at all: the union of every pattern, so a line it rejects has no finding (it can only
 * admit more than the shapes do, never less). Nearly every line of a real log is rejected here
 * in one pass, before the per-shape patterns, the field parsing and the SDK-wording detection.
 */
const ANY_SHAPE = new RegExp([DENIED, ...SHAPES.map((s) => s.pattern)].map((re) => `(?:${re.source})`).join('|'), 'i');

/**
 * Every finding of one line (usually none, at most one per shape). `context` (the lines before,
 * which tell the SDK) is asked for only when the line has a finding.
 */
export function findingsOfLine(line: string, context: string | (() => string) = ''): LogFinding[] {
  const text = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
  if (!ANY_SHAPE.test(text)) return [];
  let sdk: { of?: LogSdk } | undefined;
  const withSdk = (f: Omit<LogFinding, 'sdk'>): LogFinding => {
    sdk ??= { of: sdkOf(`${typeof context === 'string' ? context : context()}\n${text}`) };
    return sdk.of ? { ...f, sdk: sdk.of } : f;
  };
  const found: LogFinding[] = [];
  const denied = parseAccessDenied(text);
  if (denied) {
    const { index, ...finding } = denied;
    found.push(withSdk({ ...finding, fields: redactFields(finding.fields), excerpt: excerptOf(text, index) }));
  }
  for (const s of SHAPES) {
    const m = s.pattern.exec(text);
    if (!m) continue;
    // "Connection refused" inside a longer shape already found on this line says nothing new.
    if (s.shape === 'connection-refused' && found.some((f) => f.shape === 'dynamodb-local')) continue;
    found.push(
      withSdk({
        shape: s.shape,
        symptom: s.symptom,
        summary: s.summary,
        checks: s.checks,
        fields: redactFields(s.fields?.(m, text) ?? {}),
        excerpt: excerptOf(text, m.index),
      }),
    );
  }
  return found;
}

const redactFields = (fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, redactText(v)]));

/** What a scan keeps: the hits (capped), and how many lines had something on them. */
export interface LogScan {
  hits: LogHit[];
  lines: number;
}

/**
 * Scans a log line by line, fed one line at a time so that a log of any size is scanned in
 * constant memory: only the last two lines (the SDK's context) and the hits are kept. The same
 * finding on many lines (a retry loop) is one hit with a count; at most `maxHits` distinct
 * hits are kept.
 */
export class LogScanner {
  private readonly hits = new Map<string, LogHit>();
  private readonly recent: string[] = [];
  private lineNumber = 0;
  private nonBlank = 0;
  constructor(private readonly maxHits = 50) {}

  push(line: string): void {
    this.lineNumber++;
    if (line.trim()) this.nonBlank++;
    if (line.length >= 12) {
      for (const finding of findingsOfLine(line, () => this.recent.join('\n'))) {
        const key = `${finding.shape}|${JSON.stringify(finding.fields)}`;
        const seen = this.hits.get(key);
        if (seen) seen.count++;
        else if (this.hits.size < this.maxHits) this.hits.set(key, { line: this.lineNumber, count: 1, finding });
      }
    }
    this.recent.push(line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line);
    if (this.recent.length > 2) this.recent.shift();
  }

  result(): LogScan {
    return { hits: [...this.hits.values()], lines: this.nonBlank };
  }
}

/** Scans a text already in memory (a pod's tail, a pasted error). */
export function scanLogText(text: string, options: { maxHits?: number } = {}): LogScan {
  const scanner = new LogScanner(options.maxHits);
  for (const line of text.split(/\r?\n/)) scanner.push(line);
  return scanner.result();
}

export function scanLog(text: string, options: { maxHits?: number } = {}): LogHit[] {
  return scanLogText(text, options).hits;
}

/** The distinct findings of a pasted text (an error message, a log excerpt). */
export function classifyText(text: string): LogFinding[] {
  return scanLog(text).map((h) => h.finding);
}

/** Every shape id with its row and checks, for the README table and `explain`. */
export function knownShapes(): { shape: string; symptom: SymptomError; checks: CheckId[]; summary: string }[] {
  const denied = ['access-denied', 'node-role', 'static-keys-user', 'session-policy-denied'].map((shape) => ({ shape, ...describeDenied(shape) }));
  return [...denied, ...SHAPES.map(({ shape, symptom, checks, summary }) => ({ shape, symptom, checks, summary }))];
}

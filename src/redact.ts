/**
 * The one redaction module (README "Redaction"). Every place that emits a value it did not
 * write itself goes through here: the Kubernetes object sanitizer (so snapshots too), check
 * messages that quote a variable, log excerpts and `explain`'s echoes.
 *
 * Two rules: secret-SHAPED text is replaced wherever it appears (`redactText`), and values of
 * Kubernetes variables are kept only when the doctor needs them (`keepEnvValue`, an allowlist):
 * anything else becomes a marker that says what was removed, `<redacted: value of DB_PASS>`.
 * Every pattern here is linear: no nested quantifiers, runs anchored by lookbehinds.
 */

export function marker(what: string): string {
  let text = MARKERS.get(what);
  if (text === undefined) {
    text = `<redacted: ${what}>`;
    if (MARKERS.size < MAX_MARKERS) MARKERS.set(what, text);
  }
  return text;
}
/** One string per distinct marker: 10,000 objects of `-f` input share `<redacted: value of key>` instead of holding a copy each. */
const MARKERS = new Map<string, string>();
const MAX_MARKERS = 1000;

/** A value that an earlier pass replaced (the old bare `<redacted>` too). */
export const isRedactionMarker = (value: unknown): boolean => typeof value === 'string' && value.startsWith('<redacted');

/** Credential variables whose values never leave the doctor, whatever their source. */
const SENSITIVE_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE_KEY|ACCESS_KEY)/i;
/** `AWS_WEB_IDENTITY_TOKEN_FILE` names a path, not a token: the doctor needs to see it. */
const PATH_NAME = /_(FILE|PATH|DIR)$/i;

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name) && !PATH_NAME.test(name);
}

const PEM = /-----BEGIN [A-Z0-9 ]{0,40}-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}-----|$)/g;
const USERINFO = /\b([a-z][a-z0-9+.-]{0,20}:\/\/)(?!<redacted)[^\s/@"'<>]+@/gi;
const BEARER = /\b(Bearer|Basic)\s+(?!<redacted)[A-Za-z0-9._~+/=-]+/gi;
/** `key=value` / `"key": "value"`: the key is one word (lookbehind: matched from its start only). */
const KEY_SEP = /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,80})("?\s*)([:=])(\s*["']?\s*)/g;
/** The value after a credential key, read only then (sticky): scanning every value would be quadratic. */
const VALUE = /(?!<redacted)[^\s"'&,;]+/y;
/** Keys whose `=` value is secret: any credential word at the end (X-Amz-Signature, aws_session_token, DB_PASS…). */
const SECRET_KEY_EQ =
  /(secret|secret_?access_?key|secret_?key|passw(?:or)?d|pass|pwd|token|credentials?|private_?key|access_?key(?:_?id)?|api_?key|auth|authorization|auth_?header|signature|sig)$/i;
/** With `:` only compound keys: "ExpiredToken: The security token…" is an error code and a sentence. */
const SECRET_KEY_COLON =
  /(secret|secret_?access_?key|secret_?key|passw(?:or)?d|passwd|session_?token|access_?token|refresh_?token|id_?token|auth_?token|private_?key|api_?key|client_?secret|signature)$/i;
const ACCESS_KEY_ID = /(?:AKIA|ASIA)[A-Z0-9]{16}/g;
/** Ends in an IAM role ARN: `arn:aws:iam::111122223333:role/…` or an STS assumed-role one. */
const ROLE_ARN_END = /arn:aws[\w-]*:(?:iam|sts)::\d{12}:(?:role|assumed-role)\/[^\s"',:]*$/;
/** 40+ base64 characters, URL-encoded or not: secret keys, session tokens, signatures. */
const LONG_SECRET = /(?:[A-Za-z0-9+/]|%2[BbFf]|%3[Dd]){40,}(?:=|%3[Dd]){0,2}/g;

/** Secret-shaped substrings of any text, replaced by markers that say what they were. */
export function redactText(text: string): string {
  return (
    redactKeyValues(
      text
        .replace(PEM, marker('PEM block'))
        .replace(USERINFO, (_m, scheme: string) => `${scheme}${marker('userinfo')}@`)
        .replace(BEARER, (_m, kind: string) => `${kind} ${marker('credentials')}`),
    )
      .replace(ACCESS_KEY_ID, marker('access key id'))
      // Mixed letters and digits: a 40-letter word or a long path is not a key; nor is the
      // name in a role ARN (`role/CartStackCartRole1A2B…`), which checks must compare.
      .replace(LONG_SECRET, (run: string, offset: number, whole: string) =>
        /\d/.test(run) && /[A-Za-z]/.test(run) && !ROLE_ARN_END.test(whole.slice(Math.max(0, offset - 120), offset + run.length)) ? marker('secret') : run,
      )
  );
}

/**
 * `key=value` pairs whose key names a credential. A pair with a harmless key
 * (`https://…?X-Amz-Signature=…`) must not swallow the pairs inside its value, so the scan
 * resumes right after each separator.
 */
function redactKeyValues(text: string): string {
  const keys = new RegExp(KEY_SEP.source, 'g');
  const value = new RegExp(VALUE.source, 'y');
  let out = '';
  let from = 0;
  for (let m = keys.exec(text); m; m = keys.exec(text)) {
    const [whole, key = '', , sep = ''] = m;
    const head = m.index + whole.length;
    const plainKey = key.replace(/-/g, '_');
    if (PATH_NAME.test(plainKey) || !(sep === '=' ? SECRET_KEY_EQ : SECRET_KEY_COLON).test(plainKey)) continue;
    value.lastIndex = head;
    const v = value.exec(text);
    if (!v) continue;
    out += `${text.slice(from, head)}${marker(`value of ${key}`)}`;
    from = head + v[0].length;
    keys.lastIndex = from;
  }
  return out + text.slice(from);
}

export const isSecretShaped = (text: string): boolean => redactText(text) !== text;

/**
 * An endpoint as far as the doctor needs it: scheme, host, port and path. Userinfo
 * (`admin:pw@`), the query (presigned `X-Amz-Security-Token`, `X-Amz-Signature`) and the
 * fragment are replaced by markers.
 */
export function redactUrl(value: string): string {
  const scheme = /^\s*[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0];
  if (!scheme) return redactText(value);
  const rest = value.slice(scheme.length);
  const queryAt = rest.search(/[?#]/);
  const beforeQuery = queryAt < 0 ? rest : rest.slice(0, queryAt);
  // The last `@` before the query ends the userinfo, even when a password holds `/` or `@`.
  const at = beforeQuery.lastIndexOf('@');
  const hostAndPath = at >= 0 ? `${marker('userinfo')}@${beforeQuery.slice(at + 1)}` : beforeQuery;
  const tail = queryAt < 0 ? '' : rest[queryAt] === '?' ? `?${marker('query')}` : `#${marker('fragment')}`;
  return redactText(`${scheme}${hostAndPath}${tail}`);
}

const NEEDED_NAMES = new Set(['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_STS_REGIONAL_ENDPOINTS']);
/**
 * Variables whose VALUES some check reads: regions, table names (guide TABLE_NAME,
 * retail-store RETAIL_CART_PERSISTENCE_*, custom `tableNameVars`), create-table flags, the
 * persistence provider, endpoints. Matched on the normalized name, so a ConfigMap key
 * `table-name` or an envFrom key without its prefix (`PERSISTENCE_PROVIDER`) counts too.
 */
const NEEDED_PATTERN = /REGION|TABLE|PERSISTENCE|PROVIDER|ROLE_ARN$/;
const ENDPOINT_PATTERN = /ENDPOINT|_URL$|^URL$|_URI$/;

const normalizeName = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, '_');

export function isNeededValueName(name: string): boolean {
  const n = normalizeName(name);
  return !isSensitiveName(n) && (NEEDED_NAMES.has(n) || NEEDED_PATTERN.test(n) || ENDPOINT_PATTERN.test(n));
}

/**
 * The value of a variable (or ConfigMap key) as it may enter the doctor: kept when a check
 * needs it and it is not secret-shaped (endpoints without userinfo and query), else a marker.
 */
export function keepEnvValue(name: string, value: unknown): unknown {
  if (value === undefined || value === null || isRedactionMarker(value)) return value;
  const removed = marker(`value of ${name}`);
  if (!isNeededValueName(name)) return removed;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'string') return removed;
  // An endpoint keeps scheme, host, port and path, the parts `env.local-endpoint` judges.
  if (ENDPOINT_PATTERN.test(normalizeName(name))) return redactUrl(value);
  return isSecretShaped(value) ? removed : value;
}

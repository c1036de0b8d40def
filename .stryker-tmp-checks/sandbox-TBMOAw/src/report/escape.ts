/**
 * The terminal boundary: text from snapshots, manifests, logs, config or the command line may
 * hold ESC/BEL sequences that set a window title, clear the screen or hide text. Every byte
 * printed for a human passes through `escapeControl`; renderers add their own colour codes
 * after it, so those are the only escape sequences that reach the terminal. JSON output needs
 * none of this: JSON.stringify already writes control characters as \u escapes.
 */
// @ts-nocheck


// C0 except \t and \n, DEL, C1, and the bidi overrides/isolates that reorder what is shown.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** A copy of `value` with every string in it (keys too) escaped; other values are kept. */
export function escapeDeep<T>(value: T): T {
  if (typeof value === 'string') return escapeControl(value) as T;
  if (Array.isArray(value)) return value.map(escapeDeep) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeControl(k), escapeDeep(v)])) as T;
  }
  return value;
}

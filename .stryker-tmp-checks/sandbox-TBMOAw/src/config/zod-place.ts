/** `aws[3].input.TableName` from a zod issue path, so bad input names its place. */
// @ts-nocheck

export function formatZodPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

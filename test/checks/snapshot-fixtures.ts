/** The bundled healthy snapshot with one policy document replaced, for tests through the built CLI. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, fixture } from '../helpers/cli.js';

/** Which recorded document: the role's trust policy (GetRole) or its managed policy's version (GetPolicyVersion). */
export type RecordedDocument = 'AssumeRolePolicyDocument' | 'Document';

/** Writes fixtures/healthy-guide.yaml with `field` holding `document` (URL-encoded, as IAM returns it); returns its path. */
export function healthySnapshotWith(field: RecordedDocument, document: object): string {
  const healthy = readFileSync(join(REPO_ROOT, fixture('healthy-guide')), 'utf8');
  const pattern = new RegExp(`^(\\s+${field}: )"[^"]*"$`, 'm');
  if (!pattern.test(healthy)) throw new Error(`healthy-guide.yaml has no ${field} to replace`);
  const file = join(mkdtempSync(join(tmpdir(), 'cd-snapshot-')), 'snapshot.yaml');
  writeFileSync(file, healthy.replace(pattern, `$1"${encodeURIComponent(JSON.stringify(document))}"`));
  return file;
}

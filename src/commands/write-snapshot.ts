import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { parseSnapshot, usableAnswers, type SnapshotEntry, type SnapshotTarget } from '../sources/snapshot.js';
import type { KubeObject, KubeRead } from '../sources/types.js';

/** What one `cart-doctor snapshot` run recorded. */
export interface Recording {
  target: SnapshotTarget;
  aws: SnapshotEntry[];
  objects: KubeObject[];
  reads: KubeRead[];
}

/**
 * Writes a recording in the docs/design/SPEC.md §7 form (`kubernetes: { objects, reads }`), unless it holds
 * nothing usable (nothing is written; the caller says so and exits 2) or less than the
 * snapshot it would replace: a support bundle must not be lost to a run that could not reach
 * the cluster, so that needs `force`. The file is replaced whole or not at all.
 */
export async function writeSnapshot(file: string, recording: Recording, force: boolean): Promise<{ usable: number; written: boolean }> {
  const usable = usableAnswers(recording.aws, recording.objects.length, recording.reads);
  if (usable === 0) return { usable, written: false };
  const held = force ? 0 : await usableInExisting(file);
  if (held > usable) throw new InputError(`holds ${held} usable answers, this run recorded ${usable}: not overwritten (use --force)`, file);

  const target = Object.fromEntries(Object.entries(recording.target).filter(([, v]) => v !== undefined));
  const doc = {
    apiVersion: 'cart-doctor/v1',
    kind: 'Snapshot',
    target,
    aws: recording.aws,
    kubernetes: { objects: recording.objects, reads: recording.reads },
  };
  // Only a recording run writes YAML: the library stays out of every other run.
  const { stringify } = await import('../sources/yaml-library.js');
  writeAtomically(file, stringify(doc, { lineWidth: 0 }));
  return { usable, written: true };
}

/** Write to a temporary sibling, then rename: a reader never sees half a file, a failure leaves the old one. */
export function writeAtomically(file: string, text: string, mode?: number): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, mode === undefined ? undefined : { mode });
    if (mode !== undefined) chmodSync(temp, mode);
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new InputError(`cannot write: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
}

/** Usable answers in the file about to be replaced: none when it does not exist or is empty. */
async function usableInExisting(file: string): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw new InputError(`cannot read the file to be replaced: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
  if (!text.trim()) return 0;
  try {
    return (await parseSnapshot(text, file)).usable;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const where = err.place ? ` at ${err.place}` : '';
    throw new InputError(`is not a snapshot cart-doctor can read (${err.message}${where}): not overwritten (use --force)`, file);
  }
}

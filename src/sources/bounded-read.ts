/**
 * Every file the doctor reads whole (snapshot, manifests, config, stdin) goes through here, so
 * no input can take unbounded memory or time: a regular file is measured (fstat) before it is
 * read and counted while it is read (it may grow, /proc files report size 0); stdin is counted
 * and reading stops at the limit. FIFOs, sockets and devices are refused before any read, so
 * a pipe named *.yaml cannot hang the run and /dev/zero cannot fill memory.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { InputError } from '../errors.js';

const MIB = 1024 * 1024;
export const DEFAULT_MAX_INPUT_MB = 16;
export const DEFAULT_MAX_INPUT_BYTES = DEFAULT_MAX_INPUT_MB * MIB;
const CHUNK = MIB;

/** `--max-input-mb N` in bytes; anything but a positive number is bad input. */
export function maxInputBytes(mb: unknown): number {
  if (typeof mb !== 'number' || !Number.isFinite(mb) || mb <= 0) {
    throw new InputError(`must be a positive number of MiB, not ${String(mb)}`, '--max-input-mb');
  }
  return Math.floor(mb * MIB);
}

const RAISE = ' (raise it with --max-input-mb)';

function tooLarge(name: string, maxBytes: number, raise = RAISE): InputError {
  return new InputError(`larger than the ${+(maxBytes / MIB).toFixed(2)} MiB input limit${raise}`, name);
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isDirectory()) return 'a folder';
  return 'not a file';
}

function refuseIrregular(stat: Stats, file: string): void {
  if (!stat.isFile()) throw new InputError(`not a regular file (${kindOf(stat)}); give a file`, file);
}

function errnoText(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

/** An open descriptor of a regular file; anything else is bad input naming the file. */
function openRegular(file: string): { fd: number; size: number } {
  // stat first: opening a FIFO for reading would wait for a writer. File-system errors are
  // left raw for the caller to word (manifests.ts fsCall).
  refuseIrregular(statSync(file), file);
  // O_NONBLOCK so that a file swapped for a FIFO after the stat still cannot block the open.
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    refuseIrregular(stat, file);
    return { fd, size: stat.size };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Fails now, as bad input, if `file` is not a regular file this process can open (for files read later, streaming). */
export function assertReadableFile(file: string): void {
  closeSync(openRegular(file).fd);
}

/** The whole text of a regular file of at most `maxBytes`. */
export function readBoundedFile(file: string, maxBytes: number): string {
  const { fd, size } = openRegular(file);
  try {
    if (size > maxBytes) throw tooLarge(file, maxBytes);
    return readCounted(fd, file, maxBytes);
  } finally {
    closeSync(fd);
  }
}

/** stdin (a pipe or a redirected file), read up to `maxBytes` and no further. */
export function readBoundedStdin(maxBytes: number, options: { name?: string; raise?: string } = {}): string {
  return readCounted(0, options.name ?? '<stdin>', maxBytes, options.raise);
}

function readCounted(fd: number, name: string, maxBytes: number, raise = RAISE): string {
  const chunks: Buffer[] = [];
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1));
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buffer, 0, buffer.length, null);
    } catch (err) {
      // A non-blocking stdin pipe with nothing in it yet: wait a moment and read again.
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      throw new InputError(`cannot read: ${errnoText(err)}`, name);
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes) throw tooLarge(name, maxBytes, raise);
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/** A whole input file, bounded (see bounded-read.ts); any failure is bad input naming the file. */
export function readText(file: string, maxBytes = DEFAULT_MAX_INPUT_BYTES): string {
  return fsCall(() => readBoundedFile(file, maxBytes), file);
}

/** The file-system errors a user meets, in words; any other code is still one line. */
const FS_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file',
  ELOOP: 'symlink loop',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
};

/** Runs one file-system call; a failure becomes `FILE: no such file` (exit 3), never a raw Node error. */
export function fsCall<T>(call: () => T, file: string): T {
  try {
    return call();
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code && FS_PROBLEMS[code] ? FS_PROBLEMS[code] : `cannot read: ${code ?? (err as Error).message}`, file);
  }
}

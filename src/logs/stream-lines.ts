/**
 * `--logs-file` is read as a stream, never whole: a log can be larger than any string (1 GB →
 * ERR_STRING_TOO_LONG when read at once). Lines are cut at `maxLine` characters and the rest
 * of an over-long line is skipped, so memory stays constant whatever the file holds.
 */
import { LogScanner, MAX_LINE, type LogScan } from './shapes.js';

/**
 * Bytes per read. Small on purpose: the two buffers below are all the memory the reader holds,
 * and a larger read is not faster here (the scan, not the disk, is the cost).
 */
export const READ_CHUNK = 64 * 1024;

export interface LineReadOptions {
  maxLine?: number;
  chunkBytes?: number;
}

/**
 * Calls `onLine` with every line of the file (no `\n`, no trailing `\r`), like `split(/\r?\n/)`.
 * Newlines are found in the bytes and only a line's first bytes are decoded, so the skipped
 * rest of an over-long line costs no decoding either. The file is read into one buffer, reused
 * for every read, and a line that runs across two reads is carried in a second one of fixed
 * size: no Buffer is allocated per read or per line. (A read stream allocates a fresh chunk per
 * read and a copy per line; V8 frees such external memory only when it collects, so the dead
 * chunks of a 100 MB log piled up to tens of MB of RSS before each collection.)
 */
export async function forEachLine(file: string, onLine: (line: string) => void, options: LineReadOptions = {}): Promise<void> {
  const maxLine = options.maxLine ?? MAX_LINE;
  // A UTF-8 character is at most 4 bytes: these hold the first maxLine + 1 characters whole.
  const keepBytes = (maxLine + 1) * 4;
  const chunk = Buffer.allocUnsafe(options.chunkBytes ?? READ_CHUNK);
  const carry = Buffer.allocUnsafe(keepBytes);
  let carried = 0;
  const emit = (line: string) => {
    // One spare character so a kept line can still lose its `\r`.
    if (line.length > maxLine + 1) line = line.slice(0, maxLine + 1);
    onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  };
  /** Keeps the start of a line that the next read continues (at most keepBytes of it). */
  const carryOver = (start: number, end: number) => {
    carried += chunk.copy(carry, carried, start, Math.min(end, start + keepBytes - carried));
  };
  // node:fs/promises only when there is a log file to scan (every check run holds this module).
  const handle = await process.getBuiltinModule('node:fs/promises').open(file, 'r');
  try {
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      let start = 0;
      for (let newline = chunk.indexOf(10, start); newline >= 0 && newline < bytesRead; newline = chunk.indexOf(10, start)) {
        if (carried > 0) {
          carryOver(start, newline);
          emit(carry.toString('utf8', 0, carried));
          carried = 0;
        } else {
          emit(chunk.toString('utf8', start, Math.min(newline, start + keepBytes)));
        }
        start = newline + 1;
      }
      carryOver(start, bytesRead);
    }
  } finally {
    await handle.close();
  }
  emit(carry.toString('utf8', 0, carried));
}

export async function scanLogFile(file: string): Promise<LogScan> {
  const scanner = new LogScanner();
  await forEachLine(file, (line) => scanner.push(line));
  return scanner.result();
}

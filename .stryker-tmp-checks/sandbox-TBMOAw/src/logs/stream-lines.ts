/**
 * `--logs-file` is read as a stream, never whole: a log can be larger than any string (1 GB →
 * ERR_STRING_TOO_LONG when read at once). Lines are cut at `maxLine` characters and the rest
 * of an over-long line is skipped, so memory stays constant whatever the file holds.
 */
// @ts-nocheck

import { createReadStream } from 'node:fs';
import { LogScanner, MAX_LINE, type LogScan } from './shapes.js';

const CHUNK = 1024 * 1024;

/**
 * Calls `onLine` with every line of the file (no `\n`, no trailing `\r`), like `split(/\r?\n/)`.
 * Newlines are found in the bytes and only a line's first bytes are decoded, so the skipped
 * rest of an over-long line costs no decoding either.
 */
export async function forEachLine(file: string, onLine: (line: string) => void, maxLine = MAX_LINE): Promise<void> {
  // A UTF-8 character is at most 4 bytes: these hold the first maxLine + 1 characters whole.
  const keepBytes = (maxLine + 1) * 4;
  let parts: Buffer[] = [];
  let kept = 0;
  const take = (chunk: Buffer, start: number, end: number) => {
    const n = Math.min(end - start, keepBytes - kept);
    if (n <= 0) return;
    parts.push(chunk.subarray(start, start + n));
    kept += n;
  };
  const emit = () => {
    let line = Buffer.concat(parts, kept).toString('utf8');
    // One spare character so a kept line can still lose its `\r`.
    if (line.length > maxLine + 1) line = line.slice(0, maxLine + 1);
    onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    parts = [];
    kept = 0;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline >= 0; newline = chunk.indexOf(10, start)) {
      take(chunk, start, newline);
      emit();
      start = newline + 1;
    }
    take(chunk, start, chunk.length);
  }
  emit();
}

export async function scanLogFile(file: string): Promise<LogScan> {
  const scanner = new LogScanner();
  await forEachLine(file, (line) => scanner.push(line));
  return scanner.result();
}

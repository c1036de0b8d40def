/**
 * `--logs-file` is read as a stream, never whole: a log can be larger than any string (1 GB →
 * ERR_STRING_TOO_LONG when read at once). Lines are cut at `maxLine` characters and the rest
 * of an over-long line is skipped, so memory stays constant whatever the file holds.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LogScanner, MAX_LINE, type LogScan } from './shapes.js';

const CHUNK = 1024 * 1024;

/** Calls `onLine` with every line of the file (no `\n`, no trailing `\r`), like `split(/\r?\n/)`. */
export async function forEachLine(file: string, onLine: (line: string) => void, maxLine = MAX_LINE): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const emit = () => onLine(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
  const feed = (text: string) => {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      // One spare character so a kept line can still lose its `\r`.
      const room = maxLine + 1 - pending.length;
      if (room > 0 && end > start) pending += text.slice(start, Math.min(end, start + room));
      if (newline < 0) return;
      emit();
      pending = '';
      start = newline + 1;
    }
  };
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) feed(decoder.write(chunk as Buffer));
  feed(decoder.end());
  emit();
}

export async function scanLogFile(file: string): Promise<LogScan> {
  const scanner = new LogScanner();
  await forEachLine(file, (line) => scanner.push(line));
  return scanner.result();
}

import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { READ_CHUNK, forEachLine, scanLogFile } from '../../src/logs/stream-lines.js';
import { scanLogText } from '../../src/logs/shapes.js';

const file = (text: string | Buffer) => {
  const path = join(mkdtempSync(join(tmpdir(), 'cart-doctor-lines-')), 'app.log');
  writeFileSync(path, text);
  return path;
};

async function lines(path: string, maxLine?: number, chunkBytes?: number): Promise<string[]> {
  const out: string[] = [];
  await forEachLine(path, (l) => out.push(l), { maxLine, chunkBytes });
  return out;
}

describe('forEachLine (issue 8 D9: --logs-file is streamed)', () => {
  it.each([['a\nb'], ['a\r\nb\r\n'], [''], ['\n\n'], ['é€😀\nx']])('splits %j as split(/\\r?\\n/) does', async (text) => {
    expect(await lines(file(text))).toEqual(text.split(/\r?\n/));
  });

  it('keeps a multi-byte character cut across read chunks whole', async () => {
    const text = `${'a'.repeat(1024 * 1024 - 1)}€\nb`;
    const got = await lines(file(text), 2 * 1024 * 1024);
    expect(got[0]!.endsWith('€')).toBe(true);
    expect(got[1]).toBe('b');
  });

  it('cuts an over-long line and skips its rest, so memory does not grow with it', async () => {
    expect(await lines(file(`${'x'.repeat(100)}\nshort`), 10)).toEqual(['x'.repeat(11), 'short']);
  });

  it('scanning a file finds what scanning the same text finds', async () => {
    const log = [
      'starting',
      'User: arn:aws:sts::111122223333:assumed-role/cart-role/app is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:ap-south-1:111122223333:table/Items',
      '',
      'botocore.exceptions.NoCredentialsError: Unable to locate credentials',
    ].join('\n');
    expect(await scanLogFile(file(log))).toEqual(scanLogText(log));
  });

  // Every way a read can cut a line: through a multi-byte character, between `\r` and `\n`,
  // just before or after a newline, through a line cut for length.
  it.each([1, 2, 3, 5, 7, 64])('splits the same whatever the read size (%i bytes a read)', async (chunkBytes) => {
    const text = 'é€😀\r\nab\r\n\n' + 'y'.repeat(30) + '\nlast €\r\nend';
    expect(await lines(file(text), undefined, chunkBytes)).toEqual(text.split(/\r?\n/));
    expect(await lines(file(`${'x'.repeat(40)}\nshort\n${'z'.repeat(9)}`), 10, chunkBytes)).toEqual(['x'.repeat(11), 'short', 'z'.repeat(9)]);
  });
});

describe('forEachLine memory (issue 13: constant whatever the log holds)', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('allocates its two buffers once, not a Buffer per read or per line', async () => {
    const path = file('GET /carts/abc 200 12ms\n'.repeat(20_000));
    const spies = (['alloc', 'allocUnsafe', 'allocUnsafeSlow', 'concat', 'from'] as const).map((name) => jest.spyOn(Buffer, name));
    let count = 0;
    await forEachLine(path, () => count++, { chunkBytes: 4096 });
    expect(count).toBe(20_001);
    // The read buffer and the carry of a line that runs across two reads; 117 reads, 20,001 lines.
    expect(spies.reduce((n, spy) => n + spy.mock.calls.length, 0)).toBe(2);
  });

  it('reads 64 KiB at a time by default and carries at most (maxLine + 1) × 4 bytes of a line', async () => {
    const spy = jest.spyOn(Buffer, 'allocUnsafe');
    await forEachLine(file('a\nb'), () => undefined, { maxLine: 100 });
    expect(spy.mock.calls.map(([size]) => size)).toEqual([READ_CHUNK, 404]);
    expect(READ_CHUNK).toBe(64 * 1024);
  });
});

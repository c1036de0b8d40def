// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachLine, scanLogFile } from '../../src/logs/stream-lines.js';
import { scanLogText } from '../../src/logs/shapes.js';

const file = (text: string | Buffer) => {
  const path = join(mkdtempSync(join(tmpdir(), 'cart-doctor-lines-')), 'app.log');
  writeFileSync(path, text);
  return path;
};

async function lines(path: string, maxLine?: number): Promise<string[]> {
  const out: string[] = [];
  await forEachLine(path, (l) => out.push(l), maxLine);
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
});

// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { boxTable, displayWidth } from '../../src/report/box-table.js';
import { wrap } from '../../src/report/terminal.js';

describe('boxTable (issue 8 D7)', () => {
  it('draws head, rows and separators at the given widths, padding short cells', () => {
    expect(boxTable(['a', 'b'], [['x\ny', 'z']], [4, 5])).toBe(
      ['┌────┬─────┐', '│ a  │ b   │', '├────┼─────┤', '│ x  │ z   │', '│ y  │     │', '└────┴─────┘'].join('\n'),
    );
  });

  it('does not count colour codes as width', () => {
    expect(displayWidth('\u001b[31m✗ fail\u001b[39m')).toBe(6);
  });

  it('a 5,000-character unbroken word, wrapped, gives one line per slice, every line at the table width', () => {
    const cell = wrap('w'.repeat(5000), 78);
    const lines = boxTable(['message'], [[cell]], [80]).split('\n');
    expect(lines).toHaveLength(4 + Math.ceil(5000 / 78));
    for (const line of lines) expect(displayWidth(line)).toBe(82);
  });
});

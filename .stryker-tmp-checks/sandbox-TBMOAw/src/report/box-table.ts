/**
 * A box-drawn table of cells the caller has already wrapped to fit. It replaces cli-table3,
 * whose per-line draw re-truncated the whole cell text one character at a time (cubic in a
 * cell's line count: a 5,000-character unbroken value took minutes). Here every line of every
 * cell is measured and padded once, so the cost is linear in the text.
 */
// @ts-nocheck


// The renderer's own colour codes are the only escape sequences left after escapeControl.
const SGR = /\u001b\[\d+m/g;

/** Columns a line takes: one per code point; colour codes take none. */
export function displayWidth(line: string): number {
  let width = 0;
  for (const _ of line.replace(SGR, '')) width++;
  return width;
}

/**
 * `widths` are whole column widths, one space of padding included on each side (as cli-table3
 * counted them). `head` is drawn as the first row; every row is followed by a separator.
 */
export function boxTable(head: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[]): string {
  const rule = (left: string, mid: string, right: string) => left + widths.map((w) => '─'.repeat(w)).join(mid) + right;
  const out = [rule('┌', '┬', '┐')];
  [head, ...rows].forEach((row, index) => {
    if (index > 0) out.push(rule('├', '┼', '┤'));
    const cells = widths.map((_, i) => (row[i] ?? '').split('\n'));
    const height = Math.max(...cells.map((lines) => lines.length));
    for (let line = 0; line < height; line++) {
      const drawn = cells.map((lines, i) => {
        const text = lines[line] ?? '';
        return ` ${text}${' '.repeat(Math.max(0, widths[i]! - 2 - displayWidth(text)))} `;
      });
      out.push(`│${drawn.join('│')}│`);
    }
  });
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

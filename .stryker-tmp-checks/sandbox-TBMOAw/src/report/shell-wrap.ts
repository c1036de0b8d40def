/**
 * Fits a shell snippet (a check's fix) to the terminal without changing what it does: a long
 * command is broken at a space outside quotes and continued with ` \`; a long `#` comment
 * becomes several comments; here-document bodies are never touched (they are data). A line
 * with no safe break point is left whole: runnable beats narrow.
 */
// @ts-nocheck

export function wrapShell(text: string, width: number): string {
  const out: string[] = [];
  let heredocEnd: string | undefined;
  for (const line of text.split('\n')) {
    if (heredocEnd !== undefined) {
      out.push(line);
      if (line.trim() === heredocEnd) heredocEnd = undefined;
      continue;
    }
    const lead = /^\s*/.exec(line)![0];
    const body = line.slice(lead.length);
    if (body.startsWith('#')) out.push(...wrapComment(lead, body, width));
    else out.push(...wrapCommand(line, lead, width));
    const heredoc = /<<-?\s*(['"]?)([A-Za-z_][\w-]*)\1/.exec(body.startsWith('#') ? '' : body);
    if (heredoc) heredocEnd = heredoc[2];
  }
  return out.join('\n');
}

function wrapComment(lead: string, body: string, width: number): string[] {
  const words = body.replace(/^#\s?/, '').split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = `${lead}#`;
  for (const word of words) {
    if (line.length + 1 + word.length > width && line !== `${lead}#`) {
      lines.push(line);
      line = `${lead}#`;
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

/** Positions of the spaces where the shell would split words (outside quotes and escapes). */
function breakPoints(line: string): number[] {
  const points: number[] = [];
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === '\\') {
      i++;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === ' ' && line[i - 1] !== ' ' && i > 0 && line.slice(0, i).trim()) {
      points.push(i);
    }
  }
  return points;
}

function wrapCommand(line: string, lead: string, width: number): string[] {
  if (line.length <= width) return [line];
  const cont = `${lead}  `;
  const lines: string[] = [];
  let rest = line;
  let prefix = '';
  while ((prefix + rest).length > width) {
    const text = prefix + rest;
    // Room for the " \" that continues the line.
    const candidates = breakPoints(text).filter((p) => p > prefix.length && p + 2 <= width);
    const at = candidates.pop();
    if (at === undefined) break;
    lines.push(`${text.slice(0, at)} \\`);
    rest = text.slice(at + 1).trimStart();
    prefix = cont;
  }
  lines.push(prefix + rest);
  return lines;
}

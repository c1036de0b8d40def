/**
 * Which parts of the bundled app a run of the built CLI ran. The app is one script
 * (dist/chunks/app-<hash>.cjs, run by src/startup/code-cache.ts), so a module of it that "loads" is
 * a module whose wrapper function ran; V8's coverage (NODE_V8_COVERAGE) counts every function's
 * calls. A module is told by a string only its own code holds, since the bundle is minified.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_WRAPPER_HEAD } from '../../src/startup/code-cache.js';

interface FunctionCoverage {
  functionName: string;
  ranges: { startOffset: number; endOffset: number; count: number }[];
}

export interface CoveredRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Whether a module that holds `mark` (a string only that library's code has) was loaded. */
  ran(mark: string): boolean;
}

export function coveredRun(root: string, args: string[], env: Record<string, string> = {}): CoveredRun {
  const dir = mkdtempSync(join(tmpdir(), 'cart-doctor-coverage-'));
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env, NODE_V8_COVERAGE: dir } });
  const scripts = readdirSync(dir).flatMap(
    (f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { result: { url: string; functions: FunctionCoverage[] }[] }).result,
  );
  const app = scripts.find((s) => /\/dist\/chunks\/app-[^/]+\.cjs$/.test(s.url));
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    ran(mark) {
      if (!app) return false;
      const text = readFileSync(app.url.startsWith('file:') ? fileURLToPath(app.url) : app.url, 'utf8');
      const places: number[] = [];
      for (let at = text.indexOf(mark); at !== -1; at = text.indexOf(mark, at + 1)) places.push(APP_WRAPPER_HEAD.length + at);
      if (!places.length) throw new Error(`app-coverage: "${mark}" is not in ${app.url}`);
      const functions = app.functions.map((f) => f.ranges[0]!).filter((r) => r.startOffset >= APP_WRAPPER_HEAD.length);
      return places.some((offset) => {
        // The outermost function around the mark, below the script and its wrapper: the module's own wrapper.
        const around = functions
          .filter((r) => r.startOffset <= offset && offset < r.endOffset)
          .sort((a, b) => b.endOffset - b.startOffset - (a.endOffset - a.startOffset));
        return (around[0]?.count ?? 0) > 0;
      });
    },
  };
}

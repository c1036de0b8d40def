/**
 * Runs the bundled app (one CommonJS-shaped script, dist/chunks/app-<hash>.cjs) with V8's code
 * cache, on every Node the doctor supports. Node 20 caches nothing between runs, and Node 22's
 * module.enableCompileCache() keeps only what V8 compiled before a module ran; V8 compiles most
 * functions lazily, on first call. So the cache is taken from the script after the run, when it
 * holds every function the command called, and the next run of that command compiles almost
 * nothing (docs/performance.md "Start-up").
 *
 * The cache is an optimisation only: any problem reading or writing it means a run as without it,
 * silently. V8 rejects data from another V8 version, other flags or a source of another length;
 * the app's file name carries a hash of its content, so a rebuilt app never meets an old cache.
 */
import type { Script } from 'node:vm';

/** Where the caches of one user live, or undefined when caching is off. */
export function cacheDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: () => string): string | undefined {
  // As for Node's own compile cache: set (even empty) turns it off; NODE_COMPILE_CACHE names the place.
  if ('NODE_DISABLE_COMPILE_CACHE' in env) return undefined;
  if (env.NODE_COMPILE_CACHE) return `${env.NODE_COMPILE_CACHE}/cart-doctor`;
  if (platform === 'win32') return env.LOCALAPPDATA ? `${env.LOCALAPPDATA}\\cart-doctor\\cache` : undefined;
  if (platform === 'darwin') return `${home()}/Library/Caches/cart-doctor`;
  return `${env.XDG_CACHE_HOME || `${home()}/.cache`}/cart-doctor`;
}

export interface AppRun {
  /** Absolute path of the app script. */
  file: string;
  /** The app's `import.meta.url` (its own file URL). */
  url: string;
  /** Imports one vendor module (dist/vendor/<name>.js); the app has no `import()` of its own. */
  importVendor: (name: string) => Promise<unknown>;
  /** Names this run's cache (the command word), or undefined to use none. */
  cacheKey?: string;
  /** Whether a cache taken at the end of a run that exits with `exitCode` is worth keeping (a real run of the command). */
  keepCache: (exitCode: number) => boolean;
}

const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** $HOME as the shell has it, else the system's answer (node:os only then: an offline run loads no builtin it does not need). */
const homeDirectory = () => process.env.HOME || process.getBuiltinModule('node:os').homedir();

/** What the app's source is wrapped in: the parameters a CommonJS module gets, plus what stands in for import.meta.url and import(). */
export const APP_WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname, __cartDoctorImportMetaUrl, __cartDoctorVendor) {';

export function runApp(run: AppRun): void {
  const fs = process.getBuiltinModule('node:fs');
  const vm = process.getBuiltinModule('node:vm');
  const { createRequire } = process.getBuiltinModule('node:module');
  const path = process.getBuiltinModule('node:path');

  const source = fs.readFileSync(run.file, 'utf8');
  const dir = run.cacheKey === undefined ? undefined : cacheDirectory(process.env, process.platform, homeDirectory);
  const app = path.basename(run.file);
  const cacheFile = dir && `${dir}/${app}-${process.version}-${process.arch}-${run.cacheKey}.v8`;
  const cached = cacheFile ? readOwnFile(cacheFile) : undefined;

  const wrapped = `${APP_WRAPPER_HEAD}${source}\n})`;
  const script = new vm.Script(wrapped, { filename: run.file, cachedData: cached });
  if (dir && cacheFile && (!cached || script.cachedDataRejected)) {
    process.once('exit', (exitCode) => {
      if (run.keepCache(exitCode)) writeCache(dir, cacheFile, app, script);
    });
  }
  const module = { exports: {} };
  const main = script.runInThisContext() as (...args: unknown[]) => void;
  main.call(module.exports, module.exports, createRequire(run.file), module, run.file, path.dirname(run.file), run.url, run.importVendor);
}

/** The file's bytes if this user owns it (a cache is code: never run one somebody else wrote). */
function readOwnFile(file: string): Buffer | undefined {
  const fs = process.getBuiltinModule('node:fs');
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_CACHE_BYTES || (process.getuid && stat.uid !== process.getuid())) return undefined;
    const data = Buffer.allocUnsafe(stat.size);
    return fs.readSync(fd, data, 0, stat.size, 0) === stat.size ? data : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Written beside, then renamed into place: a run that reads it at the same time sees all of it or none. */
function writeCache(dir: string, cacheFile: string, app: string, script: Script): void {
  const fs = process.getBuiltinModule('node:fs');
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(temp, cacheFile);
    // Caches of an older build are never read again.
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith('app-') && !name.startsWith(`${app}-`)) fs.rmSync(`${dir}/${name}`, { force: true });
    }
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // Nothing was written, or it cannot be removed either: the next run starts without a cache.
    }
  }
}

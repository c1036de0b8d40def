#!/usr/bin/env node
/**
 * Builds dist/ from the TypeScript sources directly (esbuild strips the types; `tsc` only
 * typechecks, with noEmit), in three parts, all that runs and all that ships:
 * - dist/vendor/: the code only live runs need, as ES modules: each AWS client with the commands
 *   src/sources/aws-operations.json lists, and client-node tree-shaken to the two APIs the doctor
 *   reads through (a fraction of the time its ~2,500 separate ESM files take to load);
 * - dist/chunks/app-<hash>.cjs: everything else, one script, so that V8's code cache can hold all
 *   of it (src/startup/code-cache.ts); it reaches the vendor modules only through the launcher;
 * - dist/cli.js: the launcher (src/launch.ts).
 * Offline runs never load a vendor module (docs/performance.md).
 */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

// Chunk names carry a content hash: old ones would pile up in dist/ (and in the package), and so
// would files from an older build that wrote more than the bundle.
rmSync('dist', { recursive: true, force: true });

/**
 * string-width (under yargs, cliui and wrap-ansi) builds an Intl.Segmenter and Unicode-property
 * regexes (`\p{RGI_Emoji}` with the v flag) when its module loads: ~30 ms of every start, for
 * code that only runs when help text is rendered. Each such top-level constant becomes a getter
 * that builds it on first use. The build fails if the pattern stops matching, so a dependency
 * update cannot silently bring the cost back.
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/](yargs|cliui|wrap-ansi)[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const names = [];
      let contents = source.replace(/^const (\w+) = (new Intl\.Segmenter\(\)|\/.*\/[a-z]*);$/gm, (_m, name, init) => {
        names.push(name);
        return `let ${name}$lazy;\nconst ${name}$get = () => (${name}$lazy ??= ${init});`;
      });
      if (!names.includes('segmenter')) throw new Error(`lazy-string-width: no top-level segmenter in ${args.path}; review scripts/bundle.mjs`);
      for (const name of names) contents = contents.replace(new RegExp(`(?<![\\w$.])${name}(?![\\w$])`, 'g'), `${name}$get()`);
      return { contents, loader: 'js' };
    });
  },
};

const REQUIRE_BANNER = "import { createRequire as __cartDoctorRequire } from 'node:module'; const require = __cartDoctorRequire(import.meta.url);";

/**
 * The AWS SDK is bundled into the vendor modules, from its ES-module build
 * (each package's `module` field): esbuild then keeps only the clients and commands the doctor
 * sends. Packages with an `exports` map already resolve there; the others name it in `module`.
 * Only @aws-sdk/* and @smithy/* are redirected, so no other dependency's bundle changes.
 */
const awsSdkAsEsm = {
  name: 'aws-sdk-as-esm',
  setup(b) {
    b.onResolve({ filter: /^@(?:aws-sdk|smithy)\/[^/]+$/ }, (args) => {
      const manifest = createRequire(join(args.resolveDir, 'noop.js')).resolve(`${args.path}/package.json`);
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      if (pkg.exports || !pkg.module) return undefined;
      return { path: join(dirname(manifest), pkg.module) };
    });
  },
};

/**
 * `aws-client:<service>` (src/sources/aws-live.ts): the service's SDK client and the commands the
 * doctor sends, from src/sources/aws-operations.json, the one list of them (its test holds every
 * name to the read-only rule). The vendor module is named aws-<service>.
 */
const awsClientModules = {
  name: 'aws-client-modules',
  setup(b) {
    const services = JSON.parse(readFileSync('src/sources/aws-operations.json', 'utf8'));
    b.onResolve({ filter: /^aws-client:/ }, (args) => ({ path: `aws-${args.path.slice('aws-client:'.length)}`, namespace: 'aws-client' }));
    b.onLoad({ filter: /.*/, namespace: 'aws-client' }, (args) => {
      const service = args.path.slice('aws-'.length);
      const { client, operations } = services[service] ?? {};
      if (!client) throw new Error(`aws-client-modules: no service ${service} in src/sources/aws-operations.json`);
      const names = [client, ...operations.map((op) => `${op}Command`)];
      return { contents: `export { ${names.join(', ')} } from '@aws-sdk/client-${service}';`, loader: 'js', resolveDir: process.cwd() };
    });
  },
};

/**
 * node-fetch 2 (under client-node) loads whatwg-url, and with it tr46's IDNA table (~260 KB of
 * the kube-client module, compiled and built before the first GET), only as the fallback for a Node
 * without a global URL: `Url.URL || whatwgUrl.URL`. Every Node the doctor supports has one, so
 * node-fetch gets a module that hands it that URL. The build fails if node-fetch stops using it
 * that way, so an update cannot silently change what the stub stands in for.
 */
const noWhatwgUrl = {
  name: 'no-whatwg-url',
  setup(b) {
    b.onResolve({ filter: /^whatwg-url$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]node-fetch[\\/]/.test(args.importer))
        throw new Error(`no-whatwg-url: ${args.importer} imports whatwg-url; review scripts/bundle.mjs`);
      if (!/Url\.URL \|\| whatwgUrl\.URL/.test(readFileSync(args.importer, 'utf8')))
        throw new Error(`no-whatwg-url: ${args.importer} no longer falls back to whatwg-url only without a global URL; review scripts/bundle.mjs`);
      return { path: 'whatwg-url', namespace: 'global-url' };
    });
    b.onLoad({ filter: /.*/, namespace: 'global-url' }, () => ({ contents: 'module.exports = { URL: globalThis.URL };', loader: 'js' }));
  },
};

/** `kube-client` (src/sources/vendor.ts): the parts of client-node the live cluster source uses. */
const kubeClientModule = {
  name: 'kube-client-module',
  setup(b) {
    b.onResolve({ filter: /^kube-client$/ }, () => ({ path: 'kube-client', namespace: 'kube-client' }));
    b.onLoad({ filter: /.*/, namespace: 'kube-client' }, () => ({
      contents: "export { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';",
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};

// 1. The vendor modules: ES modules that share the SDK's common code through chunks of their own.
const services = Object.keys(JSON.parse(readFileSync('src/sources/aws-operations.json', 'utf8')));
await build({
  entryPoints: { ...Object.fromEntries(services.map((s) => [`aws-${s}`, `aws-client:${s}`])), 'kube-client': 'kube-client' },
  outdir: 'dist/vendor',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [awsClientModules, kubeClientModule, awsSdkAsEsm, noWhatwgUrl],
  minify: true,
  // The bundled CommonJS dependencies call require(); ESM has none of its own.
  banner: { js: REQUIRE_BANNER },
  logLevel: 'warning',
});

/**
 * esbuild puts the banner on every file, but only the files that hold CommonJS code (client-node)
 * call require(): elsewhere it only costs a createRequire() at each file's load. A file that
 * never names `require` outside the banner loses it.
 */
for (const file of readdirSync('dist/vendor').map((name) => `dist/vendor/${name}`)) {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(REQUIRE_BANNER);
  if (at === -1) throw new Error(`bundle: ${file} has no require banner; review scripts/bundle.mjs`);
  const rest = text.slice(at + REQUIRE_BANNER.length);
  if (!/(?<![\w$.])require(?![\w$])/.test(rest)) writeFileSync(file, text.slice(0, at) + rest.replace(/^\n/, ''));
}

/**
 * The app's src/sources/vendor.ts asks the launcher for the vendor modules: the app is one script
 * run by src/startup/code-cache.ts, where `import()` is not available without an experimental
 * flag, so the launcher's own `import()` is handed in as `__cartDoctorVendor`.
 */
const vendorThroughLauncher = {
  name: 'vendor-through-launcher',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]sources[\\/]vendor\.ts$/ }, () => ({
      contents: [
        'export const importAwsClient = (service) => __cartDoctorVendor(`aws-${service}`);',
        "export const importKubeClient = () => __cartDoctorVendor('kube-client');",
      ].join('\n'),
      loader: 'js',
    }));
  },
};

// 2. The app: every command's own code in one script, so V8 can cache all of it (src/startup/code-cache.ts).
const app = await build({
  entryPoints: { app: 'src/cli.ts' },
  outdir: 'dist/chunks',
  entryNames: '[name]-[hash]',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  plugins: [lazyStringWidth, vendorThroughLauncher],
  minify: true,
  define: { 'import.meta.url': '__cartDoctorImportMetaUrl' },
  metafile: true,
  logLevel: 'warning',
});
const [appFile] = Object.keys(app.metafile.outputs);
const appText = readFileSync(appFile, 'utf8');
// Inside the cached script, import() would need an experimental flag; every vendor module goes through the launcher.
if (/(?<![\w$.])import\(/.test(appText)) throw new Error(`bundle: ${appFile} calls import(); route it through src/sources/vendor.ts`);
if (!appText.includes('__cartDoctorVendor'))
  throw new Error(`bundle: ${appFile} does not reach the vendor modules through the launcher; review scripts/bundle.mjs`);

// 3. The launcher, dist/cli.js: small, so --version answers before the app loads.
await build({
  entryPoints: { cli: 'src/launch.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  define: { CART_DOCTOR_APP: JSON.stringify(`./chunks/${appFile.slice('dist/chunks/'.length)}`) },
  logLevel: 'warning',
});

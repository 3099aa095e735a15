/**
 * Builds the explorer into `.cache/explorer/<hash>/`: GraphiQL and the hub's panels bundled by
 * esbuild from the npm packages (nothing is loaded from a CDN), Monaco's three workers, and the
 * API reference (page and data). A build is written beside the cache and renamed into place, so
 * processes building at once never see half a build; older builds are removed.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { SUBGRAPH_NAMES } from '../../subgraphs/shared/platform/config.ts';
import { buildDir, CACHE, currentBuild, inputsHash, ROOT, type Manifest } from './assets.ts';
import { buildReference } from './reference.ts';
import { renderReferencePage } from './referencePage.ts';

/**
 * GraphiQL's stylesheet already carries Monaco's styles (and its icon font, inlined); the CSS
 * files Monaco's modules import would only repeat them.
 */
const monacoCssOnce: esbuild.Plugin = {
  name: 'monaco-css-once',
  setup(build) {
    build.onResolve({ filter: /\.css$/ }, (args) =>
      args.importer.includes('/node_modules/monaco-editor/') ? { path: args.path, namespace: 'monaco-css' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'monaco-css' }, () => ({ contents: '', loader: 'css' }));
  },
};

const WORKERS = {
  'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
  'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
  'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
};

const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

async function bundle(outdir: string): Promise<void> {
  const common: esbuild.BuildOptions = {
    absWorkingDir: fileURLToPath(ROOT),
    bundle: true,
    minify: true,
    outdir,
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  };
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { main: fileURLToPath(new URL('./app/main.tsx', import.meta.url)) },
      format: 'esm',
      splitting: true,
      chunkNames: 'chunk-[hash]',
      jsx: 'automatic',
      loader: { '.ttf': 'file', '.woff2': 'file' },
      plugins: [monacoCssOnce],
    }),
    // classic workers, each self-contained: they share nothing with the page
    esbuild.build({ ...common, entryPoints: WORKERS, format: 'iife', plugins: [monacoCssOnce] }),
  ]);
}

/** Keeps the newest builds (a gateway started before a change still serves its own) and drops the rest. */
function removeOldBuilds(keep: number): void {
  const hour = 60 * 60 * 1000;
  const entries = readdirSync(CACHE).map((name) => ({ name, mtime: statSync(new URL(`${name}/`, CACHE)).mtimeMs }));
  const builds = entries.filter((e) => !e.name.includes('.tmp-')).sort((a, b) => b.mtime - a.mtime);
  // another process may be writing a temporary build right now; only old ones are left-overs
  const leftovers = entries.filter((e) => e.name.includes('.tmp-') && Date.now() - e.mtime > hour);
  for (const e of [...builds.slice(keep), ...leftovers]) rmSync(new URL(`${e.name}/`, CACHE), { recursive: true, force: true });
}

/** Builds this checkout's explorer unless it is built already; returns its manifest. */
export async function buildExplorer(): Promise<Manifest> {
  const existing = currentBuild();
  if (existing) return existing;
  const started = performance.now();
  const hash = inputsHash();
  const dir = buildDir(hash);
  mkdirSync(CACHE, { recursive: true });
  const tmp = new URL(`${hash}.tmp-${process.pid}-${randomUUID().slice(0, 8)}/`, CACHE);
  try {
    await bundle(fileURLToPath(tmp));
    const reference = buildReference(read('schema/supergraph.graphql'), Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, read(`subgraphs/${n}/schema.graphql`)])));
    const builtAt = new Date().toISOString();
    writeFileSync(new URL('reference.json', tmp), JSON.stringify(reference));
    writeFileSync(new URL('reference.html', tmp), renderReferencePage(reference, { hash, builtAt }));
    const files = Object.fromEntries(
      readdirSync(tmp)
        .filter((f) => f !== 'manifest.json')
        .sort()
        .map((f) => [f, statSync(new URL(f, tmp)).size]),
    );
    const manifest: Manifest = { hash, files, builtAt, buildMs: Math.round(performance.now() - started) };
    writeFileSync(new URL('manifest.json', tmp), JSON.stringify(manifest, null, 1));
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // another process finished the same build first: use theirs
      if (!existsSync(new URL('manifest.json', dir))) throw err;
    }
    removeOldBuilds(3);
    return JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Manifest;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

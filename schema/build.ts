/**
 * `npm run build [-- --out <dir>]`: compiles the production processes to JavaScript (tsc with
 * tsconfig.build.json, the sources' `./x.ts` imports rewritten to `./x.js`) and copies beside them
 * the files they read at run time, at the same relative places: the supergraph, each subgraph's
 * SDL, and, for the demo seed job only, the showcase. `node dist/gateway/main.js`,
 * `node dist/subgraphs/serve.js <name>`, `node dist/gateway/clients.js` and
 * `node dist/gateway/keys.js` then run without tsx. The output must sit inside the project (the
 * default `dist/`), where Node finds node_modules and package.json's `"type": "module"`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** What the compiled code reads from disk, relative to the repository (and to the output). */
export function runtimeAssets(): string[] {
  const graphqlUnder = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) return graphqlUnder(path);
      return e.name.endsWith('.graphql') ? [path] : [];
    });
  return ['schema/supergraph.graphql', ...graphqlUnder('subgraphs'), 'test/fixtures/showcase.json'];
}

export function build(outDir: string): void {
  const out = resolve(ROOT, outDir);
  if (out === resolve(ROOT) || relative(ROOT, out).startsWith('..') || relative(ROOT, out).split(sep)[0] === 'node_modules') {
    throw new Error(`build: the output directory must be a new folder inside the project (default dist/), not ${outDir}`);
  }
  rmSync(out, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out], { cwd: ROOT, stdio: 'inherit' });
  if (compiled.status !== 0) throw new Error(`build: tsc failed (exit code ${compiled.status ?? compiled.signal})`);
  for (const asset of runtimeAssets()) {
    const target = join(out, asset);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(ROOT, asset), target);
  }
  if (!existsSync(join(out, 'gateway/main.js'))) throw new Error('build: tsc wrote no gateway/main.js');
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  try {
    const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' } }, strict: true });
    const started = Date.now();
    build(values.out!);
    console.log(`built ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s: node ${values.out}/gateway/main.js, node ${values.out}/subgraphs/serve.js <name>, node ${values.out}/subgraphs/worker.js`);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}

/**
 * Where the explorer's built files live, and whether they are current. The bundle (GraphiQL and
 * the hub's panels) and the API reference are built from sources in this checkout into the
 * git-ignored `.cache/explorer/<hash>/`, the hash covering everything they are made from; so a
 * changed schema, access matrix, lockfile or explorer source gives a new build, never a stale one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SUBGRAPH_NAMES } from '../../subgraphs/shared/platform/config.ts';

export const ROOT = new URL('../../', import.meta.url);
export const CACHE = new URL('.cache/explorer/', ROOT);

export interface Manifest {
  hash: string;
  /** every file served under /explorer/assets/<hash>/, by name, with its size */
  files: Record<string, number>;
  builtAt: string;
  buildMs: number;
}

/** What the build reads, relative to the repository root; the whole of gateway/dev/ too. */
const INPUTS = [
  'package-lock.json',
  'schema/supergraph.graphql',
  'subgraphs/shared/policy/matrix.ts',
  'subgraphs/shared/policy/factDirective.ts',
  'subgraphs/shared/policy/decide.ts',
  ...SUBGRAPH_NAMES.map((n) => `subgraphs/${n}/schema.graphql`),
];

function filesUnder(dir: URL): URL[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? filesUnder(new URL(`${e.name}/`, dir)) : [new URL(e.name, dir)]));
}

let memo: string | undefined;

/** The hash of the explorer's inputs in this checkout; read once per process. */
export function inputsHash(): string {
  if (memo) return memo;
  const h = createHash('sha256');
  const files = [...INPUTS.map((p) => new URL(p, ROOT)), ...filesUnder(new URL('./', import.meta.url))];
  for (const file of files) {
    h.update(fileURLToPath(file).slice(fileURLToPath(ROOT).length)).update('\0').update(readFileSync(file)).update('\0');
  }
  return (memo = h.digest('hex').slice(0, 16));
}

export const buildDir = (hash: string) => new URL(`${hash}/`, CACHE);

/** The manifest of the current build, or null when this checkout's explorer is not built yet. */
export function currentBuild(): Manifest | null {
  const manifest = new URL('manifest.json', buildDir(inputsHash()));
  if (!existsSync(manifest) || !statSync(manifest).isFile()) return null;
  return JSON.parse(readFileSync(manifest, 'utf8')) as Manifest;
}

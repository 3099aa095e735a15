/**
 * `npm run seed`: loads the showcase and the synthetic Jiangsu data into MongoDB, at any scale.
 *
 *   MONGODB_URI=mongodb://127.0.0.1:27017/credithub npm run seed -- --persons 1000000 --drop
 *
 * Documents are generated batch by batch and written in unordered bulk writes through the store
 * port, so memory stays flat whatever the scale; re-running replaces documents by _id. The hub's
 * indexes are created first. A progress bar on a terminal, plain lines otherwise, then a summary.
 * The tests import `seed()` to load their databases through this same path.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { ConfigError, loadConfig } from '../config.ts';
import { describeStartError } from '../startErrors.ts';
import type { CollectionName } from '../documents.ts';
import { INDEXES } from '../store/indexes.ts';
import { MongoStore } from '../store/mongo.ts';
import { StoreError, type Store } from '../store/port.ts';
import { COLLECTION_NAMES, DEFAULT_SCALE, showcaseDocuments, syntheticBatches, type SyntheticOptions } from './index.ts';
import { loadBatch } from './load.ts';
import { redListCount } from './synthetic.ts';

export const DEFAULT_BATCH = 5000;

export interface SeedOptions {
  /** the MongoDB to seed (opened and closed here) … */
  uri?: string;
  /** … or a store that is already open (left open) */
  store?: Store;
  scale?: SyntheticOptions;
  /** documents per generated batch (per entity kind) */
  batchSize?: number;
  /** empty the hub's collections first */
  drop?: boolean;
  /** a bar (terminal), periodic plain lines, or nothing */
  progress?: 'bar' | 'lines' | 'none';
  /** where plain progress lines go */
  log?: (line: string) => void;
}

export interface SeedSummary {
  /** documents written per collection by this run */
  written: Record<CollectionName, number>;
  /** documents in each collection afterwards */
  stored: Record<CollectionName, number>;
  /** documents removed by --drop */
  dropped: number;
  total: number;
  /** the whole run: connect, drop, indexes, writes, final counts */
  ms: number;
  /** documents written per second while writing */
  docsPerSecond: number;
}

/** Checks the scale before anything is connected: the generator's own rules, with its messages. */
export function validateScale(scale: SyntheticOptions, batchSize: number): void {
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`batchSize must be a positive integer, not ${batchSize}`);
  syntheticBatches(scale, 1).next(); // generates one record: the option checks run on the first step
}

/** How many batches the run writes: the showcase, then the generator's ranges per entity kind. */
function batchCount(scale: SyntheticOptions, batchSize: number): number {
  const kinds = [scale.persons, scale.enterprises, scale.merchants, scale.couriers, scale.listEntries, redListCount(scale.listEntries)];
  return 1 + kinds.reduce((n, k) => n + Math.ceil(k / batchSize), 0);
}

const zeroCounts = () => Object.fromEntries(COLLECTION_NAMES.map((n) => [n, 0])) as Record<CollectionName, number>;
const fmt = (n: number) => n.toLocaleString('en-US');

interface Progress {
  batch(done: number, docs: number): void;
  stop(): void;
}

function progressReporter(kind: SeedOptions['progress'], total: number, started: number, log: (line: string) => void): Progress {
  const rate = (docs: number) => fmt(Math.round(docs / Math.max((Date.now() - started) / 1000, 0.001)));
  if (kind === 'bar') {
    const bar = new cliProgress.SingleBar(
      {
        format: 'seeding [{bar}] {percentage}% | {value}/{total} batches | {docs} documents | {rate} docs/s | ETA {eta_formatted}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    // Ctrl-C: give the terminal its cursor back; what was written stays (a re-run replaces by _id)
    const interrupted = () => {
      bar.stop();
      process.stderr.write('seed: interrupted; the documents written so far stay, and a re-run completes the seed\n');
      process.exit(130);
    };
    process.once('SIGINT', interrupted);
    bar.start(total, 0, { docs: '0', rate: '0' });
    return {
      batch: (done, docs) => bar.update(done, { docs: fmt(docs), rate: rate(docs) }),
      stop: () => {
        process.removeListener('SIGINT', interrupted);
        bar.stop();
      },
    };
  }
  if (kind === 'lines') {
    // a line per tenth of the batches, and at least every 15 s on long runs
    let lastTenth = -1;
    let lastAt = 0;
    return {
      batch(done, docs) {
        const tenth = Math.floor((done / total) * 10);
        if (tenth === lastTenth && done !== total && Date.now() - lastAt < 15_000) return;
        lastTenth = tenth;
        lastAt = Date.now();
        log(`seed: ${Math.floor((done / total) * 100)}% (${done}/${total} batches), ${fmt(docs)} documents, ${rate(docs)} docs/s`);
      },
      stop: () => undefined,
    };
  }
  return { batch: () => undefined, stop: () => undefined };
}

/** Loads the showcase and the synthetic data at `scale` into the store; returns what it did. */
export async function seed(options: SeedOptions): Promise<SeedSummary> {
  const scale = options.scale ?? DEFAULT_SCALE;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  validateScale(scale, batchSize);
  if (!options.store && !options.uri) throw new ConfigError('seed needs a MongoDB URI (MONGODB_URI) or an open store');

  const started = Date.now();
  // bulk batches and index builds take longer than the hub's point lookups: a generous reply timeout
  const store = options.store ?? (await MongoStore.connect({ uri: options.uri!, socketTimeoutMS: 120_000 }));
  let progress: Progress | undefined;
  try {
    let dropped = 0;
    if (options.drop) {
      for (const name of COLLECTION_NAMES) dropped += await store.collection(name).deleteMany({});
    }
    await store.ensureIndexes(INDEXES);

    const written = zeroCounts();
    let total = 0;
    const onDocs = ({ collection, inserted }: { collection: CollectionName; inserted: number }) => {
      written[collection] += inserted;
      total += inserted;
    };
    const writing = Date.now();
    progress = progressReporter(options.progress ?? 'none', batchCount(scale, batchSize), writing, options.log ?? ((l) => console.log(l)));
    let done = 0;
    // loadSeed's two steps, batch by batch so that the progress can follow them
    await loadBatch(store, showcaseDocuments(), onDocs);
    progress.batch(++done, total);
    for (const batch of syntheticBatches(scale, batchSize)) {
      await loadBatch(store, batch, onDocs);
      progress.batch(++done, total);
    }
    progress.stop();
    const writeMs = Date.now() - writing;

    const stored = zeroCounts();
    for (const name of COLLECTION_NAMES) stored[name] = await store.collection(name).count({});
    return { written, stored, dropped, total, ms: Date.now() - started, docsPerSecond: Math.round(total / Math.max(writeMs / 1000, 0.001)) };
  } finally {
    progress?.stop();
    if (!options.store) await store.close().catch(() => undefined);
  }
}

/** The summary the CLI prints. */
export function formatSummary(summary: SeedSummary, where: string): string {
  const lines = [
    `seeded ${where} in ${(summary.ms / 1000).toFixed(1)} s: ${fmt(summary.total)} documents written at ${fmt(summary.docsPerSecond)} docs/s` +
      (summary.dropped ? `, ${fmt(summary.dropped)} removed first (--drop)` : ''),
    `  ${'collection'.padEnd(18)} ${'written'.padStart(10)} ${'in store'.padStart(10)}`,
  ];
  for (const name of COLLECTION_NAMES) {
    lines.push(`  ${name.padEnd(18)} ${fmt(summary.written[name]).padStart(10)} ${fmt(summary.stored[name]).padStart(10)}`);
  }
  return lines.join('\n');
}

// ---------- the command line ----------

const USAGE = `usage: MONGODB_URI=mongodb://host:27017/credithub npm run seed -- [options]

Loads the showcase and synthetic Jiangsu data into MongoDB (replacing documents by _id) and
creates the hub's indexes. The embedded store needs no seeding: it seeds itself at start.

  --persons N        synthetic persons        (default ${fmt(DEFAULT_SCALE.persons)})
  --enterprises N    synthetic enterprises    (default ${fmt(DEFAULT_SCALE.enterprises)})
  --merchants N      synthetic merchants      (default ${fmt(DEFAULT_SCALE.merchants)})
  --couriers N       synthetic couriers       (default ${fmt(DEFAULT_SCALE.couriers)}; at most --persons)
  --list-entries N   black-list entries       (default ${fmt(DEFAULT_SCALE.listEntries)})
  --batch N          documents generated and written per batch (default ${fmt(DEFAULT_BATCH)})
  --drop             empty the hub's collections first
  -h, --help         this text

Exit codes: 0 done, 1 the store failed (unreachable, refused a write), 2 bad arguments or configuration.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliArgs {
  scale: SyntheticOptions;
  batchSize: number;
  drop: boolean;
  help: boolean;
}

function count(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const clean = raw.replace(/[_,]/g, '');
  const n = /^\d+$/.test(clean) ? Number(clean) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${flag} must be ${min > 0 ? 'a positive' : 'a non-negative'} whole number, not "${raw}"`);
  return n;
}

export function parseCli(argv: readonly string[]): CliArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        persons: { type: 'string' },
        enterprises: { type: 'string' },
        merchants: { type: 'string' },
        couriers: { type: 'string' },
        'list-entries': { type: 'string' },
        batch: { type: 'string' },
        drop: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const scale = {
    persons: count('persons', values.persons, DEFAULT_SCALE.persons, 0),
    enterprises: count('enterprises', values.enterprises, DEFAULT_SCALE.enterprises, 0),
    merchants: count('merchants', values.merchants, DEFAULT_SCALE.merchants, 0),
    couriers: count('couriers', values.couriers, DEFAULT_SCALE.couriers, 0),
    listEntries: count('list-entries', values['list-entries'], DEFAULT_SCALE.listEntries, 0),
  };
  const batchSize = count('batch', values.batch, DEFAULT_BATCH, 1);
  return { scale, batchSize, drop: !!values.drop, help: !!values.help };
}

/** One line for stderr: what went wrong and what to do, never a stack or a driver message. */
export function describeSeedError(err: unknown): string {
  if (err instanceof UsageError) return `${err.message}\n${USAGE}`;
  if (err instanceof ConfigError || (err instanceof StoreError && err.kind === 'UNAVAILABLE')) return describeStartError(err);
  if (err instanceof RangeError) return `invalid scale: ${err.message}`;
  if (err instanceof StoreError) {
    // the adapter's own messages: they name the operation, never the driver's internals
    return err.message.startsWith('MONGODB_URI') ? err.message : `the store refused the seed (${err.message})`;
  }
  return `failed: ${(err as Error)?.message ?? String(err)}`;
}

const redact = (uri: string) => uri.replace(/\/\/[^@/]*@/, '//***@');

export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  let uri: string | undefined;
  try {
    args = parseCli(argv);
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    validateScale(args.scale, args.batchSize);
    uri = loadConfig().mongodbUri;
    if (!uri) {
      throw new ConfigError(
        'MONGODB_URI is not set. The seed loads MongoDB, e.g.: MONGODB_URI=mongodb://127.0.0.1:27017/credithub npm run seed (the embedded store seeds itself at start)',
      );
    }
  } catch (err) {
    console.error(`seed: ${describeSeedError(err)}`);
    return 2;
  }
  try {
    const summary = await seed({
      uri,
      scale: args.scale,
      batchSize: args.batchSize,
      drop: args.drop,
      progress: process.stderr.isTTY ? 'bar' : 'lines',
      log: (line) => console.error(line),
    });
    console.log(formatSummary(summary, redact(uri)));
    return 0;
  } catch (err) {
    console.error(`seed: ${describeSeedError(err)}`);
    return err instanceof RangeError || err instanceof ConfigError ? 2 : 1;
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  process.exitCode = await main(process.argv.slice(2));
}

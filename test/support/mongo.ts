/**
 * Helpers for the MongoDB suites. They run when MONGODB_URI is set (CI starts FerretDB and sets
 * it, see .ci/run) and are skipped, visibly, otherwise. Each test file works in a database of
 * its own, `<db>_<random>`, dropped when the file is done, so files can run in parallel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { describe } from 'vitest';
import { MongoClient, type Db } from 'mongodb';
import { MongoStore } from '../../subgraphs/shared/platform/store/mongo.ts';

/** Tests may read the environment; the hub reads it only through loadConfig(). */
export const MONGODB_URI = process.env.MONGODB_URI || undefined;

export const describeMongo = MONGODB_URI ? describe : describe.skip;

/** The FerretDB test server built by `source .ci/ferretdb.sh && ferretdb_build`. */
export const FERRETDB_BIN = new URL('../../.cache/ferretdb/ferretdb', import.meta.url).pathname;
export const HAVE_FERRETDB = existsSync(FERRETDB_BIN);

const URI_PARTS = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/([^?]*))?(\?.*)?$/;

/** The same server and options, another database. */
export function withDatabase(uri: string, db: string): string {
  const m = URI_PARTS.exec(uri);
  if (!m) throw new Error(`not a MongoDB URI: ${uri}`);
  return `${m[1]}/${db}${m[3] ?? ''}`;
}

export function databaseOf(uri: string): string {
  return decodeURIComponent(URI_PARTS.exec(uri)?.[2] || 'test');
}

export interface FreshMongo {
  store: MongoStore;
  /** the URI of the fresh database (give it to seed() or openStore()) */
  uri: string;
  dbName: string;
  /** a raw driver handle on the same database, to look behind the port (listIndexes, …) */
  db: Db;
  /** drops the database and closes both connections */
  dispose(): Promise<void>;
}

/** A store on a new, empty database `<db of MONGODB_URI>_<random>`. Call dispose() in afterAll. */
export async function freshMongoStore(): Promise<FreshMongo> {
  if (!MONGODB_URI) throw new Error('freshMongoStore needs MONGODB_URI (use describeMongo)');
  const dbName = `${databaseOf(MONGODB_URI)}_${randomBytes(4).toString('hex')}`;
  const uri = withDatabase(MONGODB_URI, dbName);
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const db = client.db();
  const store = await MongoStore.connect({ uri });
  return {
    store,
    uri,
    dbName,
    db,
    async dispose() {
      await store.close().catch(() => undefined);
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

/** A FerretDB process of the test's own, on a fixed port and state dir, so it can be stopped and started again. */
export interface FerretDB {
  port: number;
  /** mongodb://127.0.0.1:<port>/<db> */
  uri(db: string): string;
  /** SIGTERM, then wait for the process to exit (FerretDB gives open connections up to 3 s) */
  stop(): Promise<void>;
  /** start again on the same port and state dir */
  start(): Promise<void>;
}

export async function startFerretDB(stateDir: string): Promise<FerretDB> {
  let child: ChildProcess | undefined;
  let port = 0;
  const launch = async () => {
    const proc = spawn(FERRETDB_BIN, ['-listen-addr', `127.0.0.1:${port}`, '-state-dir', stateDir, '-log-level', 'error'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let out = '';
    const listening = new Promise<number>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        out += chunk;
        const m = /ferretdb listening on mongodb:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (m) resolve(Number(m[1]));
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.once('exit', (code) => reject(new Error(`ferretdb exited during start (code ${code}): ${out}`)));
      proc.once('error', reject);
    });
    port = await listening;
  };
  await launch();
  return {
    get port() {
      return port;
    },
    uri: (db) => `mongodb://127.0.0.1:${port}/${db}`,
    async stop() {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, 'exit');
      proc.kill('SIGTERM');
      await exited;
    },
    start: launch,
  };
}

// ---------- a store that is down: commands as child processes, ports nobody listens on ----------

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stderr's non-empty lines */
  errorLines: string[];
}

/**
 * Runs a command in the repository with `env` on top of this process's environment, and waits for
 * it to exit on its own. One still running after `limitMs` is killed and reported with signal
 * SIGKILL: the guard against a start-up that retries for ever.
 */
export function run(command: string, args: readonly string[], env: Record<string, string | undefined>, limitMs = 30_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, errorLines: stderr.split('\n').filter((l) => l.trim() !== '') });
    });
  });
}

/** Text that would betray internals to a client or on an operator's terminal. */
export const INTERNALS = /\n\s+at |\bat .+:\d+:\d+|\.ts:\d+|node_modules|Mongo[A-Z][A-Za-z]*Error|ECONNREFUSED|[Ss]erver selection|stack/;

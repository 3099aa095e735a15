/**
 * The production adapter: the official MongoDB driver. Only portable operators are used, so the
 * same code runs against MongoDB 7 and FerretDB (see the README's MongoDB section).
 */
import {
  MongoBulkWriteError,
  MongoClient,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoParseError,
  MongoServerClosedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type Db,
  type Filter as MongoFilter,
  type AnyBulkWriteOperation,
} from 'mongodb';
import type { CollectionName, Collections } from './port.ts';
import {
  type Collection,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type Store,
  StoreError,
  type Update,
  type UpdateResult,
} from './port.ts';

const BULK_CHUNK = 1000;
/**
 * At most this many replacements per bulk write. FerretDB v1.24.2 holds one SQLite connection per
 * update statement that matched a document until the whole command ends, and its pool has 100:
 * a command replacing 100 existing documents deadlocks the server (measured: 99 pass, 100 hang).
 */
const REPLACE_CHUNK = 50;

/**
 * Server error codes that mean "the server cannot serve this now" rather than "this request is
 * wrong": host unreachable/not found, network timeout, shutdown in progress, primary stepped down,
 * exceeded time limit, socket exception, not writable primary, interrupted at shutdown or by a
 * replica-set state change, not primary (no secondary ok / or secondary).
 */
const UNAVAILABLE_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);
/** Driver labels on errors after which the connection pool is reset or the operation may be retried. */
const UNAVAILABLE_LABELS = ['ResetPool', 'RetryableWriteError', 'SystemOverloadedError'];
/** Driver-internal errors not exported by the package, recognised by name. */
const UNAVAILABLE_NAMES = new Set(['MongoWaitQueueTimeoutError', 'MongoPoolClosedError']);

/**
 * The error and what it wraps: a bulk write that failed for a network reason is a MongoBulkWriteError
 * whose `errorResponse` is the network error (insertMany and bulkWrite both go through it).
 */
function* chain(err: unknown): Generator<unknown> {
  for (let e = err, depth = 0; e && depth < 4; depth++) {
    yield e;
    const inner = (e as { errorResponse?: unknown }).errorResponse;
    e = inner instanceof Error ? inner : (e as { cause?: unknown }).cause;
  }
}

function isUnavailable(err: unknown): boolean {
  for (const e of chain(err)) if (isUnavailableItself(e)) return true;
  return false;
}

function isUnavailableItself(err: unknown): boolean {
  if (
    err instanceof MongoNetworkError || // includes timeouts and pool-cleared errors
    err instanceof MongoServerSelectionError ||
    err instanceof MongoTopologyClosedError ||
    err instanceof MongoServerClosedError ||
    err instanceof MongoNotConnectedError
  ) {
    return true;
  }
  if (!(err instanceof MongoError)) return false;
  if (UNAVAILABLE_NAMES.has(err.name)) return true;
  if (UNAVAILABLE_LABELS.some((label) => err.hasErrorLabel(label))) return true;
  return typeof err.code === 'number' && UNAVAILABLE_CODES.has(err.code);
}

/**
 * A unique-key violation. MongoDB reports 11000 (11001 on old servers); FerretDB v1.24 reports it
 * so for inserts, but a violation caused by an update or a replacement comes back as code 1
 * (InternalError) carrying SQLite's "UNIQUE constraint failed" message.
 */
function isDuplicate(err: unknown): boolean {
  if (!(err instanceof MongoError)) return false;
  const one = (e: { code?: unknown; errmsg?: unknown; message?: unknown }) =>
    e.code === 11000 || e.code === 11001 || (e.code === 1 && /UNIQUE constraint failed/.test(String(e.errmsg ?? e.message ?? '')));
  const list = writeErrorsOf(err);
  if (list.length > 0) return list.every((w) => one(w));
  return one(err);
}

/** The per-document errors of a failed bulk write (the driver gives one or a list). */
function writeErrorsOf(err: unknown) {
  return err instanceof MongoBulkWriteError ? [err.writeErrors].flat() : [];
}

/** Maps driver errors onto the port's three kinds; never lets driver internals travel upward. */
export function toStoreError(err: unknown, what: string): StoreError {
  if (err instanceof StoreError) return err;
  if (isUnavailable(err)) return new StoreError('UNAVAILABLE', `store unavailable during ${what}`, { cause: err });
  if (isDuplicate(err)) return new StoreError('DUPLICATE', `duplicate key during ${what}`, { cause: err });
  // the URI parser (mongodb-connection-string-url) throws its own MongoParseError class: match by name too
  if (err instanceof MongoParseError || (err as Error)?.name === 'MongoParseError') {
    return new StoreError('INVALID', `MONGODB_URI is not a valid MongoDB connection string (${(err as Error).message})`, { cause: err });
  }
  if (err instanceof MongoError && (err.code === 18 || err.code === 13)) {
    return new StoreError('INVALID', `the MongoDB store refused the credentials or rights of MONGODB_URI during ${what}`, { cause: err });
  }
  return new StoreError('INVALID', `store rejected ${what}`, { cause: err });
}

function upsertHasId(filter: Filter, update: Update): boolean {
  const set = update.$set as Record<string, unknown> | undefined;
  const setOnInsert = update.$setOnInsert as Record<string, unknown> | undefined;
  return typeof filter._id === 'string' || typeof set?._id === 'string' || typeof setOnInsert?._id === 'string';
}

async function guard<R>(what: string, op: () => Promise<R>): Promise<R> {
  try {
    return await op();
  } catch (err) {
    throw toStoreError(err, what);
  }
}

class MongoCollection<T extends { _id: string }> implements Collection<T> {
  constructor(
    readonly name: CollectionName,
    private readonly db: Db,
  ) {}

  private get col() {
    return this.db.collection<T>(this.name);
  }

  find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return guard(`find in ${this.name}`, async () => {
      let cursor = this.col.find(filter as MongoFilter<T>);
      if (options.fields) cursor = cursor.project(Object.fromEntries(options.fields.map((f) => [f, 1])));
      if (options.sort) cursor = cursor.sort(options.sort);
      if (options.skip) cursor = cursor.skip(options.skip);
      if (options.limit) cursor = cursor.limit(options.limit);
      return (await cursor.toArray()) as T[];
    });
  }

  findOne(filter: Filter): Promise<T | null> {
    return guard(`findOne in ${this.name}`, async () => (await this.col.findOne(filter as MongoFilter<T>)) as T | null);
  }

  count(filter: Filter): Promise<number> {
    return guard(`count in ${this.name}`, () => this.col.countDocuments(filter as MongoFilter<T>));
  }

  insertOne(doc: T): Promise<void> {
    return guard(`insert into ${this.name}`, async () => {
      await this.col.insertOne(doc as never);
    });
  }

  insertMany(docs: readonly T[]): Promise<number> {
    return guard(`insert into ${this.name}`, async () => {
      // Unordered across chunks too: a duplicate in one chunk does not stop the others.
      let n = 0;
      let duplicate: unknown;
      for (let i = 0; i < docs.length; i += BULK_CHUNK) {
        try {
          const res = await this.col.insertMany(docs.slice(i, i + BULK_CHUNK) as never[], { ordered: false });
          n += res.insertedCount;
        } catch (err) {
          if (!(err instanceof MongoBulkWriteError) || !isDuplicate(err)) throw err;
          n += err.insertedCount;
          duplicate ??= err;
        }
      }
      if (duplicate) {
        throw new StoreError('DUPLICATE', `duplicate key during insert into ${this.name}: ${n} of ${docs.length} documents inserted`, {
          cause: duplicate,
        });
      }
      return n;
    });
  }

  /**
   * Insert first, then replace the documents that already exist. A first seed is all inserts, the
   * fastest bulk path everywhere; a re-seed replaces in small bulks (REPLACE_CHUNK, for FerretDB).
   * Each document is inserted or replaced whole; the last of repeated ids wins.
   */
  upsertMany(docs: readonly T[]): Promise<number> {
    return guard(`bulk upsert into ${this.name}`, async () => {
      let n = 0;
      for (let i = 0; i < docs.length; i += BULK_CHUNK) {
        const chunk = docs.slice(i, i + BULK_CHUNK);
        let existing: readonly T[] = [];
        try {
          n += (await this.col.insertMany(chunk as never[], { ordered: false })).insertedCount;
        } catch (err) {
          const failed = writeErrorsOf(err);
          if (failed.length === 0 || !isDuplicate(err)) throw err;
          n += (err as MongoBulkWriteError).insertedCount;
          existing = failed.map((w) => chunk[w.index]!);
        }
        for (let j = 0; j < existing.length; j += REPLACE_CHUNK) {
          const ops = existing.slice(j, j + REPLACE_CHUNK).map(
            (doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } }) as unknown as AnyBulkWriteOperation<T>,
          );
          const res = await this.col.bulkWrite(ops, { ordered: false });
          // each was matched (and replaced, perhaps by an identical document) or, if deleted meanwhile, inserted
          n += res.matchedCount + res.upsertedCount;
        }
      }
      return n;
    });
  }

  updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return guard(`update in ${this.name}`, async () => {
      // The port's documents have string ids: an upsert must name one rather than let the server make an ObjectId.
      if (options.upsert && !upsertHasId(filter, update)) {
        throw new StoreError('INVALID', `upsert into ${this.name} needs a string _id in the filter or in $set`);
      }
      const res = await this.col.updateOne(filter as MongoFilter<T>, update, { upsert: !!options.upsert });
      return { matched: res.matchedCount, modified: res.modifiedCount, upserted: res.upsertedCount > 0 };
    });
  }

  deleteMany(filter: Filter): Promise<number> {
    return guard(`delete in ${this.name}`, async () => (await this.col.deleteMany(filter as MongoFilter<T>)).deletedCount);
  }
}

export interface MongoStoreOptions {
  uri: string;
  /** how long a request waits for an unreachable server before failing (also the connect timeout) */
  serverSelectionTimeoutMS?: number;
  /**
   * how long one reply may take on an open connection before the request fails: the guard against
   * a server that accepts connections but stops answering. Point lookups take milliseconds; the seed
   * CLI raises it for bulk batches and index builds. 0 = wait for ever.
   */
  socketTimeoutMS?: number;
}

export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  private readonly db: Db;

  private constructor(private readonly client: MongoClient) {
    this.db = client.db();
  }

  /** Connects and pings once; an unreachable server is one StoreError, not a retry loop. */
  static async connect(options: MongoStoreOptions): Promise<MongoStore> {
    let client: MongoClient;
    try {
      client = new MongoClient(options.uri, {
        serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 3000,
        connectTimeoutMS: options.serverSelectionTimeoutMS ?? 3000,
        socketTimeoutMS: options.socketTimeoutMS ?? 10_000,
        appName: 'credithub',
      });
    } catch (err) {
      throw toStoreError(err, 'connect');
    }
    try {
      await client.connect();
      const store = new MongoStore(client);
      await store.ping();
      return store;
    } catch (err) {
      await client.close().catch(() => undefined);
      throw toStoreError(err, 'connect');
    }
  }

  collection<K extends CollectionName>(name: K): Collection<Collections[K]> {
    return new MongoCollection<Collections[K]>(name, this.db);
  }

  async ensureIndexes(specs: readonly IndexSpec[]): Promise<void> {
    // One createIndexes command per index, not one per collection: FerretDB v1.24.2 panics and drops
    // the connection when a single command lists two or more indexes that all exist already, which
    // is every start after the first. MongoDB accepts either form; an existing index is a no-op.
    await guard('index creation', async () => {
      for (const s of specs) {
        await this.db.collection(s.collection).createIndex(s.keys, {
          name: s.name ?? Object.entries(s.keys).map(([k, d]) => `${k}_${d}`).join('_'),
          ...(s.unique ? { unique: true } : {}),
        });
      }
    });
  }

  ping(): Promise<void> {
    return guard('ping', async () => {
      await this.db.command({ ping: 1 });
    });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

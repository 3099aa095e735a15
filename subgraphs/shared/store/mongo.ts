/**
 * The production adapter: the official MongoDB driver. Only portable operators are used, so the
 * same code runs against MongoDB 7 and FerretDB (see the README's MongoDB section).
 */
import {
  MongoClient,
  MongoError,
  MongoNetworkError,
  MongoServerSelectionError,
  type Db,
  type Filter as MongoFilter,
  type AnyBulkWriteOperation,
} from 'mongodb';
import type { CollectionName, Collections } from '../documents.ts';
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

/** Maps driver errors onto the port's three kinds; never lets driver internals travel upward. */
export function toStoreError(err: unknown, what: string): StoreError {
  if (err instanceof StoreError) return err;
  if (err instanceof MongoServerSelectionError || err instanceof MongoNetworkError) {
    return new StoreError('UNAVAILABLE', `store unavailable during ${what}`, { cause: err });
  }
  if (err instanceof MongoError) {
    if (err.code === 11000) return new StoreError('DUPLICATE', `duplicate key during ${what}`, { cause: err });
    const label = err.hasErrorLabel?.('RetryableWriteError') || err.hasErrorLabel?.('ResetPool');
    if (label || /not primary|connection|socket|topology|closed/i.test(err.message)) {
      return new StoreError('UNAVAILABLE', `store unavailable during ${what}`, { cause: err });
    }
  }
  return new StoreError('INVALID', `store rejected ${what}`, { cause: err });
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
      let n = 0;
      for (let i = 0; i < docs.length; i += BULK_CHUNK) {
        const res = await this.col.insertMany(docs.slice(i, i + BULK_CHUNK) as never[], { ordered: false });
        n += res.insertedCount;
      }
      return n;
    });
  }

  upsertMany(docs: readonly T[]): Promise<number> {
    return guard(`bulk upsert into ${this.name}`, async () => {
      let n = 0;
      for (let i = 0; i < docs.length; i += BULK_CHUNK) {
        const ops = docs.slice(i, i + BULK_CHUNK).map(
          (doc) =>
            ({
              replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true },
            }) as unknown as AnyBulkWriteOperation<T>,
        );
        const res = await this.col.bulkWrite(ops, { ordered: false });
        n += res.upsertedCount + res.modifiedCount + res.matchedCount - res.modifiedCount;
      }
      return n;
    });
  }

  updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return guard(`update in ${this.name}`, async () => {
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
  /** how long a request waits for an unreachable server before failing */
  serverSelectionTimeoutMS?: number;
}

export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  private readonly db: Db;

  private constructor(private readonly client: MongoClient) {
    this.db = client.db();
  }

  /** Connects and pings once; an unreachable server is one StoreError, not a retry loop. */
  static async connect(options: MongoStoreOptions): Promise<MongoStore> {
    const client = new MongoClient(options.uri, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 3000,
      connectTimeoutMS: options.serverSelectionTimeoutMS ?? 3000,
      appName: 'credithub',
    });
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
    const byCollection = new Map<CollectionName, IndexSpec[]>();
    for (const s of specs) byCollection.set(s.collection, [...(byCollection.get(s.collection) ?? []), s]);
    await guard('index creation', async () => {
      for (const [name, list] of byCollection) {
        await this.db.collection(name).createIndexes(
          list.map((s) => ({
            key: s.keys,
            name: s.name ?? Object.entries(s.keys).map(([k, d]) => `${k}_${d}`).join('_'),
            ...(s.unique ? { unique: true } : {}),
          })),
        );
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

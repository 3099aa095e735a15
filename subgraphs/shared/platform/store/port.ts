/**
 * The storage port. Repositories are written once against it; the MongoDB adapter and the
 * embedded adapter implement it with the same query semantics (MongoDB's query language).
 * Only the operations the repositories need are here, so both adapters can honour all of them.
 */

/**
 * The collections the hub stores, each with its document type. The port is generic over them: the
 * shared layers declare the collections they read themselves (facts/documents.ts, audit.ts,
 * wire/registry.ts), each subgraph adds its own in its documents.ts (`declare module`), and
 * subgraphs/collections.ts names every collection's owner and indexes, once, for all of them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled by declaration merging
export interface Collections {}
export type CollectionName = keyof Collections;

/** The index keys of some collections, as their declarer lists them: field paths in order, 1 ascending, -1 descending. */
export type CollectionIndexes = { readonly [K in CollectionName]?: readonly Readonly<Record<string, 1 | -1>>[] };

export type Filter = Record<string, unknown>;
export type Update = Record<string, unknown>;
export type Sort = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: Sort;
  limit?: number;
  skip?: number;
  /** inclusion projection: the fields to return (plus _id) */
  fields?: string[];
}

export interface UpdateResult {
  matched: number;
  modified: number;
  upserted: boolean;
}

export interface Collection<T extends { _id: string }> {
  readonly name: CollectionName;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  findOne(filter: Filter): Promise<T | null>;
  count(filter: Filter): Promise<number>;
  insertOne(doc: T): Promise<void>;
  /** Unordered bulk insert; a duplicate _id fails the call with a StoreError of kind DUPLICATE. */
  insertMany(docs: readonly T[]): Promise<number>;
  /** Replace-or-insert by _id, in bulk: the seeding path. */
  upsertMany(docs: readonly T[]): Promise<number>;
  updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  deleteMany(filter: Filter): Promise<number>;
}

export interface IndexSpec {
  collection: CollectionName;
  /** field paths in order; 1 ascending, -1 descending */
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  name?: string;
}

/** The index specs of some collections' declared keys. */
export function indexSpecs(declared: CollectionIndexes): IndexSpec[] {
  return (Object.keys(declared) as CollectionName[]).flatMap((collection) => (declared[collection] ?? []).map((keys) => ({ collection, keys: { ...keys } })));
}

export interface Store {
  readonly kind: 'mongodb' | 'embedded';
  collection<K extends CollectionName>(name: K): Collection<Collections[K]>;
  /** Creates the declared indexes (idempotent). */
  ensureIndexes(specs: readonly IndexSpec[]): Promise<void>;
  /** Cheap liveness probe for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type StoreErrorKind = 'UNAVAILABLE' | 'DUPLICATE' | 'INVALID';

/** The one error type repositories see, whatever the adapter. */
export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

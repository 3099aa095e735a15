/**
 * The embedded, in-process store: the zero-setup default. Query and update semantics come from
 * mingo (MongoDB's query language for in-memory objects); this file only keeps the documents,
 * the hash indexes declared in indexes.ts, and the copy-on-write discipline.
 */
import { isDeepStrictEqual } from 'node:util';
import { Query, update as applyUpdate } from 'mingo';
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

type Doc = { _id: string } & Record<string, unknown>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A top-level equality or $in condition on `field`, if the filter has one an index can serve. */
function keysFor(filter: Filter, field: string): unknown[] | undefined {
  if (!Object.hasOwn(filter, field)) return undefined;
  const cond = filter[field];
  if (cond === null || typeof cond !== 'object' || Array.isArray(cond)) return [cond];
  const ops = cond as Record<string, unknown>;
  // only a lone operator: the caller skips re-testing the condition the index answered
  if (Object.keys(ops).length !== 1) return undefined;
  if (Array.isArray(ops.$in)) return ops.$in;
  if (Object.hasOwn(ops, '$eq')) return [ops.$eq];
  return undefined;
}

type Scalar = string | number | boolean;

/** The filter's conditions when every one is `field: scalar` on a top-level field; else undefined. */
function plainEqualities(filter: Filter): [string, Scalar][] | undefined {
  const out: [string, Scalar][] = [];
  for (const [k, v] of Object.entries(filter)) {
    if (k.startsWith('$') || k.includes('.') || (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) return undefined;
    out.push([k, v]);
  }
  return out;
}

/** true/false when scalars decide it as MongoDB would; undefined when a document value needs mingo. */
function quickMatch(doc: Doc, equalities: [string, Scalar][]): boolean | undefined {
  for (const [k, v] of equalities) {
    const actual = doc[k];
    if (actual !== null && typeof actual === 'object') return undefined;
    if (actual !== v) return false;
  }
  return true;
}

/**
 * Readers get a fresh top-level object (callers such as Apollo's entity resolution add
 * properties to it); nested values stay frozen and shared, so nobody can change the store by accident.
 */
function project(doc: Doc, fields: string[] | undefined): Doc {
  if (!fields) return { ...doc };
  const out: Doc = { _id: doc._id };
  for (const f of fields) if (Object.hasOwn(doc, f)) out[f] = doc[f];
  return out;
}

/** mingo's errors (unknown operators, malformed updates) become the port's INVALID, as the driver's do in the MongoDB adapter. */
function rejectingInvalid<R>(what: string, op: () => R): R {
  try {
    return op();
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError('INVALID', `store rejected the ${what}`, { cause: err });
  }
}

/**
 * An update of only `$set` and `$unset` on top-level fields, applied without the query engine
 * (whose per-call setup dominated the worker's claims and settlements); undefined for any other
 * update, which mingo applies. Same result as MongoDB: the fields set (copied), the fields unset
 * removed, and `changed` false when the document would be left as it was.
 */
function plainUpdate(current: Doc, update: Update): { next: Doc; changed: boolean } | undefined {
  const ops = Object.keys(update);
  if (ops.length === 0 || ops.some((op) => op !== '$set' && op !== '$unset')) return undefined;
  const set = (update.$set ?? {}) as Record<string, unknown>;
  const unset = (update.$unset ?? {}) as Record<string, unknown>;
  if (typeof set !== 'object' || typeof unset !== 'object') return undefined;
  const fields = [...Object.keys(set), ...Object.keys(unset)];
  if (fields.some((f) => f === '_id' || f.includes('.') || f.startsWith('$')) || new Set(fields).size !== fields.length) return undefined;
  const next: Doc = { ...current };
  let changed = false;
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) return undefined;
    if (!isDeepStrictEqual(current[k], v)) changed = true;
    next[k] = structuredClone(v);
  }
  for (const k of Object.keys(unset)) {
    if (Object.hasOwn(next, k)) {
      changed = true;
      delete next[k];
    }
  }
  return { next, changed };
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  return (a as string | number) < (b as string | number) ? -1 : 1;
}

class EmbeddedCollection<T extends { _id: string }> implements Collection<T> {
  private readonly docs = new Map<string, Doc>();
  /** field -> value -> ids */
  private readonly hashes = new Map<string, Map<unknown, Set<string>>>();
  private readonly unique = new Set<string>();

  constructor(readonly name: CollectionName) {}

  addIndex(field: string, unique: boolean): void {
    if (field === '_id' || this.hashes.has(field)) return;
    const map = new Map<unknown, Set<string>>();
    this.hashes.set(field, map);
    if (unique) this.unique.add(field);
    for (const doc of this.docs.values()) this.indexDoc(doc, field, map);
  }

  /** Index keys of a document's field: its value, or — as MongoDB's multikey indexes — each element of an array. */
  private static keysOf(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [value];
  }

  private indexDoc(doc: Doc, field: string, map: Map<unknown, Set<string>>): void {
    for (const v of EmbeddedCollection.keysOf(doc[field])) {
      let ids = map.get(v);
      if (!ids) map.set(v, (ids = new Set()));
      ids.add(doc._id);
    }
  }

  private put(doc: Doc): void {
    // checked before anything changes: a refused write leaves the document and its index entries as they were
    for (const field of this.unique) {
      const holders = this.hashes.get(field)?.get(doc[field]);
      if (holders && [...holders].some((id) => id !== doc._id)) {
        throw new StoreError('DUPLICATE', `duplicate key in ${this.name}.${field}`);
      }
    }
    const old = this.docs.get(doc._id);
    if (old) this.unindex(old);
    this.docs.set(doc._id, deepFreeze(doc));
    for (const [field, map] of this.hashes) this.indexDoc(doc, field, map);
  }

  private unindex(doc: Doc): void {
    for (const [field, map] of this.hashes) for (const v of EmbeddedCollection.keysOf(doc[field])) map.get(v)?.delete(doc._id);
  }

  /**
   * Candidates narrowed by _id or the most selective usable hash index, then matched by mingo
   * on the rest of the filter. The condition an index answered is not tested again: an indexed
   * field holds a scalar or an array of scalars (indexed element by element), for which an
   * equality or `$in` lookup of a scalar is exactly MongoDB's semantics.
   */
  private match(filter: Filter): Doc[] {
    let candidates: Iterable<Doc> = this.docs.values();
    let answered: string | undefined;
    const ids = keysFor(filter, '_id');
    if (ids) {
      // each document once, however often its id is listed (as MongoDB)
      candidates = [...new Set(ids)].map((id) => this.docs.get(id as string)).filter((d): d is Doc => !!d);
      answered = '_id';
    } else {
      let best: Set<string> | undefined;
      for (const [field, map] of this.hashes) {
        const values = keysFor(filter, field);
        if (!values) continue;
        const found = new Set<string>();
        for (const v of values) for (const id of map.get(v) ?? []) found.add(id);
        if (!best || found.size < best.size) {
          best = found;
          answered = field;
        }
      }
      if (best) candidates = [...best].map((id) => this.docs.get(id)!);
    }
    const rest = answered ? Object.fromEntries(Object.entries(filter).filter(([k]) => k !== answered)) : filter;
    if (Object.keys(rest).length === 0) return [...candidates];
    const equalities = plainEqualities(rest);
    let compiled: Query | undefined;
    const query = () => (compiled ??= rejectingInvalid('query', () => new Query(rest)));
    if (!equalities) query(); // an invalid filter fails even when no document is a candidate
    const out: Doc[] = [];
    for (const doc of candidates) {
      // Equality on scalars needs no query engine; anything else (arrays, operators) goes to mingo.
      const quick = equalities && quickMatch(doc, equalities);
      if (quick === true || (quick === undefined && query().test(doc))) out.push(doc);
    }
    return out;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    let docs = this.match(filter);
    if (options.sort) {
      const entries = Object.entries(options.sort);
      docs = docs.slice().sort((a, b) => {
        for (const [field, dir] of entries) {
          const c = compare(a[field], b[field]);
          if (c !== 0) return c * dir;
        }
        return 0;
      });
    }
    const start = options.skip ?? 0;
    const end = options.limit ? start + options.limit : undefined;
    if (start || end !== undefined) docs = docs.slice(start, end);
    return docs.map((d) => project(d, options.fields)) as unknown as T[];
  }

  async findOne(filter: Filter): Promise<T | null> {
    return ((await this.find(filter, { limit: 1 }))[0] as T | undefined) ?? null;
  }

  async count(filter: Filter): Promise<number> {
    return Object.keys(filter).length === 0 ? this.docs.size : this.match(filter).length;
  }

  async insertOne(doc: T): Promise<void> {
    await this.insertMany([doc]);
  }

  /** Unordered, like MongoDB's: every document that can be stored is; then a duplicate fails the call. */
  async insertMany(docs: readonly T[]): Promise<number> {
    let inserted = 0;
    let duplicate: StoreError | undefined;
    for (const doc of docs) {
      if (this.docs.has(doc._id)) {
        duplicate ??= new StoreError('DUPLICATE', `duplicate _id ${JSON.stringify(doc._id)} in ${this.name}`);
        continue;
      }
      try {
        this.put(structuredClone(doc) as unknown as Doc);
        inserted++;
      } catch (err) {
        if (!(err instanceof StoreError) || err.kind !== 'DUPLICATE') throw err;
        duplicate ??= err;
      }
    }
    if (duplicate) {
      throw new StoreError('DUPLICATE', `${duplicate.message}: ${inserted} of ${docs.length} documents inserted`, { cause: duplicate });
    }
    return inserted;
  }

  async upsertMany(docs: readonly T[]): Promise<number> {
    for (const doc of docs) this.put(structuredClone(doc) as unknown as Doc);
    return docs.length;
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const [current] = this.match(filter);
    if (!current) {
      if (!options.upsert) return { matched: 0, modified: 0, upserted: false };
      const seed: Doc = { _id: '' };
      for (const [k, v] of Object.entries(filter)) {
        if (v === null || typeof v !== 'object') seed[k] = v;
      }
      rejectingInvalid('update', () => applyUpdate(seed, update as never));
      if (!seed._id) throw new StoreError('INVALID', `upsert into ${this.name} needs an _id`);
      this.put(seed);
      return { matched: 0, modified: 0, upserted: true };
    }
    const plain = plainUpdate(current, update);
    if (plain) {
      if (!plain.changed) return { matched: 1, modified: 0, upserted: false };
      this.put(plain.next);
      return { matched: 1, modified: 1, upserted: false };
    }
    const next = structuredClone(current);
    const changed = rejectingInvalid('update', () => applyUpdate(next, update as never));
    if (changed.length === 0) return { matched: 1, modified: 0, upserted: false };
    this.put(next);
    return { matched: 1, modified: 1, upserted: false };
  }

  async deleteMany(filter: Filter): Promise<number> {
    const victims = this.match(filter);
    for (const doc of victims) {
      this.unindex(doc);
      this.docs.delete(doc._id);
    }
    return victims.length;
  }
}

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  private readonly collections = new Map<CollectionName, EmbeddedCollection<{ _id: string }>>();

  collection<K extends CollectionName>(name: K): Collection<Collections[K]> {
    let c = this.collections.get(name);
    if (!c) this.collections.set(name, (c = new EmbeddedCollection(name)));
    return c as unknown as Collection<Collections[K]>;
  }

  async ensureIndexes(specs: readonly IndexSpec[]): Promise<void> {
    for (const spec of specs) {
      const fields = Object.keys(spec.keys);
      const first = fields[0];
      if (!first) throw new StoreError('INVALID', `index on ${spec.collection} has no keys`);
      const col = this.collection(spec.collection) as unknown as EmbeddedCollection<{ _id: string }>;
      col.addIndex(first, !!spec.unique && fields.length === 1);
    }
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}

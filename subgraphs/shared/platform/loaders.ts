/**
 * The two shapes every batch function takes: one document per key, or many per key.
 * Each issues one `$in` query per batch and returns results in key order (null / [] for misses).
 * Keys are strings (credit codes, refs), never objects, so the per-request cache works.
 */
import DataLoader from 'dataloader';

const OPTIONS = { maxBatchSize: 1000 } as const;

export function oneByKey<T>(fetch: (keys: readonly string[]) => Promise<T[]>, keyOf: (doc: T) => string): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (keys) => {
    const docs = await fetch(keys);
    const byKey = new Map(docs.map((d) => [keyOf(d), d]));
    return keys.map((k) => byKey.get(k) ?? null);
  }, OPTIONS);
}

export function manyByKey<T>(fetch: (keys: readonly string[]) => Promise<T[]>, keyOf: (doc: T) => string): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const docs = await fetch(keys);
    const byKey = new Map<string, T[]>();
    for (const d of docs) {
      const k = keyOf(d);
      const list = byKey.get(k);
      if (list) list.push(d);
      else byKey.set(k, [d]);
    }
    return keys.map((k) => byKey.get(k) ?? []);
  }, OPTIONS);
}

/** All keys through one loader, in key order; a failed batch fails the whole answer. */
export async function loadAll<T>(loader: DataLoader<string, T>, keys: readonly string[]): Promise<T[]> {
  return (await loader.loadMany(keys)).map((r) => {
    if (r instanceof Error) throw r;
    return r;
  });
}

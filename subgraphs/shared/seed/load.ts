/**
 * Loads seed documents into a store in bulk batches: the showcase verbatim every time, then the
 * synthetic data, streamed so that any scale fits in memory. Re-running replaces by _id.
 */
import type { CollectionName } from '../documents.ts';
import type { Store } from '../store/port.ts';
import type { SeedBatch } from './batch.ts';
import { showcaseDocuments } from './showcase.ts';
import { syntheticBatches, type SyntheticOptions } from './synthetic.ts';

export interface LoadProgress {
  (event: { collection: CollectionName; inserted: number }): void;
}

export async function loadBatch(store: Store, batch: Partial<SeedBatch>, progress?: LoadProgress): Promise<number> {
  let total = 0;
  for (const [name, docs] of Object.entries(batch) as [CollectionName, { _id: string }[]][]) {
    if (!docs?.length) continue;
    await store.collection(name).upsertMany(docs as never[]);
    total += docs.length;
    progress?.({ collection: name, inserted: docs.length });
  }
  return total;
}

export async function loadSeed(
  store: Store,
  scale: SyntheticOptions,
  options: { batchSize?: number; progress?: LoadProgress } = {},
): Promise<number> {
  let total = await loadBatch(store, showcaseDocuments(), options.progress);
  for (const batch of syntheticBatches(scale, options.batchSize ?? 5000)) {
    total += await loadBatch(store, batch, options.progress);
  }
  return total;
}

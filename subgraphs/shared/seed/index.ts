/**
 * Seed data: the showcase subjects verbatim plus deterministic synthetic Jiangsu data.
 * Pure document generation; inserting them is the loader's business.
 */
import { appendBatch, emptyBatch, type SeedBatch } from './batch.ts';
import { showcaseDocuments } from './showcase.ts';
import { syntheticDocuments, type SyntheticOptions } from './synthetic.ts';

export type { SeedBatch } from './batch.ts';
export { appendBatch, COLLECTION_NAMES, emptyBatch } from './batch.ts';
export { loadShowcase, showcaseDocuments, type Showcase } from './showcase.ts';
export {
  DEFAULT_SEED,
  enterpriseCodeAt,
  enterpriseCore,
  personCodeAt,
  personCore,
  QUERY_RECORD_CLASSES,
  SEED_AS_OF,
  syntheticBatches,
  syntheticDocuments,
  type SyntheticOptions,
} from './synthetic.ts';

export const DEFAULT_SCALE = Object.freeze({
  persons: 10_000,
  enterprises: 2_000,
  merchants: 3_000,
  couriers: 1_000,
  listEntries: 2_000,
}) satisfies SyntheticOptions;

/** The showcase followed by the synthetic data, per collection. */
export function seedDocuments(scale: SyntheticOptions = DEFAULT_SCALE): SeedBatch {
  return appendBatch(appendBatch(emptyBatch(), showcaseDocuments()), syntheticDocuments(scale));
}

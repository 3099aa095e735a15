import type { CollectionName, Collections } from '../documents.ts';

/** One array of documents per collection: what the loader inserts. */
export type SeedBatch = { [K in CollectionName]: Collections[K][] };

export const COLLECTION_NAMES: readonly CollectionName[] = [
  'persons',
  'financialDefaults',
  'consents',
  'objections',
  'repairRequests',
  'queryRecords',
  'clients',
  'registryEvents',
  'enterprises',
  'penalties',
  'officers',
  'merchants',
  'courierCompanies',
  'couriers',
  'sanctionEntries',
  'redList',
];

export function emptyBatch(): SeedBatch {
  return {
    persons: [],
    financialDefaults: [],
    consents: [],
    objections: [],
    repairRequests: [],
    queryRecords: [],
    clients: [],
    registryEvents: [],
    enterprises: [],
    penalties: [],
    officers: [],
    merchants: [],
    courierCompanies: [],
    couriers: [],
    sanctionEntries: [],
    redList: [],
  };
}

/** Appends every collection of `part` to `into`, in order; returns `into`. */
export function appendBatch(into: SeedBatch, part: Partial<SeedBatch>): SeedBatch {
  for (const name of COLLECTION_NAMES) {
    const docs = part[name];
    if (!docs) continue;
    // a loop, not push(...docs): spreading a million documents overflows the call stack
    const target = into[name] as unknown[];
    for (const doc of docs) target.push(doc);
  }
  return into;
}

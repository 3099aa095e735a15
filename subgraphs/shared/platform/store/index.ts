import { EmbeddedStore } from './embedded.ts';
import { MongoStore } from './mongo.ts';
import type { IndexSpec, Store } from './port.ts';

export * from './port.ts';
export { CountingStore } from './counting.ts';

/** MongoDB when a URI is configured, the embedded store otherwise; the given indexes are created either way. */
export async function openStore(options: { mongodbUri?: string | undefined; indexes: readonly IndexSpec[] }): Promise<Store> {
  const store: Store = options.mongodbUri
    ? await MongoStore.connect({ uri: options.mongodbUri })
    : new EmbeddedStore();
  await store.ensureIndexes(options.indexes);
  return store;
}

import { EmbeddedStore } from './embedded.ts';
import { INDEXES } from './indexes.ts';
import { MongoStore } from './mongo.ts';
import type { Store } from './port.ts';

export * from './port.ts';
export { INDEXES } from './indexes.ts';
export { CountingStore } from './counting.ts';

/** MongoDB when a URI is configured, the embedded store otherwise; indexes are created either way. */
export async function openStore(options: { mongodbUri?: string | undefined }): Promise<Store> {
  const store: Store = options.mongodbUri
    ? await MongoStore.connect({ uri: options.mongodbUri })
    : new EmbeddedStore();
  await store.ensureIndexes(INDEXES);
  return store;
}

import { EmbeddedStore } from './embedded.ts';
import { MongoStore } from './mongo.ts';
import type { IndexSpec, Store } from './port.ts';

export * from './port.ts';
export { CountingStore } from './counting.ts';

/** The deadline of one store call unless configured otherwise (HUB_STORE_TIMEOUT_MS). */
export const DEFAULT_STORE_TIMEOUT_MS = 3000;

/**
 * MongoDB when a URI is configured, the embedded store otherwise; the given indexes are created
 * either way. Each call to MongoDB fails as UNAVAILABLE after `timeoutMs`.
 */
export async function openStore(options: { mongodbUri?: string | undefined; indexes: readonly IndexSpec[]; timeoutMs?: number }): Promise<Store> {
  const store: Store = options.mongodbUri
    ? await MongoStore.connect({ uri: options.mongodbUri, operationTimeoutMS: options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS })
    : new EmbeddedStore();
  await store.ensureIndexes(options.indexes);
  return store;
}

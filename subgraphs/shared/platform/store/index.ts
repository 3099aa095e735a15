import { ConfigError } from '../config.ts';
import { EmbeddedStore } from './embedded.ts';
import { MongoStore } from './mongo.ts';
import type { IndexSpec, Store } from './port.ts';

export * from './port.ts';
export { CountingStore } from './counting.ts';

/**
 * MongoDB when a URI is configured, the embedded store otherwise; the given indexes are created
 * either way. Never the embedded store in production: it keeps everything in this process's memory,
 * the legally required audit records included, and loses it when the process stops.
 */
export async function openStore(options: { mongodbUri?: string | undefined; indexes: readonly IndexSpec[]; production?: boolean }): Promise<Store> {
  if (!options.mongodbUri && options.production) {
    throw new ConfigError('MONGODB_URI: required with NODE_ENV=production (the embedded store would keep the audit records in memory only)');
  }
  const store: Store = options.mongodbUri
    ? await MongoStore.connect({ uri: options.mongodbUri })
    : new EmbeddedStore();
  await store.ensureIndexes(options.indexes);
  return store;
}

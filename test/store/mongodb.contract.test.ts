/**
 * The store contract on the MongoDB adapter, against the server at MONGODB_URI (FerretDB in CI),
 * in a database of this file's own. Skipped, visibly, without MONGODB_URI.
 */
import { describeMongo, freshMongoStore } from '../support/mongo.ts';
import { storeContract } from './contract.ts';

describeMongo('the MongoDB store honours the storage port', () => {
  storeContract(async () => {
    const fresh = await freshMongoStore();
    return {
      store: fresh.store,
      indexesOf: async (collection) => (await fresh.db.collection(collection).listIndexes().toArray()) as never,
      dispose: () => fresh.dispose(),
    };
  }, { listsIndexes: true });
});

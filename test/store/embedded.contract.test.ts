/** The store contract on the embedded (in-process, mingo) adapter: always runs. */
import { describe } from 'vitest';
import { EmbeddedStore } from '../../subgraphs/shared/platform/store/embedded.ts';
import { storeContract } from './contract.ts';

describe('the embedded store honours the storage port', () => {
  storeContract(async () => ({ store: new EmbeddedStore(), dispose: async () => undefined }), { listsIndexes: false });
});

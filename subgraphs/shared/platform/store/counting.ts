/**
 * A store decorator that counts round trips per collection. Tests use it to prove batching
 * (one round trip per entity type per subgraph); nothing in production depends on it.
 */
import type { CollectionName, Collections } from './port.ts';
import type { Collection, IndexSpec, Store } from './port.ts';

export interface StoreCall {
  collection: CollectionName;
  op: string;
}

export class CountingStore implements Store {
  readonly calls: StoreCall[] = [];

  constructor(private readonly inner: Store) {}

  get kind() {
    return this.inner.kind;
  }

  collection<K extends CollectionName>(name: K): Collection<Collections[K]> {
    const target = this.inner.collection(name);
    const calls = this.calls;
    return new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push({ collection: name, op: String(prop) });
          return (value as (...a: unknown[]) => unknown).apply(obj, args);
        };
      },
    });
  }

  reset(): void {
    this.calls.length = 0;
  }

  ensureIndexes(specs: readonly IndexSpec[]) {
    return this.inner.ensureIndexes(specs);
  }

  ping() {
    return this.inner.ping();
  }

  close() {
    return this.inner.close();
  }
}

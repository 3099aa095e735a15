/** Per-request loaders of the sanctions subgraph. */
import type { LoaderDeps, SubgraphContext } from '../shared/platform/createSubgraph.ts';
import { manyByKey, oneByKey } from '../shared/platform/loaders.ts';
import { sanctionsRepository } from './repository.ts';

export function createLoaders({ store, views }: LoaderDeps) {
  const repo = sanctionsRepository(store);
  return {
    entry: oneByKey(repo.entries, (e) => e._id),
    entriesOf: manyByKey(async (subjects) => {
      void views.objectionsBySubject.loadMany(subjects);
      return repo.entriesOf(subjects);
    }, (e) => e.subject),
    redListOf: manyByKey(repo.redListOf, (r) => r.subject),
    noticesOf: manyByKey(repo.noticesOf, (n) => n.subject),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;

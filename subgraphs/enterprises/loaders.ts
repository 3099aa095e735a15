/** Per-request loaders of the enterprises subgraph. */
import type { LoaderDeps, SubgraphContext } from '../shared/platform/createSubgraph.ts';
import { manyByKey, oneByKey } from '../shared/platform/loaders.ts';
import { enterprisesRepository } from './repository.ts';

export function createLoaders({ store, views }: LoaderDeps) {
  const repo = enterprisesRepository(store);
  return {
    enterprise: oneByKey(async (codes) => {
      void views.objectionsBySubject.loadMany(codes);
      return repo.enterprises(codes);
    }, (e) => e._id),
    penalties: manyByKey(repo.penalties, (p) => p.subject),
    officers: manyByKey(repo.officersOf, (o) => o.enterprise),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;

/** Per-request loaders of the persons subgraph: one `$in` query per batch, results in key order. */
import type { LoaderDeps, SubgraphContext } from '../shared/createSubgraph.ts';
import { manyByKey, oneByKey } from '../shared/loaders.ts';
import { personsRepository } from './repository.ts';

export function createLoaders({ store, views }: LoaderDeps) {
  const repo = personsRepository(store);
  return {
    repo,
    person: oneByKey(async (codes) => {
      // The facts of these persons will want their objection flags: fetch them in the same tick.
      void views.objectionsBySubject.loadMany(codes);
      return repo.persons(codes);
    }, (p) => p._id),
    financialDefaults: manyByKey(repo.financialDefaults, (d) => d.subject),
    consents: manyByKey(repo.consents, (c) => c.subject),
    client: oneByKey(repo.clients, (c) => c._id),
    queryRecords: manyByKey(repo.queryRecords, (r) => r.subject),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;

/** Per-request loaders of the couriers subgraph. */
import type { LoaderDeps, SubgraphContext } from '../shared/platform/createSubgraph.ts';
import { oneByKey } from '../shared/platform/loaders.ts';
import { couriersRepository } from './repository.ts';

export function createLoaders({ store }: LoaderDeps) {
  const repo = couriersRepository(store);
  return {
    courier: oneByKey(repo.couriers, (c) => c._id),
    company: oneByKey(repo.companies, (c) => c._id),
    courierCount: oneByKey(repo.courierCounts, (c) => c.company),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;

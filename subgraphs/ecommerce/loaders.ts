/** Per-request loaders of the ecommerce subgraph. */
import type { LoaderDeps, SubgraphContext } from '../shared/platform/createSubgraph.ts';
import { manyByKey, oneByKey } from '../shared/platform/loaders.ts';
import { ecommerceRepository } from './repository.ts';

export function createLoaders({ store }: LoaderDeps) {
  const repo = ecommerceRepository(store);
  return {
    merchant: oneByKey(repo.merchants, (m) => m._id),
    merchantsOf: manyByKey(repo.merchantsOf, (m) => m.operator),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;

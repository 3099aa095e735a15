/** The couriers subgraph: what it is, with no side effects. subgraphs/serve.ts serves it. */
import { loadSchema, type SubgraphModule } from '../shared/platform/createSubgraph.ts';
import { holderOf, organisation, person, personSubject } from '../shared/facts/subjects.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { resolvers } from './generated/resolverMap.ts';

export const couriers: SubgraphModule<Loaders> = {
  name: 'couriers',
  typeDefs: loadSchema(import.meta.url),
  resolvers,
  createLoaders,
  subjects: {
    Query: () => null,
    Person: personSubject,
    Enterprise: (e) => organisation(e.creditCode),
    CourierProfile: (c) => person(c.person),
    CourierCompanyProfile: (c) => organisation(c.creditCode),
    CourierComplaint: holderOf,
    TrafficViolation: holderOf,
    ServiceWarning: holderOf,
  },
};

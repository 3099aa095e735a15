/** The enterprises subgraph: what it is, with no side effects. main.ts serves it. */
import { loadSchema, type SubgraphModule } from '../shared/createSubgraph.ts';
import { holderOf, organisation, personSubject } from '../shared/subjects.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';

export const enterprises: SubgraphModule<Loaders> = {
  name: 'enterprises',
  typeDefs: loadSchema(import.meta.url),
  resolvers: resolvers as SubgraphModule<Loaders>['resolvers'],
  createLoaders,
  subjects: {
    Query: () => null,
    Enterprise: (e) => organisation(e.creditCode),
    Person: personSubject,
    Officer: holderOf,
    EnterpriseRole: holderOf,
    Penalty: holderOf,
    Commitment: holderOf,
  },
};

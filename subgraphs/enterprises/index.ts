/** The enterprises subgraph: what it is, with no side effects. subgraphs/serve.ts serves it. */
import { loadSchema, type SubgraphModule } from '../shared/platform/createSubgraph.ts';
import { holderOf, organisation, person, personSubject } from '../shared/facts/subjects.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { resolvers } from './generated/resolverMap.ts';

export const enterprises: SubgraphModule<Loaders> = {
  name: 'enterprises',
  typeDefs: loadSchema(import.meta.url),
  resolvers,
  createLoaders,
  subjects: {
    Query: () => null,
    Enterprise: (e) => organisation(e.creditCode),
    'Enterprise#legalRepresentative': (e) => person(e.legalRepresentative),
    Person: personSubject,
    Officer: holderOf,
    'Officer#person': (o) => person(o.person),
    EnterpriseRole: holderOf,
    Penalty: holderOf,
    Commitment: holderOf,
  },
};

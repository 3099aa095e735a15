/** The ecommerce subgraph: what it is, with no side effects. main.ts serves it. */
import { loadSchema, type SubgraphModule } from '../shared/platform/createSubgraph.ts';
import { holderOf, organisation, personSubject, subjectOf } from '../shared/facts/subjects.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { Enterprise, Merchant, Person, Query, Violation } from './resolvers/Merchant.ts';
import type { Resolvers } from './generated/resolvers.ts';

const resolvers: Resolvers = { Query, Merchant, Violation, Person, Enterprise };

export const ecommerce: SubgraphModule<Loaders> = {
  name: 'ecommerce',
  typeDefs: loadSchema(import.meta.url),
  resolvers: resolvers as SubgraphModule<Loaders>['resolvers'],
  createLoaders,
  subjects: {
    Query: () => null,
    Merchant: (m) => subjectOf(m.operator, m.operatorKind),
    'Merchant#operator': (m) => subjectOf(m.operator, m.operatorKind),
    // the shop itself: its name and rating are public like an organisation's, whoever runs it
    'Merchant#shop': (m) => organisation(m.id),
    Person: personSubject,
    Enterprise: (e) => organisation(e.creditCode),
    Violation: holderOf,
  },
};

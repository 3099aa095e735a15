/** The ecommerce subgraph: what it is, with no side effects. subgraphs/serve.ts serves it. */
import { loadSchema, type SubgraphModule } from '../shared/platform/createSubgraph.ts';
import { holderOf, organisation, personSubject, subjectOf } from '../shared/facts/subjects.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { resolvers } from './generated/resolverMap.ts';
import { locateFacts } from './locator.ts';

export const ecommerce: SubgraphModule<Loaders> = {
  name: 'ecommerce',
  typeDefs: loadSchema(import.meta.url),
  resolvers,
  createLoaders,
  locateFacts,
  subjects: {
    Query: () => null,
    Merchant: (m) => subjectOf(m.operator, m.operatorKind),
    'Merchant#operator': (m) => subjectOf(m.operator, m.operatorKind),
    // the shop itself: its name and rating are public like an organisation's, whoever runs it
    'Merchant#shop': (m) => organisation(m.id),
    Person: personSubject,
    Enterprise: (e) => organisation(e.creditCode),
    Violation: holderOf,
    MerchantCommitment: holderOf,
    Mutation: () => null,
    CommitmentReceipt: () => null,
  },
};

/** The persons subgraph: what it is, with no side effects. subgraphs/serve.ts serves it. */
import type { SubgraphModule } from '../shared/platform/createSubgraph.ts';
import { loadSchema } from '../shared/platform/createSubgraph.ts';
import { holderOf, personSubject } from '../shared/facts/subjects.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { resolvers } from './generated/resolverMap.ts';
import { locateFacts } from './locator.ts';

export const persons: SubgraphModule<Loaders> = {
  name: 'persons',
  typeDefs: loadSchema(import.meta.url),
  resolvers,
  createLoaders,
  locateFacts,
  subjects: {
    Query: () => null,
    Mutation: () => null,
    DefaultReceipt: () => null,
    Person: personSubject,
    Occupation: holderOf,
    Misconduct: holderOf,
    FinancialDefault: holderOf,
    Consent: holderOf,
    Objection: holderOf,
    RepairRequest: holderOf,
    QueryRecord: holderOf,
    IdentityCheck: holderOf,
    ApplicantSummary: holderOf,
  },
};

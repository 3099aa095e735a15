/** The sanctions subgraph: what it is, with no side effects. subgraphs/serve.ts serves it. */
import { loadSchema, type SubgraphModule } from '../shared/platform/createSubgraph.ts';
import { holderOf, organisation, personSubject, subjectOf } from '../shared/facts/subjects.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { resolvers } from './generated/resolverMap.ts';
import { locateFacts } from './locator.ts';

export const sanctions: SubgraphModule<Loaders> = {
  name: 'sanctions',
  typeDefs: loadSchema(import.meta.url),
  resolvers,
  createLoaders,
  locateFacts,
  subjects: {
    Query: () => null,
    Mutation: () => null,
    Person: personSubject,
    Enterprise: (e) => organisation(e.creditCode),
    Sanctions: holderOf,
    SanctionEntry: (e) => subjectOf(e.subject, e.subjectKind),
    RedListEntry: (r) => subjectOf(r.subject, r.subjectKind),
    ScreenResult: () => null,
    ScreenHit: (h) => subjectOf(h.subject, h.subjectKind),
    Restriction: holderOf,
    ApplicantSummary: holderOf,
    PublicationReceipt: () => null,
    PublicationPage: () => null,
    PublisherCount: () => null,
    FeedReport: () => null,
    FeedLine: () => null,
    Notice: (n) => subjectOf(n.subject, 'PERSON'),
  },
};

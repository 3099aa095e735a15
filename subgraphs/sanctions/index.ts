/** The sanctions subgraph: what it is, with no side effects. main.ts serves it. */
import { loadSchema, type SubgraphModule } from '../shared/platform/createSubgraph.ts';
import { holderOf, organisation, personSubject, subjectOf } from '../shared/facts/subjects.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { Query as ScreenQuery, ScreenHit } from './resolvers/Screen.ts';
import { Enterprise, Person, Query, Restriction, SanctionEntry, Sanctions } from './resolvers/Sanctions.ts';
import type { Resolvers } from './generated/resolvers.ts';

const resolvers: Resolvers = { Query: { ...Query, ...ScreenQuery }, Mutation, Person, Enterprise, Sanctions, SanctionEntry, ScreenHit, Restriction };

export const sanctions: SubgraphModule<Loaders> = {
  name: 'sanctions',
  typeDefs: loadSchema(import.meta.url),
  resolvers: resolvers as SubgraphModule<Loaders>['resolvers'],
  createLoaders,
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
  },
};

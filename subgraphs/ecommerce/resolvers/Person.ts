import { personReference } from '../../shared/facts/subjects.ts';
import type { PersonResolvers } from '../generated/resolvers.ts';

export const Person: PersonResolvers = {
  __resolveReference: personReference,
  merchants: (p, _, { loaders }) => loaders.merchantsOf.load(p.creditCode),
};

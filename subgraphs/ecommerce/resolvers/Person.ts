import { personKey, personReference } from '../../shared/facts/subjects.ts';
import type { PersonResolvers } from '../generated/resolvers.ts';

export const Person: PersonResolvers = {
  __resolveReference: personReference,
  creditCode: personKey,
  merchants: (p, _, { loaders }) => loaders.merchantsOf.load(p.creditCode),
};

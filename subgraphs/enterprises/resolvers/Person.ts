import { hold, personKey, personReference, personSubject } from '../../shared/facts/subjects.ts';
import type { PersonResolvers } from '../generated/resolvers.ts';

export const Person: PersonResolvers = {
  __resolveReference: personReference,
  creditCode: personKey,
  enterpriseRoles: async (p, _, { loaders }) => hold(personSubject(p), await loaders.rolesOf.load(p.creditCode)),
};

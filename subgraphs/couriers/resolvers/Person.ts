import { personReference } from '../../shared/facts/subjects.ts';
import type { PersonResolvers } from '../generated/resolvers.ts';

export const Person: PersonResolvers = {
  __resolveReference: personReference,
  courierProfile: (p, _, { loaders }) => loaders.courier.load(p.creditCode),
};

import { personKey, personReference } from '../../shared/facts/subjects.ts';
import type { PersonResolvers } from '../generated/resolvers.ts';

export const Person: PersonResolvers = {
  __resolveReference: personReference,
  creditCode: personKey,
  // reached by a sealed key, the file names its courier by that key too, never by the ID
  courierProfile: async (p, _, { loaders }) => {
    const profile = await loaders.courier.load(p.creditCode);
    return profile && p.sealedKey ? { ...profile, sealedKey: p.sealedKey } : profile;
  },
};

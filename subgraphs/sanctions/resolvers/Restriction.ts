import type { RestrictionResolvers } from '../generated/resolvers.ts';

export const Restriction: RestrictionResolvers = {
  organisation: (r) => (r.organisation ? { creditCode: r.organisation } : null),
};

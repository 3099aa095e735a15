import type { OfficerResolvers } from '../generated/resolvers.ts';

export const Officer: OfficerResolvers = {
  person: (o) => ({ creditCode: o.person }),
};

import type { ObjectionResolvers } from '../generated/resolvers.ts';

export const Objection: ObjectionResolvers = {
  subject: (x, _, { loaders }) => loaders.person.load(x.subject),
};

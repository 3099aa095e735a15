import type { RepairRequestResolvers } from '../generated/resolvers.ts';

export const RepairRequest: RepairRequestResolvers = {
  subject: (x, _, { loaders }) => loaders.person.load(x.subject),
};

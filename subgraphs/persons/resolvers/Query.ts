import { assertCitizenId } from '../../shared/ids.ts';
import { checkBatch } from '../../shared/inputs.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  person: (_, { creditCode }, { loaders }) => loaders.person.load(assertCitizenId(creditCode, 'creditCode')),
  persons: async (_, { creditCodes }, { loaders }) => {
    const results = await loaders.person.loadMany(checkBatch(creditCodes, 'citizen', 'creditCodes'));
    return results.map((r) => {
      if (r instanceof Error) throw r;
      return r;
    });
  },
};

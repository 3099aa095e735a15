import { assertCreditCode } from '../../shared/ids.ts';
import { checkBatch } from '../../shared/inputs.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  enterprise: (_, { creditCode }, { loaders }) => loaders.enterprise.load(assertCreditCode(creditCode, 'creditCode')),
  enterprises: async (_, { creditCodes }, { loaders }) =>
    (await loaders.enterprise.loadMany(checkBatch(creditCodes, 'credit', 'creditCodes'))).map((r) => {
      if (r instanceof Error) throw r;
      return r;
    }),
};

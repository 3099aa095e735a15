import { assertCreditCode } from '../../shared/ids.ts';
import { checkBatch } from '../../shared/inputs.ts';
import { loadAll } from '../../shared/loaders.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  enterprise: (_, { creditCode }, { loaders }) => loaders.enterprise.load(assertCreditCode(creditCode, 'creditCode')),
  enterprises: (_, { creditCodes }, ctx) => loadAll(ctx.loaders.enterprise, checkBatch(creditCodes, 'credit', 'creditCodes', ctx)),
};

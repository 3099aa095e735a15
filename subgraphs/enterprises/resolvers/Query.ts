import { assertCreditCode } from '../../shared/platform/ids.ts';
import { checkBatch } from '../../shared/platform/inputs.ts';
import { loadAll } from '../../shared/platform/loaders.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  enterprise: (_, { creditCode }, { loaders }) => loaders.enterprise.load(assertCreditCode(creditCode, 'creditCode')),
  enterprises: (_, { creditCodes }, ctx) => loadAll(ctx.loaders.enterprise, checkBatch(creditCodes, 'credit', 'creditCodes', ctx)),
};

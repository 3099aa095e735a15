import { checkBatch } from '../../../shared/platform/inputs.ts';
import { loadAll } from '../../../shared/platform/loaders.ts';
import type { QueryResolvers } from '../../generated/resolvers.ts';

export const enterprises: QueryResolvers['enterprises'] = (_, { creditCodes }, ctx) => loadAll(ctx.loaders.enterprise, checkBatch(creditCodes, 'credit', 'creditCodes', ctx));

import { assertCitizenId } from '../../shared/ids.ts';
import { checkBatch } from '../../shared/inputs.ts';
import { loadAll } from '../../shared/loaders.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  person: (_, { creditCode }, { loaders }) => loaders.person.load(assertCitizenId(creditCode, 'creditCode')),
  persons: (_, { creditCodes }, { loaders }) => loadAll(loaders.person, checkBatch(creditCodes, 'citizen', 'creditCodes')),
};

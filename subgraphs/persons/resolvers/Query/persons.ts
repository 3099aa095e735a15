import { checkBatch } from '../../../shared/platform/inputs.ts';
import type { QueryResolvers } from '../../generated/resolvers.ts';
import { personFile } from '../../services/file.ts';

export const persons: QueryResolvers['persons'] = (_, { creditCodes }, ctx) =>
  Promise.all(checkBatch(creditCodes, 'citizen', 'creditCodes', ctx).map((code) => personFile(ctx, code)));

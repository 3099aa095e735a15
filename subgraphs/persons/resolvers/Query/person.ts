import { assertCitizenId } from '../../../shared/platform/ids.ts';
import type { QueryResolvers } from '../../generated/resolvers.ts';
import { personFile } from '../../services/file.ts';

export const person: QueryResolvers['person'] = (_, { creditCode }, ctx) => personFile(ctx, assertCitizenId(creditCode, 'creditCode'));

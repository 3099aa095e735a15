import { assertCreditCode } from '../../../shared/platform/ids.ts';
import type { QueryResolvers } from '../../generated/resolvers.ts';

export const enterprise: QueryResolvers['enterprise'] = (_, { creditCode }, { loaders }) => loaders.enterprise.load(assertCreditCode(creditCode, 'creditCode'));

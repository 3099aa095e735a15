import { factStateResolvers } from '../../shared/facts/lifecycle.ts';
import type { FinancialDefaultResolvers } from '../generated/resolvers.ts';

export const FinancialDefault: FinancialDefaultResolvers = { ...factStateResolvers };

import { factStateResolvers } from '../../shared/facts/lifecycle.ts';
import type { PenaltyResolvers } from '../generated/resolvers.ts';

export const Penalty: PenaltyResolvers = { ...factStateResolvers };

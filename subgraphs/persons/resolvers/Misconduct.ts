import { factStateResolvers } from '../../shared/facts/lifecycle.ts';
import type { MisconductResolvers } from '../generated/resolvers.ts';

export const Misconduct: MisconductResolvers = { ...factStateResolvers };

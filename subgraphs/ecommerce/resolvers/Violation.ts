import { factStateResolvers } from '../../shared/facts/lifecycle.ts';
import type { ViolationResolvers } from '../generated/resolvers.ts';

export const Violation: ViolationResolvers = { ...factStateResolvers };

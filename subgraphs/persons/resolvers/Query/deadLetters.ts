import type { QueryResolvers } from '../../generated/resolvers.ts';
import { deadLetters as dead } from '../../services/monitoring.ts';

export const deadLetters: QueryResolvers['deadLetters'] = (_, args, ctx) => dead(ctx, args);

import type { QueryResolvers } from '../../generated/resolvers.ts';
import { publications as page } from '../../services/publications.ts';

export const publications: QueryResolvers['publications'] = (_, { filter, offset, limit }, ctx) => page(ctx, filter, { offset, limit });

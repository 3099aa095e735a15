import type { QueryResolvers } from '../../generated/resolvers.ts';
import { watchesPage } from '../../services/monitoring.ts';

export const watches: QueryResolvers['watches'] = (_, args, ctx) => watchesPage(ctx, args);

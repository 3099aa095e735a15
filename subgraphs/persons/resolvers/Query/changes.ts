import type { QueryResolvers } from '../../generated/resolvers.ts';
import { changes as feed } from '../../services/monitoring.ts';

export const changes: QueryResolvers['changes'] = (_, args, ctx) => feed(ctx, args);

import type { MutationResolvers } from '../../generated/resolvers.ts';
import { unwatch as stop } from '../../services/monitoring.ts';

export const unwatch: MutationResolvers['unwatch'] = (_, { input }, ctx) => stop(ctx, input);

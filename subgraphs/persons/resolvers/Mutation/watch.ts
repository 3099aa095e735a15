import type { MutationResolvers } from '../../generated/resolvers.ts';
import { watch as start } from '../../services/monitoring.ts';

export const watch: MutationResolvers['watch'] = (_, { input }, ctx) => start(ctx, input);

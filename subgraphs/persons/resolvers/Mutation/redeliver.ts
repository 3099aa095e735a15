import type { MutationResolvers } from '../../generated/resolvers.ts';
import { redeliver as again } from '../../services/monitoring.ts';

export const redeliver: MutationResolvers['redeliver'] = (_, { ids }, ctx) => again(ctx, ids);

import type { MutationResolvers } from '../../generated/resolvers.ts';
import { reportDefault as report } from '../../services/defaults.ts';

export const reportDefault: MutationResolvers['reportDefault'] = (_, { report: input }, ctx) => report(ctx, input);

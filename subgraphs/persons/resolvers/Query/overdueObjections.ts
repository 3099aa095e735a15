import { authorize } from '../../../shared/policy/actions.ts';
import type { QueryResolvers } from '../../generated/resolvers.ts';
import { overdueObjections as overdue } from '../../services/desk.ts';

export const overdueObjections: QueryResolvers['overdueObjections'] = (_, { limit }, ctx) => {
  authorize(ctx.viewer, 'overdueObjections');
  return overdue(ctx, limit);
};

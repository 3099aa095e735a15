import { authorize } from '../../../shared/policy/actions.ts';
import type { QueryResolvers } from '../../generated/resolvers.ts';
import { pendingRepairs as pending } from '../../services/desk.ts';

export const pendingRepairs: QueryResolvers['pendingRepairs'] = (_, { filter, offset, limit }, ctx) => {
  authorize(ctx.viewer, 'pendingRepairs');
  return pending(ctx, filter, { offset, limit });
};

import { authorize } from '../../../shared/policy/actions.ts';
import type { QueryResolvers } from '../../generated/resolvers.ts';
import { openObjections as open } from '../../services/desk.ts';

export const openObjections: QueryResolvers['openObjections'] = (_, { filter, offset, limit }, ctx) => {
  authorize(ctx.viewer, 'openObjections');
  return open(ctx, filter, { offset, limit });
};

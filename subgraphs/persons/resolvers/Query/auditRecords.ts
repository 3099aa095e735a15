import { authorize } from '../../../shared/policy/actions.ts';
import type { QueryResolvers } from '../../generated/resolvers.ts';
import { auditRecords as search } from '../../services/records.ts';

export const auditRecords: QueryResolvers['auditRecords'] = (_, { filter, offset, limit }, ctx) => {
  authorize(ctx.viewer, 'auditRecords');
  return search(ctx, filter, { offset, limit });
};

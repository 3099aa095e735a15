import { authorize } from '../../../shared/policy/actions.ts';
import type { QueryResolvers } from '../../generated/resolvers.ts';
import { clientAnomalies as report } from '../../services/anomalies.ts';

export const clientAnomalies: QueryResolvers['clientAnomalies'] = (_, { filter, offset, limit }, ctx) => {
  authorize(ctx.viewer, 'clientAnomalies');
  return report(ctx, filter, { offset, limit });
};

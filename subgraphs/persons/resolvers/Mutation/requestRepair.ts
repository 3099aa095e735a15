import { authorize } from '../../../shared/policy/actions.ts';
import type { MutationResolvers } from '../../generated/resolvers.ts';
import { requestRepair as request } from '../../services/filings.ts';

export const requestRepair: MutationResolvers['requestRepair'] = (_, args, ctx) => request(ctx, authorize(ctx.viewer, 'requestRepair').subject, args);

import { authorize } from '../../../shared/policy/actions.ts';
import type { MutationResolvers } from '../../generated/resolvers.ts';
import { rejectRepair as reject } from '../../services/filings.ts';

export const rejectRepair: MutationResolvers['rejectRepair'] = (_, args, ctx) => reject(ctx, authorize(ctx.viewer, 'rejectRepair').client, args);

import { authorize } from '../../../shared/policy/actions.ts';
import type { MutationResolvers } from '../../generated/resolvers.ts';
import { approveRepair as approve } from '../../services/filings.ts';

export const approveRepair: MutationResolvers['approveRepair'] = (_, args, ctx) => approve(ctx, authorize(ctx.viewer, 'approveRepair').client, args);

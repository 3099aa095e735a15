import { authorize } from '../../../shared/policy/actions.ts';
import type { MutationResolvers } from '../../generated/resolvers.ts';
import { fileObjection as file } from '../../services/filings.ts';

export const fileObjection: MutationResolvers['fileObjection'] = (_, args, ctx) => file(ctx, authorize(ctx.viewer, 'fileObjection').subject, args);

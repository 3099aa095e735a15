import { authorize } from '../../../shared/policy/actions.ts';
import type { MutationResolvers } from '../../generated/resolvers.ts';
import { resolveObjection as resolve } from '../../services/filings.ts';

export const resolveObjection: MutationResolvers['resolveObjection'] = (_, args, ctx) => {
  authorize(ctx.viewer, 'resolveObjection');
  return resolve(ctx, args);
};

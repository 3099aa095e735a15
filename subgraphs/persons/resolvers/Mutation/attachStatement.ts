import { authorize } from '../../../shared/policy/actions.ts';
import type { MutationResolvers } from '../../generated/resolvers.ts';
import { attachStatement as attach } from '../../services/statements.ts';

export const attachStatement: MutationResolvers['attachStatement'] = (_, args, ctx) => attach(ctx, authorize(ctx.viewer, 'attachStatement').subject, args);

import { authorize } from '../../../shared/policy/actions.ts';
import type { MutationResolvers } from '../../generated/resolvers.ts';
import { grantConsent as grant } from '../../services/consents.ts';

export const grantConsent: MutationResolvers['grantConsent'] = (_, { input }, ctx) => grant(ctx, authorize(ctx.viewer, 'grantConsent').subject, input);

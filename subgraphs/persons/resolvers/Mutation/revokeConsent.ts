import { authorize } from '../../../shared/policy/actions.ts';
import type { MutationResolvers } from '../../generated/resolvers.ts';
import { revokeConsent as revoke } from '../../services/consents.ts';

export const revokeConsent: MutationResolvers['revokeConsent'] = (_, { id }, ctx) => revoke(ctx, authorize(ctx.viewer, 'revokeConsent').subject, id);

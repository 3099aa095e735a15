import type { MutationResolvers } from '../../generated/resolvers.ts';
import { applyOne } from '../../services/publish.ts';

export const revokeListing: MutationResolvers['revokeListing'] = (_, { ref, reason, sourceDocument }, ctx) => applyOne(ctx, 'revokeListing', { op: 'REVOKE', ref, reason, sourceDocument });

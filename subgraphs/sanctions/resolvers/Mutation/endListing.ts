import type { MutationResolvers } from '../../generated/resolvers.ts';
import { applyOne } from '../../services/publish.ts';

export const endListing: MutationResolvers['endListing'] = (_, { ref, performedAt, sourceDocument }, ctx) => applyOne(ctx, 'endListing', { op: 'END', ref, performedAt, sourceDocument });

import type { MutationResolvers } from '../../generated/resolvers.ts';
import { applyOne, listingRecord } from '../../services/publish.ts';

export const correctListing: MutationResolvers['correctListing'] = (_, { listing, reason }, ctx) => applyOne(ctx, 'correctListing', { ...listingRecord('CORRECT', listing), reason });

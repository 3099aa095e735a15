import type { MutationResolvers } from '../../generated/resolvers.ts';
import { applyOne, listingRecord } from '../../services/publish.ts';

export const publishListing: MutationResolvers['publishListing'] = (_, { listing }, ctx) => applyOne(ctx, 'publishListing', listingRecord('PUBLISH', listing));

import type { MutationResolvers } from '../../generated/resolvers.ts';
import { feed } from '../../services/publish.ts';

export const publishListings: MutationResolvers['publishListings'] = (_, { lines }, ctx) => feed(ctx, lines);

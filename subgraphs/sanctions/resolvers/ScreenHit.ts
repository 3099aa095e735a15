import type { ScreenHitResolvers } from '../generated/resolvers.ts';

export const ScreenHit: ScreenHitResolvers = {
  ref: (h) => h.ref,
  matchedName: (h) => h.matchedName,
};

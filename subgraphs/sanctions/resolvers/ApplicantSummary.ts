import { personKey, personReference } from '../../shared/facts/subjects.ts';
import type { ApplicantSummaryResolvers } from '../generated/resolvers.ts';
import { summaryListed, summaryRestrictions } from '../services/summary.ts';

export const ApplicantSummary: ApplicantSummaryResolvers = {
  // the person's consent is read for the whole batch at once, before any part is decided
  __resolveReference: async (ref, ctx) => {
    const r = await personReference(ref, ctx);
    return r && { creditCode: r.creditCode, holder: r.holder!, ...(r.sealedKey ? { sealedKey: r.sealedKey } : {}) };
  },
  creditCode: personKey,
  listed: (s, _, ctx) => summaryListed(ctx, s),
  restrictionsInForce: (s, _, ctx) => summaryRestrictions(ctx, s),
};

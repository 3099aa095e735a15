import { openedReference, personKey } from '../../shared/facts/subjects.ts';
import type { ApplicantSummaryResolvers } from '../generated/resolvers.ts';
import { summaryConsent, summaryDefaults, summaryWithheld } from '../services/summary.ts';

export const ApplicantSummary: ApplicantSummaryResolvers = {
  __resolveReference: (ref, ctx) => {
    const r = openedReference(ref, ctx);
    return r && { creditCode: r.creditCode, holder: r.holder!, ...(r.sealedKey ? { sealedKey: r.sealedKey } : {}) };
  },
  creditCode: personKey,
  consent: (s, _, ctx) => summaryConsent(ctx, s),
  defaults: (s, _, ctx) => summaryDefaults(ctx, s),
  withheld: (s, _, ctx) => summaryWithheld(ctx, s),
};

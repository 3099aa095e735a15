import { person } from '../../shared/facts/subjects.ts';
import type { ApplicantSummaryResolvers } from '../generated/resolvers.ts';
import { summaryConsent, summaryDefaults, summaryWithheld } from '../services/summary.ts';

export const ApplicantSummary: ApplicantSummaryResolvers = {
  __resolveReference: (ref) => ({ creditCode: ref.creditCode, holder: person(ref.creditCode) }),
  consent: (s, _, ctx) => summaryConsent(ctx, s),
  defaults: (s, _, ctx) => summaryDefaults(ctx, s),
  withheld: (s, _, ctx) => summaryWithheld(ctx, s),
};

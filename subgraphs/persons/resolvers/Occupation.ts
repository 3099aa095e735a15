import { disputeView, shownFacts } from '../../shared/facts/lifecycle.ts';
import type { FinancialDefaultResolvers, MisconductResolvers, OccupationResolvers } from '../generated/resolvers.ts';

export const Occupation: OccupationResolvers = {
  licenseValid: (o) => o.status === 'VALID',
  misconduct: (o, _, ctx) => shownFacts(ctx, o.holder, o.misconduct, 'GENERAL_FACT'),
};

export const Misconduct: MisconductResolvers = {
  displayUntil: (m) => m.state.displayUntil,
  status: (m) => m.state.status,
  dispute: (m) => disputeView(m),
};

export const FinancialDefault: FinancialDefaultResolvers = {
  displayUntil: (d) => d.state.displayUntil,
  status: (d) => d.state.status,
  dispute: (d) => disputeView(d),
};

import { factStateResolvers, shownFacts } from '../../shared/facts/lifecycle.ts';
import type { FinancialDefaultResolvers, MisconductResolvers, OccupationResolvers } from '../generated/resolvers.ts';

export const Occupation: OccupationResolvers = {
  licenseValid: (o) => o.status === 'VALID',
  misconduct: (o, _, ctx) => shownFacts(ctx, o.holder, o.misconduct, 'GENERAL_FACT'),
};

export const Misconduct: MisconductResolvers = { ...factStateResolvers };

export const FinancialDefault: FinancialDefaultResolvers = { ...factStateResolvers };

import { shownFacts } from '../../shared/facts/lifecycle.ts';
import type { OccupationResolvers } from '../generated/resolvers.ts';

export const Occupation: OccupationResolvers = {
  licenseValid: (o) => o.status === 'VALID',
  misconduct: (o, _, ctx) => shownFacts(ctx, o.holder, o.misconduct, 'GENERAL_FACT'),
};

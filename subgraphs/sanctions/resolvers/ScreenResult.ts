import type { ScreenResultResolvers } from '../generated/resolvers.ts';
import { measuresViaOrganisations } from '../services/restrictions.ts';

export const ScreenResult: ScreenResultResolvers = {
  measuresViaOrganisations: (r, _, ctx) => measuresViaOrganisations(ctx, r.creditCode),
};

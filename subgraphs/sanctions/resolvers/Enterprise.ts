import { organisation } from '../../shared/facts/subjects.ts';
import type { EnterpriseResolvers } from '../generated/resolvers.ts';
import { sanctionsOf, shownHonours } from '../services/entries.ts';
import { organisationRestrictions, organisationRestrictionsWithheld } from '../services/restrictions.ts';

export const Enterprise: EnterpriseResolvers = {
  __resolveReference: (ref) => ({ creditCode: ref.creditCode }),
  sanctions: (e, _, ctx) => sanctionsOf(ctx, organisation(e.creditCode)),
  redList: (e, _, ctx) => shownHonours(ctx, e.creditCode),
  restrictions: (e, _, ctx) => organisationRestrictions(ctx, organisation(e.creditCode)),
  restrictionsWithheld: (_e, _, ctx) => organisationRestrictionsWithheld(ctx),
};

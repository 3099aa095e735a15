import { personKey, personReference, personSubject } from '../../shared/facts/subjects.ts';
import type { PersonResolvers } from '../generated/resolvers.ts';
import { sanctionsOf, shownHonours } from '../services/entries.ts';
import { personRestrictions, personRestrictionsWithheld } from '../services/restrictions.ts';
import { scoreFactors } from '../services/scoreFactors.ts';

export const Person: PersonResolvers = {
  __resolveReference: personReference,
  creditCode: personKey,
  sanctions: (p, _, ctx) => sanctionsOf(ctx, personSubject(p)),
  redList: (p, _, ctx) => shownHonours(ctx, p.creditCode),
  restrictions: (p, _, ctx) => personRestrictions(ctx, personSubject(p)),
  restrictionsWithheld: (p, _, ctx) => personRestrictionsWithheld(ctx, personSubject(p)),
  scoreFactors: (p, _, ctx) => scoreFactors(ctx, personSubject(p)),
  notices: (p, _, ctx) => ctx.loaders.noticesOf.load(p.creditCode),
};

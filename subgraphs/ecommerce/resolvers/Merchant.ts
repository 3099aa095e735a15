import { isShown, shownFacts } from '../../shared/facts/lifecycle.ts';
import { hold, person, subjectOf, type PersonRef } from '../../shared/facts/subjects.ts';
import type { MerchantResolvers } from '../generated/resolvers.ts';
import type { Context } from '../loaders.ts';
import type { MerchantModel } from '../mappers.ts';
import { merchantGrade } from '../services/grade.ts';

/**
 * The link to a shop's operator: keyed by the citizen ID for an asker whose view opens it, else by
 * a sealed key (wire/links.ts), so that a platform reads the name and masked ID its column allows
 * and never the full ID through the link's key.
 */
async function operatorLink(ctx: Context, code: string): Promise<PersonRef> {
  const holder = person(code);
  const view = await ctx.policy.view(holder);
  // the person's own fields here (Person.merchants) still read by the ID; only the key is sealed
  return view.allows('IDENTITY', 'FULL') ? { creditCode: code, holder } : { creditCode: code, holder, sealedKey: ctx.links.seal(code, ctx.viewer) };
}

const violations = (m: MerchantModel, ctx: Context) => shownFacts(ctx, subjectOf(m.operator, m.operatorKind), m.violations, 'GENERAL_FACT');

export const Merchant: MerchantResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.merchant.load(ref.id),
  platform: (m) => ({ creditCode: m.platform }),
  operatorPerson: (m, _, ctx) => (m.operatorKind === 'PERSON' ? operatorLink(ctx, m.operator) : null),
  operatorEnterprise: (m) => (m.operatorKind === 'ORGANISATION' ? { creditCode: m.operator } : null),
  violations: (m, _, ctx) => violations(m, ctx),
  commitments: (m) => hold(subjectOf(m.operator, m.operatorKind), m.commitments ?? []),
  // only violations shown today count, whoever asks (the operator sees repaired ones, but they do not count)
  hasViolations: async (m, _, ctx) => (await violations(m, ctx)).some((v) => isShown(v.state.status)),
  creditGrade: (m, _, ctx) => merchantGrade(ctx, m),
};

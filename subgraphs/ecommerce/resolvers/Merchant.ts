import { isShown, shownFacts } from '../../shared/facts/lifecycle.ts';
import { subjectOf } from '../../shared/facts/subjects.ts';
import type { MerchantResolvers } from '../generated/resolvers.ts';
import type { Context } from '../loaders.ts';
import type { MerchantModel } from '../mappers.ts';
import { merchantGrade } from '../services/grade.ts';

const violations = (m: MerchantModel, ctx: Context) => shownFacts(ctx, subjectOf(m.operator, m.operatorKind), m.violations, 'GENERAL_FACT');

export const Merchant: MerchantResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.merchant.load(ref.id),
  platform: (m) => ({ creditCode: m.platform }),
  operatorPerson: (m) => (m.operatorKind === 'PERSON' ? { creditCode: m.operator } : null),
  operatorEnterprise: (m) => (m.operatorKind === 'ORGANISATION' ? { creditCode: m.operator } : null),
  violations: (m, _, ctx) => violations(m, ctx),
  // only violations shown today count, whoever asks (the operator sees repaired ones, but they do not count)
  hasViolations: async (m, _, ctx) => (await violations(m, ctx)).some((v) => isShown(v.state.status)),
  creditGrade: (m, _, ctx) => merchantGrade(ctx, m),
};

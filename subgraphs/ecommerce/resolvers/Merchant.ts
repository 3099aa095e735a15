import { badUserInput } from '../../shared/platform/errors.ts';
import { factStateResolvers, isShown, shownFacts } from '../../shared/facts/lifecycle.ts';
import { personReference, subjectOf } from '../../shared/facts/subjects.ts';
import type { MerchantModel } from '../mappers.ts';
import type { Context } from '../loaders.ts';
import type { EnterpriseResolvers, MerchantResolvers, PersonResolvers, QueryResolvers, ViolationResolvers } from '../generated/resolvers.ts';

const MERCHANT_ID = /^[a-z0-9-]{1,32}:[a-z]{1,16}:[0-9A-Za-z-]{1,32}$/;

export const Query: QueryResolvers = {
  merchant: (_, { id }, { loaders }) => {
    if (!MERCHANT_ID.test(id)) {
      throw badUserInput(`Invalid merchant id "${id.slice(0, 60)}": expected platform:kind:number, e.g. yunji:shop:100231.`, { argument: 'id' });
    }
    return loaders.merchant.load(id);
  },
};

const violations = (m: MerchantModel, ctx: Context) => shownFacts(ctx, subjectOf(m.operator, m.operatorKind), m.violations, 'GENERAL_FACT');

export const Merchant: MerchantResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.merchant.load(ref.id),
  platform: (m) => ({ creditCode: m.platform }),
  operatorPerson: (m) => (m.operatorKind === 'PERSON' ? { creditCode: m.operator } : null),
  operatorEnterprise: (m) => (m.operatorKind === 'ORGANISATION' ? { creditCode: m.operator } : null),
  violations: (m, _, ctx) => violations(m, ctx),
  // only violations shown today count, whoever asks (the operator sees repaired ones, but they do not count)
  hasViolations: async (m, _, ctx) => (await violations(m, ctx)).some((v) => isShown(v.state.status)),
};

export const Violation: ViolationResolvers = { ...factStateResolvers };

export const Person: PersonResolvers = {
  __resolveReference: personReference,
  merchants: (p, _, { loaders }) => loaders.merchantsOf.load(p.creditCode),
};

export const Enterprise: EnterpriseResolvers = {
  __resolveReference: (ref) => ({ creditCode: ref.creditCode }),
  merchants: (e, _, { loaders }) => loaders.merchantsOf.load(e.creditCode),
};

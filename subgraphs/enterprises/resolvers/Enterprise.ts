import { shownFacts } from '../../shared/facts/lifecycle.ts';
import { hold, organisation } from '../../shared/facts/subjects.ts';
import type { EnterpriseResolvers } from '../generated/resolvers.ts';

export const Enterprise: EnterpriseResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.enterprise.load(ref.creditCode),
  legalRepresentative: (e) => ({ creditCode: e.legalRepresentative }),
  officers: async (e, _, { loaders }) => hold(organisation(e.creditCode), await loaders.officers.load(e.creditCode)),
  penalties: async (e, _, ctx) => shownFacts(ctx, organisation(e.creditCode), await ctx.loaders.penalties.load(e.creditCode), 'GENERAL_FACT'),
  commitments: (e) => hold(organisation(e.creditCode), e.commitments),
};

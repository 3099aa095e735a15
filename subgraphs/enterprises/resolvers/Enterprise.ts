import { factStateResolvers, shownFacts } from '../../shared/facts/lifecycle.ts';
import { hold, organisation, personReference, personSubject } from '../../shared/facts/subjects.ts';
import type { EnterpriseResolvers, EnterpriseRoleResolvers, OfficerResolvers, PenaltyResolvers, PersonResolvers } from '../generated/resolvers.ts';

export const Enterprise: EnterpriseResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.enterprise.load(ref.creditCode),
  legalRepresentative: (e) => ({ creditCode: e.legalRepresentative }),
  officers: async (e, _, { loaders }) => hold(organisation(e.creditCode), await loaders.officers.load(e.creditCode)),
  penalties: async (e, _, ctx) =>
    shownFacts(ctx, organisation(e.creditCode), await ctx.loaders.penalties.load(e.creditCode), 'GENERAL_FACT'),
  commitments: (e) => hold(organisation(e.creditCode), e.commitments),
};

export const Officer: OfficerResolvers = {
  person: (o) => ({ creditCode: o.person }),
};

export const Penalty: PenaltyResolvers = { ...factStateResolvers };

export const Person: PersonResolvers = {
  __resolveReference: personReference,
  enterpriseRoles: async (p, _, { loaders }) => hold(personSubject(p), await loaders.roles.load(p.creditCode)),
};

export const EnterpriseRole: EnterpriseRoleResolvers = {
  enterprise: (r, _, { loaders }) => loaders.enterprise.load(r.enterprise),
};

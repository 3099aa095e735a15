import type { EnterpriseRoleResolvers } from '../generated/resolvers.ts';

export const EnterpriseRole: EnterpriseRoleResolvers = {
  enterprise: (r, _, { loaders }) => loaders.enterprise.load(r.enterprise),
};

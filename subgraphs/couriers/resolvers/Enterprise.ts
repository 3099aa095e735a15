import type { EnterpriseResolvers } from '../generated/resolvers.ts';

export const Enterprise: EnterpriseResolvers = {
  __resolveReference: (ref) => ({ creditCode: ref.creditCode }),
  courierProfile: (e, _, { loaders }) => loaders.company.load(e.creditCode),
};

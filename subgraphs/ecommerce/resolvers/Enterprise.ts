import type { EnterpriseResolvers } from '../generated/resolvers.ts';

export const Enterprise: EnterpriseResolvers = {
  __resolveReference: (ref) => ({ creditCode: ref.creditCode }),
  merchants: (e, _, { loaders }) => loaders.merchantsOf.load(e.creditCode),
};

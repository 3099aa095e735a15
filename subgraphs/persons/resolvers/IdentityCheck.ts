import type { IdentityCheckResolvers } from '../generated/resolvers.ts';
import { identityResult } from '../services/identity.ts';

export const IdentityCheck: IdentityCheckResolvers = {
  result: (check, _, ctx) => identityResult(ctx, check),
};

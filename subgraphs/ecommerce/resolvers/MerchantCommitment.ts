import type { MerchantCommitmentResolvers } from '../generated/resolvers.ts';
import { commitmentStatus } from '../services/commitments.ts';

export const MerchantCommitment: MerchantCommitmentResolvers = {
  status: (c, _, ctx) => commitmentStatus(c, ctx.clock.today()),
  brokenOn: (c) => c.broken?.on ?? null,
  breach: (c) => c.broken?.breach ?? null,
};

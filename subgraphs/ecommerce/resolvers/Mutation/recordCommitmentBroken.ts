import type { MutationResolvers } from '../../generated/resolvers.ts';
import { recordCommitmentBroken as record } from '../../services/commitments.ts';

export const recordCommitmentBroken: MutationResolvers['recordCommitmentBroken'] = (_, { merchant, ref, brokenOn, breach }, ctx) => record(ctx, merchant, ref, brokenOn, breach);

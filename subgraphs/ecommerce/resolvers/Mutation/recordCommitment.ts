import type { MutationResolvers } from '../../generated/resolvers.ts';
import { recordCommitment as record } from '../../services/commitments.ts';

export const recordCommitment: MutationResolvers['recordCommitment'] = (_, { merchant, commitment }, ctx) => record(ctx, merchant, commitment);

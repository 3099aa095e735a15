import type { QueryResolvers } from '../../generated/resolvers.ts';
import { identityCheck } from '../../services/identity.ts';

export const verifyIdentity: QueryResolvers['verifyIdentity'] = (_, { name, creditCode }) => identityCheck(name, creditCode);

import type { Resolvers } from '../generated/resolvers.ts';
import { Enterprise, EnterpriseRole, Officer, Penalty, Person } from './Enterprise.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = { Query, Enterprise, Officer, Penalty, Person, EnterpriseRole };

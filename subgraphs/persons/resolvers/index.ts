import type { Resolvers } from '../generated/resolvers.ts';
import { FilingsQuery, Objection, RepairRequest } from './Filings.ts';
import { Mutation } from './Mutation.ts';
import { FinancialDefault, Misconduct, Occupation } from './Occupation.ts';
import { Consent, Person } from './Person.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = {
  Query: { ...Query, ...FilingsQuery },
  Mutation,
  Person,
  Occupation,
  Misconduct,
  FinancialDefault,
  Consent,
  Objection,
  RepairRequest,
};

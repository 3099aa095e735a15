import type { QueryRecordResolvers } from '../generated/resolvers.ts';

export const QueryRecord: QueryRecordResolvers = {
  subjectCode: (r) => r.subject,
  subject: (r, _, { loaders }) => loaders.person.load(r.subject),
};

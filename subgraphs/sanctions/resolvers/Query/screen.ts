import type { QueryResolvers } from '../../generated/resolvers.ts';
import { screen as screenSubjects } from '../../services/screen.ts';

export const screen: QueryResolvers['screen'] = (_, { subjects, threshold }, ctx) => screenSubjects(ctx, subjects, threshold);

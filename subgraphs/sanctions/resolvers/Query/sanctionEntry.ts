import { badUserInput } from '../../../shared/platform/errors.ts';
import type { QueryResolvers } from '../../generated/resolvers.ts';
import { shownEntry } from '../../services/entries.ts';

export const sanctionEntry: QueryResolvers['sanctionEntry'] = async (_, { ref }, ctx) => {
  if (!ref.trim() || ref.length > 80) throw badUserInput('ref must be a document or case number of 1 to 80 characters.', { argument: 'ref' });
  return shownEntry(ctx, ref.trim());
};

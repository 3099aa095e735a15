import { maskCitizenId } from '../../shared/platform/ids.ts';
import { factStateResolvers } from '../../shared/facts/lifecycle.ts';
import type { SanctionEntryResolvers } from '../generated/resolvers.ts';
import { shownEntry } from '../services/entries.ts';

export const SanctionEntry: SanctionEntryResolvers = {
  __resolveReference: (ref, ctx) => shownEntry(ctx, ref.ref),
  ref: (e) => e.ref,
  subjectMaskedId: (e) => (e.subjectKind === 'PERSON' ? maskCitizenId(e.subject) : e.subject),
  caseNumber: (e) => e.ref,
  listedAt: (e) => e.decidedAt,
  ...factStateResolvers,
  removedAt: (e) => e.removedAt ?? null,
};

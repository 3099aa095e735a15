import { recordOf } from '../../../shared/platform/audit.ts';
import { isIsoDate } from '../../../shared/platform/clock.ts';
import { badUserInput } from '../../../shared/platform/errors.ts';
import { corrected, correctionsOf } from '../../../shared/facts/corrections.ts';
import { COURT_LISTS, disputeOf, displayUntil, subjectEvents } from '../../../shared/facts/lifecycle.ts';
import { authorize } from '../../../shared/policy/actions.ts';
import type { MutationResolvers } from '../../generated/resolvers.ts';
import { applyToScreeningIndex } from '../../screening/service.ts';
import { sanctionsRepository } from '../../repository.ts';
import { sendRemoval } from '../../services/changes.ts';

export const removeFromCourtList: MutationResolvers['removeFromCourtList'] = async (_, { ref, performedAt }, ctx) => {
  authorize(ctx.viewer, 'removeFromCourtList');
  const today = ctx.clock.today();
  if (!isIsoDate(performedAt) || performedAt > today) {
    throw badUserInput(`performedAt "${performedAt.slice(0, 20)}" must be a date (YYYY-MM-DD) not after today (${today}).`, { argument: 'performedAt' });
  }
  const entry = await ctx.loaders.entry.load(ref);
  if (!entry) throw badUserInput(`No list entry "${ref.slice(0, 80)}".`, { argument: 'ref' });
  if (!COURT_LISTS.includes(entry.list)) {
    throw badUserInput(`${ref} is on ${entry.list}, not a court list: only the court's list of dishonest judgment debtors is removed on performance.`, { argument: 'ref' });
  }
  if (entry.status === 'REMOVED') throw badUserInput(`${ref} was already removed on ${entry.removedAt}.`, { argument: 'ref' });
  if (performedAt < entry.decidedAt) throw badUserInput(`performedAt ${performedAt} is before the listing (${entry.decidedAt}).`, { argument: 'performedAt' });
  // the record first: a removal is never made without it, and refused when it cannot be written
  const record = recordOf(ctx.asked(), { subject: entry.subject, consent: null, classes: ['COURT_LIST'], denied: [], action: 'removeFromCourtList', target: ref });
  if (!(await ctx.audit.change(record, () => sanctionsRepository(ctx.store).removeEntry(entry, { removedAt: today, performedAt })))) {
    throw badUserInput(`${ref} changed while it was being removed; look it up again.`, { argument: 'ref' });
  }
  // before the answer: a bank watching the person learns the listing is gone
  await sendRemoval(ctx.store, entry, ctx.clock.now().toISOString());
  // Screening leaves the removed entry out per request anyway; the index drops it at once.
  applyToScreeningIndex(ctx.store, [{ remove: ref }]);
  // The answer is the record as the listing authority keeps it: unpublished from now on, with the
  // subject's filings on it (their objection, their statement) as every reader of it sees them.
  const events = await subjectEvents(ctx.loaders, entry.subject);
  const objections = events.objectionsOf(ref);
  return {
    ...corrected(entry, objections, today),
    status: 'REMOVED',
    removedAt: today,
    performedAt,
    state: {
      status: 'REMOVED',
      displayUntil: displayUntil(entry, 'COURT_LIST', today),
      dispute: disputeOf(objections, today),
      statement: events.statementOf(ref),
      corrections: correctionsOf(objections, today),
    },
  };
};

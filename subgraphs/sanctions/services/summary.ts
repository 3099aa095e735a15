/**
 * The sanctions subgraph's part of an applicant's summary (ApplicantSummary): whether the person is
 * listed today, as the listed flags say, and the joint measures in force that reach them, each
 * within the asker's view and recorded like the fields they stand for.
 */
import { COURT_CLASS_LISTS } from '../../shared/facts/lifecycle.ts';
import type { Context } from '../loaders.ts';
import type { ApplicantSummaryModel } from '../mappers.ts';
import { inForce, shownEntries } from './entries.ts';
import { personRestrictions } from './restrictions.ts';

export async function summaryListed(ctx: Context, s: ApplicantSummaryModel): Promise<boolean | null> {
  const view = await ctx.policy.view(s.holder);
  const court = view.allows('COURT_LIST', 'LISTED') || view.allows('COURT_LIST', 'FULL');
  const tax = view.allows('TAX_VIOLATION', 'LISTED') || view.allows('TAX_VIOLATION', 'FULL');
  if (!court && !tax) return null;
  const entries = (await shownEntries(ctx, s.holder, await ctx.loaders.entriesOf.load(s.creditCode))).filter(inForce);
  if (court) ctx.policy.noteRevealed(s.holder, 'COURT_LIST');
  if (tax) ctx.policy.noteRevealed(s.holder, 'TAX_VIOLATION');
  return entries.some((e) => (court && COURT_CLASS_LISTS.includes(e.list)) || (tax && e.list === 'MAJOR_TAX_VIOLATION'));
}

export async function summaryRestrictions(ctx: Context, s: ApplicantSummaryModel) {
  const measures = new Set((await personRestrictions(ctx, s.holder)).map((r) => r.measure));
  return [...measures].sort();
}

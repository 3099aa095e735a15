/**
 * The sanctions subgraph's part of an applicant's summary (ApplicantSummary): whether the person is
 * listed today, as the listed flags say, and the joint measures in force that reach them, each
 * within the asker's view and recorded like the fields they stand for.
 */
import { COURT_CLASS_LISTS } from '../../shared/facts/lifecycle.ts';
import type { Context } from '../loaders.ts';
import type { ApplicantSummaryModel } from '../mappers.ts';
import { entriesInForce, opensListedFlag } from './entries.ts';
import { personRestrictions } from './restrictions.ts';

export async function summaryListed(ctx: Context, s: ApplicantSummaryModel): Promise<boolean | null> {
  const view = await ctx.policy.view(s.holder);
  const court = opensListedFlag(view, 'COURT_LIST');
  const tax = opensListedFlag(view, 'TAX_VIOLATION');
  if (!court && !tax) return null;
  const entries = await entriesInForce(ctx, s.holder);
  if (court) ctx.policy.noteRevealed(s.holder, 'COURT_LIST');
  if (tax) ctx.policy.noteRevealed(s.holder, 'TAX_VIOLATION');
  return entries.some((e) => (court && COURT_CLASS_LISTS.includes(e.list)) || (tax && e.list === 'MAJOR_TAX_VIOLATION'));
}

export async function summaryRestrictions(ctx: Context, s: ApplicantSummaryModel) {
  const measures = new Set((await personRestrictions(ctx, s.holder)).map((r) => r.measure));
  return [...measures].sort();
}

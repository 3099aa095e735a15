/**
 * The persons subgraph's part of an applicant's summary (ApplicantSummary): the consent the asker
 * reads under, the defaults shown today, and the classes the asker's view withholds. Each part is
 * within the view; a part the view closes is null, and `withheld` names its class. What a part
 * shows is recorded in the person's audit record like the field it stands for.
 */
import { isShown, shownFacts } from '../../shared/facts/lifecycle.ts';
import { needsConsent } from '../../shared/policy/decide.ts';
import { FACT_CLASSES, type FactClass } from '../../shared/policy/matrix.ts';
import type { Context } from '../loaders.ts';
import type { ApplicantSummaryModel } from '../mappers.ts';

export async function summaryConsent(ctx: Context, s: ApplicantSummaryModel): Promise<'NOT_NEEDED' | 'VALID' | 'EXPIRED' | 'REVOKED' | 'NONE'> {
  if (!needsConsent(ctx.policy.viewer, s.holder)) return 'NOT_NEEDED';
  return (await ctx.policy.view(s.holder)).consent.state;
}

export async function summaryDefaults(ctx: Context, s: ApplicantSummaryModel): Promise<'OPEN' | 'SETTLED' | 'NONE' | null> {
  const view = await ctx.policy.view(s.holder);
  if (!view.allows('FINANCIAL_DEFAULT', 'FULL')) return null;
  const shown = (await shownFacts(ctx, s.holder, await ctx.loaders.financialDefaults.load(s.creditCode), 'FINANCIAL_DEFAULT')).filter((d) => isShown(d.state.status));
  ctx.policy.noteRevealed(s.holder, 'FINANCIAL_DEFAULT');
  if (shown.some((d) => d.repayment === 'OVERDUE')) return 'OPEN';
  return shown.length ? 'SETTLED' : 'NONE';
}

/** The classes whose facts the view does not show in full: a property of the purpose and the consent, not of the file. */
export async function summaryWithheld(ctx: Context, s: ApplicantSummaryModel): Promise<FactClass[]> {
  const view = await ctx.policy.view(s.holder);
  return FACT_CLASSES.filter((cls) => cls !== 'REFERENCE' && !view.allows(cls, 'FULL'));
}

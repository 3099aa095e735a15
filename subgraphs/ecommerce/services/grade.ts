/**
 * A merchant's credit grade (README, "Merchant credit grades"): a documented, deterministic model
 * over the shop's ratings, complaints, violations and broken credit commitments, each counted only as far as the asker's view
 * of the shop's operator opens it (domain.md section 5, "Derived values follow their sources"):
 * the public grades a shop on its ratings alone, a lender on ratings, complaints and whether any
 * violation is shown, a platform with the operator's consent on all of it. `basis` names what
 * counted, which depends on the view only.
 */
import { isShown, shownFacts } from '../../shared/facts/lifecycle.ts';
import { subjectOf } from '../../shared/facts/subjects.ts';
import type { Context } from '../loaders.ts';
import type { MerchantGradeModel, MerchantModel } from '../mappers.ts';
import { countingBreaches } from './commitments.ts';

export const GRADE_MODEL = {
  base: 60,
  /** points per rating point above or below 3, with at least `fullWeightRatings` ratings; half as much with fewer */
  perRatingPoint: 20,
  fullWeightRatings: 20,
  /** per complaint in the last 90 days, together at least `complaintsCap` */
  complaint: -2,
  complaintsCap: -20,
  /** per violation shown, by severity, together at least `violationsCap`; with the flag only, `violationFlag` when any is shown */
  violation: { MINOR: 0, GENERAL: -15, SERIOUS: -30 },
  violationsCap: -60,
  violationFlag: -20,
  /** per commitment found broken in the last year (services/commitments.ts), together at least `brokenCommitmentsCap`; full e-commerce facts only */
  brokenCommitment: -10,
  brokenCommitmentsCap: -30,
  bands: [
    [85, 'A'],
    [70, 'B'],
    [55, 'C'],
    [40, 'D'],
  ] as const,
} as const;

export async function merchantGrade(ctx: Context, m: MerchantModel): Promise<MerchantGradeModel> {
  const g = GRADE_MODEL;
  const operator = subjectOf(m.operator, m.operatorKind);
  const view = await ctx.policy.view(operator);
  const full = view.allows('ECOMMERCE', 'FULL');
  const complaintsOpen = full || view.allows('ECOMMERCE', 'COMPLAINT_COUNT');
  const flagOpen = full || view.allows('ECOMMERCE', 'VIOLATION_FLAG');
  const basis = ['RATING'];
  const weight = m.ratingCount >= g.fullWeightRatings ? 1 : 0.5;
  let points = g.base + Math.round((m.rating - 3) * g.perRatingPoint * weight);
  if (complaintsOpen) {
    basis.push('COMPLAINT_COUNT');
    points += Math.max(g.complaintsCap, m.complaints90d * g.complaint);
  }
  if (flagOpen) {
    const shown = (await shownFacts(ctx, operator, m.violations, 'GENERAL_FACT')).filter((v) => isShown(v.state.status));
    if (full) {
      basis.push('VIOLATIONS');
      points += Math.max(g.violationsCap, shown.reduce((sum, v) => sum + g.violation[v.severity], 0));
    } else {
      basis.push('VIOLATION_FLAG');
      if (shown.length) points += g.violationFlag;
    }
  }
  if (full) {
    basis.push('COMMITMENTS');
    points += Math.max(g.brokenCommitmentsCap, countingBreaches(m.commitments, ctx.clock.today()).length * g.brokenCommitment);
  }
  // what counted beyond the public rating is the operator's, recorded like the fields it stands for
  if (complaintsOpen || flagOpen) ctx.policy.noteRevealed(operator, 'ECOMMERCE');
  points = Math.max(0, Math.min(100, points));
  const grade = g.bands.find(([min]) => points >= min)?.[1] ?? 'E';
  return { grade, points, basis };
}

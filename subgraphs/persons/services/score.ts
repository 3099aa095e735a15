/**
 * The credit score the persons subgraph derives from the facts it owns. Only facts shown today
 * count: an expired or repaired fact is never used in a derived value, whoever asks. And only
 * facts within the asker's view count (domain.md section 5, "Derived values follow their
 * sources"): a score must not carry a fact its reader may not see, so a lender's score leaves out
 * professional misconduct, which lenders may not read.
 */
import type { PersonDoc } from '../documents.ts';
import { factStatus, isShown, subjectEvents } from '../../shared/facts/lifecycle.ts';
import { person } from '../../shared/facts/subjects.ts';
import type { Context } from '../loaders.ts';

const BASE = 780;
const WEIGHTS = { OPEN_DEFAULT: 140, SETTLED_DEFAULT: 60, MINOR: 0, GENERAL: 40, SERIOUS: 90 } as const;

export async function creditScore(ctx: Context, p: PersonDoc): Promise<number> {
  const today = ctx.clock.today();
  const view = await ctx.policy.view(person(p.creditCode));
  const useDefaults = view.allows('FINANCIAL_DEFAULT', 'FULL');
  const useMisconduct = view.allows('OCCUPATION', 'FULL');
  // the same computed status every reader uses: repaired, removed and expired facts never count
  const [defaults, events] = await Promise.all([useDefaults ? ctx.loaders.financialDefaults.load(p.creditCode) : [], subjectEvents(ctx.loaders, p.creditCode)]);
  const shown = (f: Parameters<typeof factStatus>[0], kind: Parameters<typeof factStatus>[1]) =>
    isShown(factStatus(f, kind, today, events.objectionsOf(f.ref), events.repairsOf(f.ref)));
  let score = BASE;
  for (const d of defaults) {
    if (!shown(d, 'FINANCIAL_DEFAULT')) continue;
    score -= d.repayment === 'OVERDUE' ? WEIGHTS.OPEN_DEFAULT : WEIGHTS.SETTLED_DEFAULT;
  }
  for (const o of useMisconduct ? p.occupations : []) {
    for (const m of o.misconduct) {
      if (shown(m, 'GENERAL_FACT')) score -= WEIGHTS[m.severity];
    }
  }
  return Math.max(300, Math.min(850, score));
}

export function scoreBand(score: number): 'A' | 'B' | 'C' | 'D' | 'E' {
  if (score >= 750) return 'A';
  if (score >= 700) return 'B';
  if (score >= 650) return 'C';
  if (score >= 550) return 'D';
  return 'E';
}

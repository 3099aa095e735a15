/**
 * The credit score the persons subgraph derives from the facts it owns. Only facts shown today
 * count: an expired or repaired fact is never used in a derived value, whoever asks.
 */
import type { PersonDoc } from '../shared/documents.ts';
import { factStatus, isShown } from '../shared/lifecycle.ts';
import type { Context } from './loaders.ts';

const BASE = 780;
const WEIGHTS = { OPEN_DEFAULT: 140, SETTLED_DEFAULT: 60, MINOR: 0, GENERAL: 40, SERIOUS: 90 } as const;

export async function creditScore(ctx: Context, p: PersonDoc): Promise<number> {
  const today = ctx.clock.today();
  const [defaults, objections] = await Promise.all([
    ctx.loaders.financialDefaults.load(p.creditCode),
    ctx.loaders.objectionsBySubject.load(p.creditCode),
  ]);
  const objectionsOf = (ref: string) => objections.filter((o) => o.factRef === ref);
  let score = BASE;
  for (const d of defaults) {
    if (!isShown(factStatus(d, 'FINANCIAL_DEFAULT', today, objectionsOf(d.ref)))) continue;
    score -= d.repayment === 'OVERDUE' ? WEIGHTS.OPEN_DEFAULT : WEIGHTS.SETTLED_DEFAULT;
  }
  for (const o of p.occupations) {
    for (const m of o.misconduct) {
      if (isShown(factStatus(m, 'GENERAL_FACT', today, objectionsOf(m.ref)))) score -= WEIGHTS[m.severity];
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

/**
 * The credit score (README, "The credit score"): a documented, deterministic model that counts what
 * a lender would count, with up to four reasons. Two rules hold for every input:
 *
 * - only facts shown today count: an expired, repaired, revoked or removed fact never moves a
 *   score, whoever asks;
 * - only facts within the asker's view count (domain.md section 5, "Derived values follow their
 *   sources"): the persons subgraph counts its own facts as the asker's view opens them, and the
 *   sanctions subgraph counts listings, penalties, measures and honours the same way
 *   (`Person.scoreFactors`, which the gateway fetches for the score through `@requires`). A reason
 *   therefore never names a fact its reader may not see.
 *
 * The same file, with the same view, always gives the same score and the same reasons.
 */
import { toDays } from '../../shared/platform/clock.ts';
import { serviceUnavailable } from '../../shared/platform/errors.ts';
import { factStatus, isShown, subjectEvents } from '../../shared/facts/lifecycle.ts';
import { person } from '../../shared/facts/subjects.ts';
import type { FactClass } from '../../shared/policy/matrix.ts';
import type { Context } from '../loaders.ts';
import type { PersonModel, ScoreFactorsModel, ScoreReasonModel } from '../mappers.ts';

export type ScoreReason = ScoreReasonModel;
export type ScoreReasonCode = ScoreReasonModel['code'];

export interface Scored {
  score: number;
  reasons: ScoreReason[];
}

/** The model, as the README's table gives it. */
export const SCORE_MODEL = {
  base: 780,
  min: 300,
  max: 850,
  /** a court-class listing in force (listed or not: the LISTED form) */
  courtListing: -260,
  /** a major tax violation listing in force */
  taxListing: -150,
  /** each unpaid default: this, plus `openDefaultPer10k` per started 10,000 yuan overdue, down to `openDefaultAmountCap` */
  openDefault: -100,
  openDefaultPer10k: -10,
  openDefaultAmountCap: -100,
  /** each settled default still shown: settled within two years, or earlier */
  settledDefaultRecent: -60,
  settledDefaultOld: -30,
  settledRecentDays: 730,
  /** administrative penalties shown, together no lower than `penaltiesCap` */
  seriousPenalty: -80,
  penalty: -40,
  penaltiesCap: -160,
  /** joint measures reaching the person through an organisation, together no lower than `measuresCap` */
  measure: -15,
  measuresCap: -60,
  /** professional misconduct shown, by severity */
  misconduct: { MINOR: 0, GENERAL: -40, SERIOUS: -90 },
  /** red-list honours shown, together no higher than `honoursCap` */
  honour: 20,
  honoursCap: 40,
  /** reasons given with a score */
  maxReasons: 4,
} as const;

const CLASS_OF: Record<ScoreReasonCode, FactClass | 'LISTING'> = {
  COURT_LISTING: 'COURT_LIST',
  TAX_LISTING: 'TAX_VIOLATION',
  OPEN_DEFAULT: 'FINANCIAL_DEFAULT',
  SETTLED_DEFAULT: 'FINANCIAL_DEFAULT',
  SERIOUS_PENALTY: 'ADMIN_PENALTY',
  PENALTY: 'ADMIN_PENALTY',
  MEASURES_VIA_ORGANISATION: 'LISTING',
  PROFESSIONAL_MISCONDUCT: 'OCCUPATION',
  RED_LIST_HONOUR: 'RED_LIST',
};
/** ties between reasons of equal weight are broken in this order */
const ORDER = Object.keys(CLASS_OF) as ScoreReasonCode[];

/** One request's scores, by person object: creditScore, creditBand and the reasons share one computation. */
const computed = new WeakMap<object, Promise<Scored>>();

export function scored(ctx: Context, p: PersonModel): Promise<Scored> {
  let s = computed.get(p);
  if (!s) computed.set(p, (s = compute(ctx, p)));
  return s;
}

export async function creditScore(ctx: Context, p: PersonModel): Promise<number> {
  return (await scored(ctx, p)).score;
}

async function compute(ctx: Context, p: PersonModel): Promise<Scored> {
  const factors = p.scoreFactors;
  // fetched by the gateway for every score (@requires); a call without them cannot score in full
  if (!factors) throw serviceUnavailable("The score needs the sanctions subgraph's part of the file, which did not arrive; retry shortly.");
  const today = ctx.clock.today();
  const view = await ctx.policy.view(person(p.creditCode));
  const useDefaults = view.allows('FINANCIAL_DEFAULT', 'FULL');
  const useMisconduct = view.allows('OCCUPATION', 'FULL');
  // the same computed status every reader uses: repaired, removed and expired facts never count
  const [defaults, events] = await Promise.all([useDefaults ? ctx.loaders.financialDefaults.load(p.creditCode) : [], subjectEvents(ctx.loaders, p.creditCode)]);
  const shown = (f: Parameters<typeof factStatus>[0], kind: Parameters<typeof factStatus>[1]) =>
    isShown(factStatus(f, kind, today, events.objectionsOf(f.ref), events.repairsOf(f.ref)));

  const m = SCORE_MODEL;
  const moved = new Map<ScoreReasonCode, { points: number; count: number }>();
  const add = (code: ScoreReasonCode, points: number, count = 1) => {
    if (count === 0) return;
    const r = moved.get(code) ?? { points: 0, count: 0 };
    moved.set(code, { points: r.points + points, count: r.count + count });
  };

  if (factors.courtListed) add('COURT_LISTING', m.courtListing);
  if (factors.taxListed) add('TAX_LISTING', m.taxListing);
  for (const d of defaults) {
    if (!shown(d, 'FINANCIAL_DEFAULT')) continue;
    if (d.repayment === 'OVERDUE') {
      add('OPEN_DEFAULT', m.openDefault + Math.max(m.openDefaultAmountCap, Math.ceil(d.overdueAmount / 10_000) * m.openDefaultPer10k));
    } else {
      const recent = d.settledAt !== undefined && toDays(today) - toDays(d.settledAt) <= m.settledRecentDays;
      add('SETTLED_DEFAULT', recent ? m.settledDefaultRecent : m.settledDefaultOld);
    }
  }
  const penaltyPoints = factors.seriousPenalties * m.seriousPenalty + factors.penalties * m.penalty;
  // the cap falls on the general penalties first: a serious one keeps its full weight
  const serious = Math.max(m.penaltiesCap, factors.seriousPenalties * m.seriousPenalty);
  add('SERIOUS_PENALTY', serious, factors.seriousPenalties);
  add('PENALTY', Math.max(m.penaltiesCap, penaltyPoints) - serious, factors.penalties);
  add('MEASURES_VIA_ORGANISATION', Math.max(m.measuresCap, factors.measuresViaOrganisations * m.measure), factors.measuresViaOrganisations);
  for (const o of useMisconduct ? p.occupations : []) {
    for (const mc of o.misconduct) {
      if (shown(mc, 'GENERAL_FACT') && m.misconduct[mc.severity] !== 0) add('PROFESSIONAL_MISCONDUCT', m.misconduct[mc.severity]);
    }
  }
  add('RED_LIST_HONOUR', Math.min(m.honoursCap, factors.honours * m.honour), factors.honours);

  const total = [...moved.values()].reduce((sum: number, r) => sum + r.points, m.base);
  const reasons = [...moved.entries()]
    .filter(([, r]) => r.points !== 0)
    .map(([code, r]): ScoreReason => ({ code, factClass: CLASS_OF[code], points: r.points, count: r.count }))
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || ORDER.indexOf(a.code) - ORDER.indexOf(b.code))
    .slice(0, m.maxReasons);
  return { score: Math.max(m.min, Math.min(m.max, total)), reasons };
}

export function scoreBand(score: number): 'A' | 'B' | 'C' | 'D' | 'E' {
  if (score >= 750) return 'A';
  if (score >= 700) return 'B';
  if (score >= 650) return 'C';
  if (score >= 550) return 'D';
  return 'E';
}

/** The factors as the gateway hands them over: validated, since a subgraph trusts no shape it did not make. */
export function scoreFactorsOf(value: unknown): ScoreFactorsModel | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const count = (k: string) => (Number.isInteger(v[k]) && (v[k] as number) >= 0 ? (v[k] as number) : undefined);
  const keys = ['courtListed', 'taxListed', 'penalties', 'seriousPenalties', 'measuresViaOrganisations', 'honours'] as const;
  const counts = keys.map(count);
  if (counts.some((c) => c === undefined) || !Array.isArray(v.closed) || !v.closed.every((c) => typeof c === 'string')) return undefined;
  return Object.fromEntries([...keys.map((k, i) => [k, counts[i]]), ['closed', v.closed]]) as unknown as ScoreFactorsModel;
}

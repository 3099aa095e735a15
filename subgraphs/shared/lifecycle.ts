/**
 * The life of a negative fact (domain.md section 6): display periods are data with the date each
 * rule took effect, and every state is computed from today's date and the recorded events,
 * never from a stored "expired" flag.
 */
import { addMonths } from './clock.ts';
import type { FactLifecycle, IsoDate, ObjectionDoc, Severity } from './documents.ts';
import type { Viewer } from './viewer.ts';
import type { Subject } from './policy/decide.ts';

export type FactKind = 'GENERAL_FACT' | 'FINANCIAL_DEFAULT' | 'COURT_LIST';

export interface DisplayRule {
  kind: FactKind;
  severity: Severity | '*';
  /** minimum display period in months, before which repair may not be requested */
  minMonths: number;
  /** maximum display period in months; null = no fixed term */
  maxMonths: number | null;
  effectiveFrom: IsoDate;
  basis: string;
}

/** A new regulation is a new row: the row in force today (the latest effectiveFrom ≤ today) applies. */
export const DISPLAY_RULES: readonly DisplayRule[] = [
  { kind: 'GENERAL_FACT', severity: 'MINOR', minMonths: 0, maxMonths: 0, effectiveFrom: '2026-04-01', basis: 'NDRC credit-repair measures: minor facts are not shown (kept at most 3 months)' },
  { kind: 'GENERAL_FACT', severity: 'GENERAL', minMonths: 3, maxMonths: 12, effectiveFrom: '2026-04-01', basis: 'NDRC credit-repair measures' },
  { kind: 'GENERAL_FACT', severity: 'SERIOUS', minMonths: 12, maxMonths: 36, effectiveFrom: '2026-04-01', basis: 'NDRC credit-repair measures' },
  { kind: 'FINANCIAL_DEFAULT', severity: '*', minMonths: 60, maxMonths: 60, effectiveFrom: '2013-03-15', basis: '征信业管理条例 Art. 16: 5 years from the end of the default' },
  { kind: 'COURT_LIST', severity: '*', minMonths: 0, maxMonths: 24, effectiveFrom: '2017-05-01', basis: 'SPC rules on the list of dishonest judgment debtors (2017): fixed-term listings 2 years' },
];

export function ruleFor(kind: FactKind, severity: Severity, today: IsoDate, rules = DISPLAY_RULES): DisplayRule | undefined {
  const candidates = rules
    .filter((r) => r.kind === kind && (r.severity === '*' || r.severity === severity))
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const inForce = candidates.filter((r) => r.effectiveFrom <= today);
  // Before the first rule took effect, the first rule is the best statement of the law we have.
  return inForce[inForce.length - 1] ?? candidates[0];
}

export type LifecycleFact = Pick<FactLifecycle, 'severity' | 'decidedAt' | 'displayUntil' | 'status'> & {
  ref: string;
  /** for financial defaults: the 5-year clock runs from settlement; unpaid defaults have no end */
  settledAt?: IsoDate;
  repayment?: 'OVERDUE' | 'SETTLED';
};

/** The last day a fact is shown; null when it has no fixed term. */
export function displayUntil(fact: LifecycleFact, kind: FactKind, today: IsoDate): IsoDate | null {
  if (fact.displayUntil !== undefined) return fact.displayUntil;
  if (kind === 'FINANCIAL_DEFAULT' && fact.repayment !== 'SETTLED') return null;
  const rule = ruleFor(kind, fact.severity, today);
  if (!rule || rule.maxMonths === null) return null;
  const anchor = kind === 'FINANCIAL_DEFAULT' && fact.settledAt ? fact.settledAt : fact.decidedAt;
  return addMonths(anchor, rule.maxMonths);
}

export type FactStatus = 'ACTIVE' | 'UNDER_OBJECTION' | 'REPAIRED' | 'EXPIRED' | 'REVOKED' | 'REMOVED';

export function factStatus(fact: LifecycleFact, kind: FactKind, today: IsoDate, objections: readonly ObjectionDoc[] = []): FactStatus {
  if (fact.status === 'REPAIRED' || fact.status === 'REVOKED' || fact.status === 'REMOVED') return fact.status;
  const until = displayUntil(fact, kind, today);
  if (until !== null && until < today) return 'EXPIRED';
  if (objections.some((o) => o.status === 'UNDER_REVIEW')) return 'UNDER_OBJECTION';
  return 'ACTIVE';
}

/** Shown facts are ACTIVE or disputed; the others are shown to nobody but the subject. */
export function isShown(status: FactStatus): boolean {
  return status === 'ACTIVE' || status === 'UNDER_OBJECTION';
}

export function isSelf(viewer: Viewer, subject: Subject): boolean {
  return viewer.kind === 'SUBJECT' && subject.kind === 'PERSON' && viewer.subject === subject.code;
}

/** What a resolver returns for a fact: its computed state next to the stored document. */
export type WithState<T> = T & { readonly state: { status: FactStatus; displayUntil: IsoDate | null } };

/**
 * Keeps the facts this viewer may see at all (lifecycle, not purpose: purpose is the shield's).
 * The subject sees their whole file, expired and repaired facts included.
 */
export function visibleFacts<T extends LifecycleFact>(
  facts: readonly T[],
  kind: FactKind,
  ctx: { viewer: Viewer; today: IsoDate; subject: Subject; objectionsOf?: (ref: string) => readonly ObjectionDoc[] },
): WithState<T>[] {
  const self = isSelf(ctx.viewer, ctx.subject);
  const out: WithState<T>[] = [];
  for (const f of facts) {
    const status = factStatus(f, kind, ctx.today, ctx.objectionsOf?.(f.ref));
    if (!self && !isShown(status)) continue;
    out.push({ ...f, state: { status, displayUntil: displayUntil(f, kind, ctx.today) } });
  }
  return out;
}

/**
 * The facts of one subject that this request may show, with their computed state and holder.
 * Objection flags come from the subject's objections, loaded once per request for all subjects.
 */
export async function shownFacts<T extends LifecycleFact>(
  ctx: { viewer: Viewer; clock: { today(): IsoDate }; loaders: { objectionsBySubject: { load(code: string): Promise<ObjectionDoc[]> } } },
  subject: Subject,
  facts: readonly T[] | undefined,
  kind: FactKind,
): Promise<Array<WithState<T> & { readonly holder: Subject }>> {
  if (!facts?.length) return [];
  const objections = await ctx.loaders.objectionsBySubject.load(subject.code);
  const objectionsOf = (ref: string) => objections.filter((o) => o.factRef === ref);
  return visibleFacts(facts, kind, { viewer: ctx.viewer, today: ctx.clock.today(), subject, objectionsOf }).map((f) => ({ ...f, holder: subject }));
}

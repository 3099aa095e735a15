/**
 * The life of a negative fact (domain.md section 6): display periods are data with the date each
 * rule took effect, and every state is computed from today's date and the recorded events,
 * never from a stored "expired" flag.
 */
import { addDays, addMonths, minDate } from '../platform/clock.ts';
import type { FactLifecycle, ListKind, ObjectionDoc, RepairRequestDoc, Severity, StatementDoc } from './documents.ts';
import { corrected, correctionsOf, type CorrectionView } from './corrections.ts';
import type { IsoDate } from '../platform/clock.ts';
import type { Viewer } from '../wire/viewer.ts';
import type { Subject } from '../policy/decide.ts';

export type FactKind = 'GENERAL_FACT' | 'FINANCIAL_DEFAULT' | 'COURT_LIST';

/**
 * The court's list: dishonest judgment debtors (失信被执行人). The serious-dishonesty list shares
 * its fact class (who may see it) but is made by other authorities under the general rules.
 */
export const COURT_LISTS: readonly ListKind[] = ['DISHONEST_JUDGMENT_DEBTOR'];

/** Lists shown under the court-list fact class (domain.md section 5): the court's and serious dishonesty. */
export const COURT_CLASS_LISTS: readonly ListKind[] = ['DISHONEST_JUDGMENT_DEBTOR', 'SERIOUS_DISHONESTY'];

/** The court's list follows the court-list rules; every other list is a general fact of its severity. */
export function listFactKind(list: ListKind): FactKind {
  return COURT_LISTS.includes(list) ? 'COURT_LIST' : 'GENERAL_FACT';
}

export interface DisplayRule {
  kind: FactKind;
  severity: Severity | '*';
  /**
   * minimum display period in months, counted from the decision (for financial defaults, from
   * settlement): repair may be requested from the day after it ends, never before
   */
  minMonths: number;
  /** the display period when the issuer stored no date of its own; null = no fixed term */
  defaultMonths: number | null;
  /**
   * the longest a fact may be shown, whatever date the issuer stored: a stored display-until date
   * can shorten the period, never lengthen it past this. 0 = never shown; null = no limit
   */
  maxMonths: number | null;
  effectiveFrom: IsoDate;
  basis: string;
}

/**
 * The only source of how long a fact shows. A new regulation is a new row: the row in force today
 * (the latest effectiveFrom ≤ today) applies.
 */
export const DISPLAY_RULES: readonly DisplayRule[] = [
  { kind: 'GENERAL_FACT', severity: 'MINOR', minMonths: 0, defaultMonths: 0, maxMonths: 0, effectiveFrom: '2026-04-01', basis: 'NDRC credit-repair measures: minor facts are not shown (kept at most 3 months)' },
  { kind: 'GENERAL_FACT', severity: 'GENERAL', minMonths: 3, defaultMonths: 12, maxMonths: 12, effectiveFrom: '2026-04-01', basis: 'NDRC credit-repair measures: general facts are shown at least 3 months and at most 1 year' },
  { kind: 'GENERAL_FACT', severity: 'SERIOUS', minMonths: 12, defaultMonths: 36, maxMonths: 36, effectiveFrom: '2026-04-01', basis: 'NDRC credit-repair measures: serious facts are shown at least 1 year and at most 3 years' },
  { kind: 'FINANCIAL_DEFAULT', severity: '*', minMonths: 60, defaultMonths: 60, maxMonths: 60, effectiveFrom: '2013-03-15', basis: '征信业管理条例 Art. 16: 5 years from the end of the default' },
  { kind: 'COURT_LIST', severity: '*', minMonths: 12, defaultMonths: 24, maxMonths: 60, effectiveFrom: '2017-05-01', basis: 'SPC rules on the list of dishonest judgment debtors (2017): fixed-term listings 2 years, extendable by 1 to 3; a listing is a SERIOUS fact, so not repaired within its first year (NDRC). A listing for refusing to perform has no term and ends only by removal' },
];

export function ruleFor(kind: FactKind, severity: Severity, today: IsoDate, rules = DISPLAY_RULES): DisplayRule | undefined {
  let inForce: DisplayRule | undefined;
  let earliest: DisplayRule | undefined;
  for (const r of rules) {
    if (r.kind !== kind || (r.severity !== '*' && r.severity !== severity)) continue;
    if (!earliest || r.effectiveFrom < earliest.effectiveFrom) earliest = r;
    if (r.effectiveFrom <= today && (!inForce || r.effectiveFrom >= inForce.effectiveFrom)) inForce = r;
  }
  // Before the first rule took effect, the first rule is the best statement of the law we have.
  return inForce ?? earliest;
}

export type LifecycleFact = Pick<FactLifecycle, 'severity' | 'decidedAt' | 'displayUntil' | 'status'> & {
  ref: string;
  /** for financial defaults: the 5-year clock runs from settlement; unpaid defaults have no end */
  settledAt?: IsoDate;
  repayment?: 'OVERDUE' | 'SETTLED';
};

/** The day a fact's display periods are counted from: its decision, or a default's settlement. */
function anchorOf(fact: LifecycleFact, kind: FactKind): IsoDate {
  return kind === 'FINANCIAL_DEFAULT' && fact.settledAt ? fact.settledAt : fact.decidedAt;
}

/**
 * The last day a fact is shown; null when it has no fixed term (a court listing for refusing to
 * perform, an unpaid default). The rule's maximum bounds any date the issuer stored; a fact whose
 * rule shows it for 0 months (MINOR) ends the day before its decision, so it is never shown.
 */
export function displayUntil(fact: LifecycleFact, kind: FactKind, today: IsoDate, rules = DISPLAY_RULES): IsoDate | null {
  if (kind === 'FINANCIAL_DEFAULT' && fact.repayment !== 'SETTLED') return null;
  const rule = ruleFor(kind, fact.severity, today, rules);
  if (!rule) return fact.displayUntil ?? null;
  const anchor = anchorOf(fact, kind);
  if (rule.maxMonths === 0) return addDays(anchor, -1);
  const max = rule.maxMonths === null ? null : addMonths(anchor, rule.maxMonths);
  // a stored null is "no fixed term", which only a court listing for refusing to perform has
  if (fact.displayUntil === null) return kind === 'COURT_LIST' ? null : max;
  const own = fact.displayUntil ?? (rule.defaultMonths === null ? null : addMonths(anchor, rule.defaultMonths));
  if (own === null) return max;
  return max === null ? own : minDate(own, max);
}

export type FactStatus = 'ACTIVE' | 'UNDER_OBJECTION' | 'REPAIRED' | 'EXPIRED' | 'REVOKED' | 'REMOVED';

/**
 * The subject's filings against one fact (owned by persons, read by every subgraph). Only events
 * dated today or earlier count: an approval takes effect from its day on.
 */
/** Objections must be answered within 20 days (征信业管理条例 Art. 25). */
export const OBJECTION_DAYS = 20;

/** The subject's filings against one fact. */
export interface FactEvents {
  objections?: readonly ObjectionDoc[];
  repairs?: readonly RepairRequestDoc[];
}

const happened = (date: IsoDate | undefined, today: IsoDate) => date !== undefined && date <= today;

/**
 * Where a fact stands today, from its stored events (the issuer's repair, revocation, removal),
 * the subject's objections and approved repairs, and today's date:
 * REPAIRED (stored, or an approved repair request) → REVOKED / REMOVED (stored) → REMOVED (an
 * objection answered REMOVED) → EXPIRED (past display-until) → UNDER_OBJECTION (an objection under
 * review) → ACTIVE. A CORRECTED or CONFIRMED objection leaves the fact shown, with its outcome.
 */
export function factStatus(
  fact: LifecycleFact,
  kind: FactKind,
  today: IsoDate,
  objections: readonly ObjectionDoc[] = [],
  repairs: readonly RepairRequestDoc[] = [],
): FactStatus {
  // a corrected decision date moves the display period with it
  fact = corrected(fact, objections, today);
  if (fact.status === 'REPAIRED' || repairs.some((r) => r.status === 'APPROVED' && happened(r.decidedAt, today))) return 'REPAIRED';
  if (fact.status === 'REVOKED' || fact.status === 'REMOVED') return fact.status;
  if (objections.some((o) => o.status === 'REMOVED' && happened(o.resolvedAt ?? o.filedAt, today))) return 'REMOVED';
  const until = displayUntil(fact, kind, today);
  if (until !== null && until < today) return 'EXPIRED';
  if (objections.some((o) => o.status === 'UNDER_REVIEW' && happened(o.filedAt, today))) return 'UNDER_OBJECTION';
  return 'ACTIVE';
}

/**
 * The objection a fact's dispute flag shows: the open one if there is one, otherwise the latest
 * answered one (whose outcome stays visible). Null when the subject never objected.
 */
export function disputeOf(objections: readonly ObjectionDoc[], today: IsoDate): ObjectionDoc | null {
  const filed = objections.filter((o) => happened(o.filedAt, today));
  const open = filed.find((o) => o.status === 'UNDER_REVIEW');
  if (open) return open;
  const latest = [...filed].sort((a, b) => (b.resolvedAt ?? b.filedAt).localeCompare(a.resolvedAt ?? a.filedAt));
  return latest[0] ?? null;
}

/** The `Dispute` value every negative-fact type carries next to its status. */
export interface DisputeView {
  objectionRef: string;
  filedAt: IsoDate;
  dueAt: IsoDate;
  status: ObjectionDoc['status'];
  resolvedAt: IsoDate | null;
  outcome: string | null;
}

/** The `Statement` value every negative-fact type carries: the subject's own words on it. */
export interface StatementView {
  factRef: string;
  text: string;
  madeAt: IsoDate;
  updatedAt: IsoDate;
  version: number;
}

export function statementView(s: StatementDoc | null): StatementView | null {
  return s && { factRef: s.factRef, text: s.text, madeAt: s.madeAt, updatedAt: s.updatedAt, version: s.version };
}

/** What a fact's `dispute` field resolves to: the objection behind its flag, as the schema shows it. */
export function disputeView(fact: { readonly state: { dispute: ObjectionDoc | null } }): DisputeView | null {
  const o = fact.state.dispute;
  if (!o) return null;
  return { objectionRef: o.ref, filedAt: o.filedAt, dueAt: o.dueAt, status: o.status, resolvedAt: o.resolvedAt ?? null, outcome: o.outcomeReason ?? null };
}

/**
 * The fields every negative-fact type computes from its state, the same in every subgraph: spread
 * them into the type's resolvers.
 */
export const factStateResolvers = {
  displayUntil: (f: { readonly state: { displayUntil: IsoDate | null } }) => f.state.displayUntil,
  status: (f: { readonly state: { status: FactStatus } }) => f.state.status,
  dispute: (f: { readonly state: { dispute: ObjectionDoc | null } }) => disputeView(f),
  statement: (f: { readonly state: { statement: StatementDoc | null } }) => statementView(f.state.statement),
  corrections: (f: { readonly state: { corrections: CorrectionView[] } }) => f.state.corrections,
};

/**
 * Shown facts are ACTIVE or disputed; the others are shown to nobody but the subject, and no
 * derived value (a flag, a count, the score) uses them, whoever asks.
 */
export function isShown(status: FactStatus): boolean {
  return status === 'ACTIVE' || status === 'UNDER_OBJECTION';
}

export function isSelf(viewer: Viewer, subject: Subject): boolean {
  return viewer.kind === 'SUBJECT' && subject.kind === 'PERSON' && viewer.subject === subject.code;
}

/**
 * What a resolver returns for a fact: its computed state next to the stored document, whose
 * corrected fields already carry their corrected values.
 */
export type WithState<T> = T & {
  readonly state: {
    status: FactStatus;
    displayUntil: IsoDate | null;
    dispute: ObjectionDoc | null;
    /** the subject's own statement on the fact */
    statement: StatementDoc | null;
    /** the values corrected by answered objections, the latest per field */
    corrections: CorrectionView[];
  };
};

/** A subject's filings, by the ref of the fact they are against. */
export interface SubjectEvents {
  objectionsOf(ref: string): readonly ObjectionDoc[];
  repairsOf(ref: string): readonly RepairRequestDoc[];
  statementOf(ref: string): StatementDoc | null;
}

export function eventsByFact(objections: readonly ObjectionDoc[], repairs: readonly RepairRequestDoc[], statements: readonly StatementDoc[] = []): SubjectEvents {
  const group = <D extends { factRef: string }>(docs: readonly D[]) => {
    const m = new Map<string, D[]>();
    for (const d of docs) {
      const list = m.get(d.factRef);
      if (list) list.push(d);
      else m.set(d.factRef, [d]);
    }
    return (ref: string): readonly D[] => m.get(ref) ?? [];
  };
  const statementOf = group(statements);
  return { objectionsOf: group(objections), repairsOf: group(repairs), statementOf: (ref) => statementOf(ref)[0] ?? null };
}

/** The read-only views a fact's state is computed from: all owned by persons, batched per request. */
export interface LifecycleViews {
  objectionsBySubject: { load(code: string): Promise<ObjectionDoc[]> };
  repairsBySubject: { load(code: string): Promise<RepairRequestDoc[]> };
  statementsBySubject: { load(code: string): Promise<StatementDoc[]> };
}

/** One subject's objections, repair requests and statements, each loaded once per request (the loaders cache). */
export async function subjectEvents(loaders: LifecycleViews, code: string): Promise<SubjectEvents> {
  const [objections, repairs, statements] = await Promise.all([
    loaders.objectionsBySubject.load(code),
    loaders.repairsBySubject.load(code),
    loaders.statementsBySubject.load(code),
  ]);
  return eventsByFact(objections, repairs, statements);
}

/**
 * Keeps the facts this viewer may see at all (lifecycle, not purpose: purpose is the shield's).
 * The subject sees their whole file, expired, repaired and removed facts included.
 */
export function visibleFacts<T extends LifecycleFact>(
  facts: readonly T[],
  kindOf: FactKind | ((fact: T) => FactKind),
  ctx: { viewer: Viewer; today: IsoDate; subject: Subject; events?: SubjectEvents },
): WithState<T>[] {
  const self = isSelf(ctx.viewer, ctx.subject);
  const out: WithState<T>[] = [];
  for (const raw of facts) {
    const kind = typeof kindOf === 'function' ? kindOf(raw) : kindOf;
    const objections = ctx.events?.objectionsOf(raw.ref) ?? [];
    const f = corrected(raw, objections, ctx.today);
    const status = factStatus(f, kind, ctx.today, objections, ctx.events?.repairsOf(f.ref));
    if (!self && !isShown(status)) continue;
    out.push({
      ...f,
      state: {
        status,
        displayUntil: displayUntil(f, kind, ctx.today),
        dispute: disputeOf(objections, ctx.today),
        statement: ctx.events?.statementOf(f.ref) ?? null,
        corrections: objections.length ? correctionsOf(objections, ctx.today) : [],
      },
    });
  }
  return out;
}

/**
 * The facts of one subject that this request may show, with their computed state and holder.
 * Statuses and dispute flags come from the subject's objections and repair requests, read
 * through the shared views: loaded once per request for all subjects in it. `kind` may depend
 * on the fact (a list entry's display rules follow its list).
 */
export async function shownFacts<T extends LifecycleFact>(
  ctx: { viewer: Viewer; clock: { today(): IsoDate }; loaders: LifecycleViews },
  subject: Subject,
  facts: readonly T[] | undefined,
  kind: FactKind | ((fact: T) => FactKind),
): Promise<Array<WithState<T> & { readonly holder: Subject }>> {
  if (!facts?.length) return [];
  const events = await subjectEvents(ctx.loaders, subject.code);
  return visibleFacts(facts, kind, { viewer: ctx.viewer, today: ctx.clock.today(), subject, events }).map((f) => ({ ...f, holder: subject }));
}

// ---------- repair (NDRC credit-repair measures) ----------

export type RepairCheck = { ok: true } | { ok: false; reason: string; earliest?: IsoDate };

/**
 * Whether the subject may apply to repair this fact today: not before the minimum display period
 * of the rule in force for its kind and severity has passed, and never for a fact that ends
 * otherwise (a court listing for refusing to perform ends by removal; an unpaid default by being
 * repaid). `events` are the subject's filings against this fact.
 */
export function repairEligibility(
  fact: LifecycleFact,
  kind: FactKind,
  today: IsoDate,
  events: FactEvents = {},
  rules: readonly DisplayRule[] = DISPLAY_RULES,
): RepairCheck {
  fact = corrected(fact, events.objections ?? [], today);
  const status = factStatus(fact, kind, today, events.objections, events.repairs);
  if (status === 'REPAIRED') return { ok: false, reason: `${fact.ref} is already repaired: it is shown to nobody but you.` };
  if (status === 'REVOKED' || status === 'REMOVED') {
    return { ok: false, reason: `${fact.ref} is no longer published (${status}): there is nothing to repair.` };
  }
  if (status === 'EXPIRED') {
    return { ok: false, reason: `${fact.ref}'s display period ended on ${displayUntil(fact, kind, today)}: it is no longer shown or used, so there is nothing to repair.` };
  }
  const until = displayUntil(fact, kind, today);
  if (kind === 'COURT_LIST' && until === null) {
    return {
      ok: false,
      reason: `${fact.ref} is a court listing for refusing to perform: it has no fixed term and is not repaired; the court removes it within 3 working days of performance.`,
    };
  }
  if (kind === 'FINANCIAL_DEFAULT' && fact.repayment !== 'SETTLED') {
    return { ok: false, reason: `${fact.ref} is still overdue: repay it first; its display period runs from the day it is settled.` };
  }
  const rule = ruleFor(kind, fact.severity, today, rules);
  if (!rule) return { ok: false, reason: `No display rule covers ${fact.ref} (${kind}, ${fact.severity}).` };
  const anchor = anchorOf(fact, kind);
  const earliest = addDays(addMonths(anchor, rule.minMonths), 1);
  if (today < earliest) {
    const what = kind === 'FINANCIAL_DEFAULT' ? 'a financial default' : kind === 'COURT_LIST' ? 'a court listing' : `a ${fact.severity} fact`;
    return {
      ok: false,
      earliest,
      reason: `${fact.ref} is still within its minimum display period: ${what} is shown at least ${rule.minMonths} months from ${anchor} (${rule.basis}). You may apply for repair from ${earliest}.`,
    };
  }
  return { ok: true };
}

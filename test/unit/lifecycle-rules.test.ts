/**
 * The lifecycle of a fact (domain.md section 6), rule by rule: which display rule applies, from
 * which day a period counts, what a stored date means, which filings change a fact's status, the
 * objection a dispute flag shows, and when a repair may be applied for.
 */
import { describe, expect, it } from 'vitest';
import type { ObjectionDoc, RepairRequestDoc, StatementDoc } from '../../subgraphs/shared/facts/documents.ts';
import {
  displayUntil,
  disputeOf,
  disputeView,
  eventsByFact,
  factStatus,
  isSelf,
  isShown,
  repairEligibility,
  ruleFor,
  shownFacts,
  statementView,
  subjectEvents,
  visibleFacts,
  type DisplayRule,
  type FactStatus,
  type LifecycleFact,
} from '../../subgraphs/shared/facts/lifecycle.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';

const TODAY = '2026-12-01';
const PERSON = { code: '320106197805123519', kind: 'PERSON' as const };
const me: Viewer = { kind: 'SUBJECT', subject: PERSON.code, purpose: 'SELF_ACCESS' };
const bank: Viewer = { kind: 'CLIENT', client: 'bank-jinling', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' };
const fact = (over: Partial<LifecycleFact> = {}): LifecycleFact => ({ ref: 'P-1', severity: 'GENERAL', decidedAt: '2026-08-08', status: 'ACTIVE', ...over });
const objection = (status: ObjectionDoc['status'], filedAt: string, resolvedAt?: string, ref = `O-${filedAt}`, factRef = 'P-1'): ObjectionDoc => ({
  _id: ref,
  ref,
  factRef,
  subject: PERSON.code,
  filedAt,
  dueAt: '2026-12-31',
  reason: 'wrong',
  status,
  ...(resolvedAt ? { resolvedAt, outcomeReason: `answered ${status}` } : {}),
});
const repair = (status: RepairRequestDoc['status'], decidedAt?: string, factRef = 'P-1'): RepairRequestDoc => ({
  _id: `R-${status}`,
  ref: `R-${status}`,
  factRef,
  subject: PERSON.code,
  requestedAt: '2026-11-20',
  statement: 'done',
  status,
  ...(decidedAt ? { decidedAt } : {}),
});
const statement = (factRef: string, text: string): StatementDoc => ({ _id: `S-${factRef}-${text}`, subject: PERSON.code, factRef, text, madeAt: '2026-10-01', updatedAt: '2026-11-01', version: 2 });
const rule = (over: Partial<DisplayRule>): DisplayRule => ({ kind: 'GENERAL_FACT', severity: 'GENERAL', minMonths: 3, defaultMonths: 12, maxMonths: 12, effectiveFrom: '2026-04-01', basis: 'test', ...over });

describe('which display rule applies', () => {
  it('of two rules taking effect the same day, the later-written one is in force; before either, the first-written one stands in', () => {
    const a = rule({ effectiveFrom: '2026-04-01', defaultMonths: 6, maxMonths: 6 });
    const b = rule({ effectiveFrom: '2026-04-01', defaultMonths: 9, maxMonths: 9 });
    expect(ruleFor('GENERAL_FACT', 'GENERAL', TODAY, [a, b])).toBe(b);
    expect(ruleFor('GENERAL_FACT', 'GENERAL', '2026-01-01', [a, b])).toBe(a);
  });
});

describe('the last day a fact is shown', () => {
  it('of a settled default counts five years from its settlement; of a settled default whose settlement day is unknown, from its decision', () => {
    const settled = fact({ decidedAt: '2020-01-10', repayment: 'SETTLED', settledAt: '2021-03-01' });
    expect(displayUntil(settled, 'FINANCIAL_DEFAULT', TODAY)).toBe('2026-03-01');
    expect(displayUntil(fact({ decidedAt: '2020-01-10', repayment: 'SETTLED' }), 'FINANCIAL_DEFAULT', TODAY)).toBe('2025-01-10');
  });

  it('of a fact that is no default counts from its decision, whatever settlement day it carries', () => {
    expect(displayUntil(fact({ decidedAt: '2026-01-10', settledAt: '2026-06-01' }), 'GENERAL_FACT', TODAY)).toBe('2027-01-10');
  });

  it('is the stored date when no display rule covers the fact, and none when nothing is stored', () => {
    expect(displayUntil(fact({ displayUntil: '2027-05-05' }), 'GENERAL_FACT', TODAY, [])).toBe('2027-05-05');
    expect(displayUntil(fact(), 'GENERAL_FACT', TODAY, [])).toBeNull();
  });

  it('of a minor fact is the day before its decision: it is never shown', () => {
    expect(displayUntil(fact({ severity: 'MINOR', decidedAt: '2026-11-30' }), 'GENERAL_FACT', TODAY)).toBe('2026-11-29');
    expect(factStatus(fact({ severity: 'MINOR', decidedAt: TODAY }), 'GENERAL_FACT', TODAY)).toBe('EXPIRED');
  });

  it('under a rule without a maximum is the stored date or the default period, unbounded', () => {
    const open = rule({ defaultMonths: 24, maxMonths: null as never });
    expect(displayUntil(fact({ decidedAt: '2026-01-10' }), 'GENERAL_FACT', TODAY, [open])).toBe('2028-01-10');
    expect(displayUntil(fact({ decidedAt: '2026-01-10', displayUntil: '2031-01-01' }), 'GENERAL_FACT', TODAY, [open])).toBe('2031-01-01');
  });

  it('under a rule without a default period is the rule\'s maximum when nothing is stored', () => {
    const noDefault = rule({ defaultMonths: null as never, maxMonths: 60 });
    expect(displayUntil(fact({ decidedAt: '2026-01-10' }), 'GENERAL_FACT', TODAY, [noDefault])).toBe('2031-01-10');
  });

  it('of a court listing stored without an end (refusing to perform) is none: it ends only by removal', () => {
    expect(displayUntil(fact({ decidedAt: '2026-01-10', displayUntil: null as never }), 'COURT_LIST', TODAY)).toBeNull();
    expect(displayUntil(fact({ decidedAt: '2026-01-10' }), 'COURT_LIST', TODAY)).toBe('2028-01-10');
    // a general fact stored without an end is still bounded by its rule's maximum
    expect(displayUntil(fact({ decidedAt: '2026-01-10', displayUntil: null as never }), 'GENERAL_FACT', TODAY)).toBe('2027-01-10');
  });
});

describe("a fact's status", () => {
  it('is not repaired by a repair request that is pending, rejected, or approved only from a later day', () => {
    expect(factStatus(fact(), 'GENERAL_FACT', TODAY, [], [repair('PENDING')])).toBe('ACTIVE');
    expect(factStatus(fact(), 'GENERAL_FACT', TODAY, [], [repair('REJECTED', '2026-11-25')])).toBe('ACTIVE');
    expect(factStatus(fact(), 'GENERAL_FACT', TODAY, [], [repair('APPROVED', '2026-12-02')])).toBe('ACTIVE');
    expect(factStatus(fact(), 'GENERAL_FACT', TODAY, [], [repair('APPROVED', TODAY)])).toBe('REPAIRED');
  });

  it('is what its issuer stored when it revoked, removed or repaired it', () => {
    for (const status of ['REVOKED', 'REMOVED', 'REPAIRED'] as const) expect(factStatus(fact({ status }), 'GENERAL_FACT', TODAY)).toBe(status);
  });

  it('is shown only while ACTIVE or under objection', () => {
    const all: FactStatus[] = ['ACTIVE', 'UNDER_OBJECTION', 'REPAIRED', 'EXPIRED', 'REVOKED', 'REMOVED'];
    expect(all.filter(isShown)).toEqual(['ACTIVE', 'UNDER_OBJECTION']);
  });
});

describe('the objection a dispute flag shows', () => {
  it('is the open one; else the one answered last, by its answer day or, unanswered, its filing day; never one filed after today', () => {
    const early = objection('CONFIRMED', '2026-09-01', '2026-09-20');
    const late = objection('CORRECTED', '2026-09-05', '2026-10-15');
    // open since before the last answer: still the one shown
    const open = objection('UNDER_REVIEW', '2026-10-01');
    expect(disputeOf([early, open, late], TODAY)).toBe(open);
    expect(disputeOf([late, open], TODAY)).toBe(open);
    expect(disputeOf([early, late], TODAY)).toBe(late);
    expect(disputeOf([late, early], TODAY)).toBe(late);
    const filedOnly = objection('CONFIRMED', '2026-11-10');
    expect(disputeOf([late, filedOnly], TODAY)).toBe(filedOnly);
    expect(disputeOf([filedOnly, objection('CONFIRMED', '2026-10-01', '2026-11-20')], TODAY)!.resolvedAt).toBe('2026-11-20');
    expect(disputeOf([objection('UNDER_REVIEW', '2026-12-05')], TODAY)).toBeNull();
    expect(disputeOf([], TODAY)).toBeNull();
  });

  it('is shown with its reference, dates, status and outcome; an open one without an answer or outcome', () => {
    const answered = objection('CORRECTED', '2026-09-05', '2026-10-15', 'O-9');
    expect(disputeView({ state: { dispute: answered } })).toEqual({ objectionRef: 'O-9', filedAt: '2026-09-05', dueAt: '2026-12-31', status: 'CORRECTED', resolvedAt: '2026-10-15', outcome: 'answered CORRECTED' });
    expect(disputeView({ state: { dispute: objection('UNDER_REVIEW', '2026-11-01', undefined, 'O-8') } })).toEqual({ objectionRef: 'O-8', filedAt: '2026-11-01', dueAt: '2026-12-31', status: 'UNDER_REVIEW', resolvedAt: null, outcome: null });
    expect(disputeView({ state: { dispute: null } })).toBeNull();
  });

  it("shows the subject's statement with its dates and version, and none when there is none", () => {
    expect(statementView(statement('P-1', 'paid late, bank error'))).toEqual({ factRef: 'P-1', text: 'paid late, bank error', madeAt: '2026-10-01', updatedAt: '2026-11-01', version: 2 });
    expect(statementView(null)).toBeNull();
  });
});

describe("a subject's filings, fact by fact", () => {
  it('groups objections, repair requests and statements by the fact they are against', () => {
    const o1 = objection('CONFIRMED', '2026-09-01', '2026-09-20', 'O-1');
    const o2 = objection('UNDER_REVIEW', '2026-11-01', undefined, 'O-2');
    const o3 = objection('UNDER_REVIEW', '2026-11-02', undefined, 'O-3', 'P-2');
    const events = eventsByFact([o1, o3, o2], [repair('PENDING', undefined, 'P-2')], [statement('P-1', 'mine')]);
    expect(events.objectionsOf('P-1')).toEqual([o1, o2]);
    expect(events.objectionsOf('P-2')).toEqual([o3]);
    expect(events.objectionsOf('P-3')).toEqual([]);
    expect(events.repairsOf('P-2')).toHaveLength(1);
    expect(events.repairsOf('P-1')).toEqual([]);
    expect(events.statementOf('P-1')).toMatchObject({ text: 'mine' });
    expect(events.statementOf('P-2')).toBeNull();
    expect(eventsByFact([], []).statementOf('P-1')).toBeNull();
  });

  it("are read per subject through the request's loaders", async () => {
    const asked: string[] = [];
    const loaders = {
      objectionsBySubject: { load: async (c: string) => (asked.push(`o:${c}`), [objection('UNDER_REVIEW', '2026-11-01')]) },
      repairsBySubject: { load: async (c: string) => (asked.push(`r:${c}`), [repair('APPROVED', '2026-11-02')]) },
      statementsBySubject: { load: async (c: string) => (asked.push(`s:${c}`), [statement('P-1', 'mine')]) },
    };
    const events = await subjectEvents(loaders, PERSON.code);
    expect(asked).toEqual([`o:${PERSON.code}`, `r:${PERSON.code}`, `s:${PERSON.code}`]);
    expect(events.objectionsOf('P-1')).toHaveLength(1);
    expect(events.repairsOf('P-1')).toHaveLength(1);
    expect(events.statementOf('P-1')).toMatchObject({ text: 'mine' });
  });
});

describe('the facts a request shows', () => {
  it("are a subject's own whole file, but to anyone else only those shown, each with its state and the subject's filings", () => {
    const facts = [fact({ ref: 'P-1' }), fact({ ref: 'P-2', status: 'REVOKED' }), fact({ ref: 'P-3' })];
    const events = eventsByFact([objection('UNDER_REVIEW', '2026-11-01')], [repair('APPROVED', '2026-11-30', 'P-3')], [statement('P-1', 'mine')]);
    const mine = visibleFacts(facts, 'GENERAL_FACT', { viewer: me, today: TODAY, subject: PERSON, events });
    expect(mine.map((f) => [f.ref, f.state.status])).toEqual([
      ['P-1', 'UNDER_OBJECTION'],
      ['P-2', 'REVOKED'],
      ['P-3', 'REPAIRED'],
    ]);
    expect(mine[0]!.state).toMatchObject({ displayUntil: '2027-08-08', dispute: { ref: 'O-2026-11-01' }, statement: { text: 'mine' } });
    expect(mine[1]!.state).toMatchObject({ dispute: null, statement: null, corrections: [] });
    const theirs = visibleFacts(facts, () => 'GENERAL_FACT', { viewer: bank, today: TODAY, subject: PERSON, events });
    expect(theirs.map((f) => f.ref)).toEqual(['P-1']);
    // without any filings read: every fact as stored
    expect(visibleFacts(facts, 'GENERAL_FACT', { viewer: bank, today: TODAY, subject: PERSON }).map((f) => [f.ref, f.state.status, f.state.statement])).toEqual([
      ['P-1', 'ACTIVE', null],
      ['P-3', 'ACTIVE', null],
    ]);
  });

  it('follow the display rule of the kind each fact has, when the kind depends on the fact', () => {
    const old = fact({ ref: 'P-old', decidedAt: '2024-01-01' });
    expect(visibleFacts([old, fact()], () => 'GENERAL_FACT', { viewer: bank, today: TODAY, subject: PERSON }).map((f) => f.ref)).toEqual(['P-1']);
    expect(visibleFacts([old], (f) => (f.ref === 'P-old' ? 'GENERAL_FACT' : 'COURT_LIST'), { viewer: me, today: TODAY, subject: PERSON })[0]!.state).toMatchObject({ status: 'EXPIRED', displayUntil: '2025-01-01' });
  });

  it('are none, without reading any filing, for a subject with no facts of the kind', async () => {
    let loads = 0;
    const loader = { load: async () => (loads++, []) };
    const ctx = { viewer: bank, clock: { today: () => TODAY }, loaders: { objectionsBySubject: loader, repairsBySubject: loader, statementsBySubject: loader } };
    expect(await shownFacts(ctx, PERSON, [], 'GENERAL_FACT')).toEqual([]);
    expect(await shownFacts(ctx, PERSON, undefined, 'GENERAL_FACT')).toEqual([]);
    expect(loads).toBe(0);
    const shown = await shownFacts(ctx, PERSON, [fact()], 'GENERAL_FACT');
    expect(shown.map((f) => [f.ref, f.holder])).toEqual([['P-1', PERSON]]);
  });

  it('are the whole file only to the subject themselves: not to another person, nor to an organisation written with the same characters', () => {
    expect(isSelf(me, PERSON)).toBe(true);
    expect(isSelf(me, { code: '320502198203174715', kind: 'PERSON' })).toBe(false);
    expect(isSelf(me, { code: PERSON.code, kind: 'ORGANISATION' })).toBe(false);
    expect(isSelf(bank, PERSON)).toBe(false);
  });
});

describe('a repair application', () => {
  it('is refused for a fact already repaired, revoked, removed or expired', () => {
    expect(repairEligibility(fact({ status: 'REPAIRED' }), 'GENERAL_FACT', TODAY).ok).toBe(false);
    expect(repairEligibility(fact(), 'GENERAL_FACT', TODAY, { repairs: [repair('APPROVED', '2026-11-30')] }).ok).toBe(false);
    expect(repairEligibility(fact({ status: 'REVOKED' }), 'GENERAL_FACT', TODAY).ok).toBe(false);
    expect(repairEligibility(fact({ decidedAt: '2025-01-01' }), 'GENERAL_FACT', TODAY).ok).toBe(false);
  });

  it('is open for a general fact after its minimum period and for a fixed-term court listing after its first year', () => {
    expect(repairEligibility(fact({ decidedAt: '2026-08-08' }), 'GENERAL_FACT', TODAY)).toEqual({ ok: true });
    expect(repairEligibility(fact({ decidedAt: '2025-10-01' }), 'COURT_LIST', TODAY)).toEqual({ ok: true });
  });

  it('is refused when no display rule covers the fact', () => {
    expect(repairEligibility(fact(), 'GENERAL_FACT', TODAY, {}, [])).toMatchObject({ ok: false });
  });

  it('too early says what kind of fact it is: a financial default, a court listing, or a fact of its severity', () => {
    const early = (f: LifecycleFact, kind: Parameters<typeof repairEligibility>[1]) => (repairEligibility(f, kind, TODAY) as { reason: string }).reason;
    expect(early(fact({ decidedAt: '2026-10-01', repayment: 'SETTLED', settledAt: '2026-11-01' }), 'FINANCIAL_DEFAULT')).toMatch(/a financial default is shown at least 60 months/);
    expect(early(fact({ decidedAt: '2026-10-01' }), 'COURT_LIST')).toMatch(/a court listing is shown at least 12 months/);
    expect(early(fact({ decidedAt: '2026-10-01', severity: 'SERIOUS' }), 'GENERAL_FACT')).toMatch(/a SERIOUS fact is shown at least 12 months/);
    expect(repairEligibility(fact({ decidedAt: '2026-10-01' }), 'GENERAL_FACT', TODAY)).toMatchObject({ ok: false, earliest: '2027-01-02' });
  });
});

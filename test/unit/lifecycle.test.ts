/**
 * The lifecycle rules as functions of the recorded events and today's date, and who may make each
 * change as a table: the rules the gateway tests exercise end to end, pinned case by case.
 */
import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import type { ObjectionDoc, RepairRequestDoc } from '../../subgraphs/shared/facts/documents.ts';
import { DISPLAY_RULES, displayUntil, disputeOf, eventsByFact, factStatus, listFactKind, repairEligibility, ruleFor, visibleFacts, type DisplayRule, type LifecycleFact } from '../../subgraphs/shared/facts/lifecycle.ts';
import { ACTIONS, authorize } from '../../subgraphs/shared/policy/actions.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';

const TODAY = '2026-11-27';
const penalty: LifecycleFact = { ref: 'P-1', severity: 'GENERAL', decidedAt: '2026-08-08', status: 'ACTIVE' };

const objection = (status: ObjectionDoc['status'], filedAt: string, resolvedAt?: string): ObjectionDoc => ({
  _id: `O-${filedAt}`,
  ref: `O-${filedAt}`,
  factRef: 'P-1',
  subject: 'S',
  filedAt,
  dueAt: '2026-12-31',
  reason: 'wrong',
  status,
  ...(resolvedAt ? { resolvedAt, outcomeReason: `answered ${status}` } : {}),
});
const repair = (status: RepairRequestDoc['status'], decidedAt?: string): RepairRequestDoc => ({
  _id: 'R-1',
  ref: 'R-1',
  factRef: 'P-1',
  subject: 'S',
  requestedAt: '2026-11-20',
  statement: 'done',
  status,
  ...(decidedAt ? { decidedAt } : {}),
});

describe('factStatus', () => {
  it('is ACTIVE, then UNDER_OBJECTION while an objection is under review, and stays shown once it is CORRECTED or CONFIRMED', () => {
    expect(factStatus(penalty, 'GENERAL_FACT', TODAY)).toBe('ACTIVE');
    expect(factStatus(penalty, 'GENERAL_FACT', TODAY, [objection('UNDER_REVIEW', '2026-11-20')])).toBe('UNDER_OBJECTION');
    expect(factStatus(penalty, 'GENERAL_FACT', TODAY, [objection('CORRECTED', '2026-11-01', '2026-11-10')])).toBe('ACTIVE');
    expect(factStatus(penalty, 'GENERAL_FACT', TODAY, [objection('CONFIRMED', '2026-11-01', '2026-11-10')])).toBe('ACTIVE');
  });

  it('is REMOVED once an objection is answered REMOVED, and REPAIRED once a repair is approved, from the day of the decision', () => {
    expect(factStatus(penalty, 'GENERAL_FACT', TODAY, [objection('REMOVED', '2026-11-01', '2026-11-10')])).toBe('REMOVED');
    expect(factStatus(penalty, 'GENERAL_FACT', TODAY, [], [repair('APPROVED', TODAY)])).toBe('REPAIRED');
    expect(factStatus(penalty, 'GENERAL_FACT', TODAY, [], [repair('PENDING')])).toBe('ACTIVE');
    expect(factStatus(penalty, 'GENERAL_FACT', '2026-11-26', [], [repair('APPROVED', TODAY)])).toBe('ACTIVE');
  });

  it('is EXPIRED after display-until, whatever objection is open', () => {
    expect(factStatus(penalty, 'GENERAL_FACT', '2027-08-09', [objection('UNDER_REVIEW', '2027-08-01')])).toBe('EXPIRED');
  });
});

describe('disputeOf', () => {
  it('shows the open objection if there is one, otherwise the latest answer', () => {
    const answered = objection('CONFIRMED', '2026-09-01', '2026-09-15');
    const open = objection('UNDER_REVIEW', '2026-11-20');
    expect(disputeOf([answered, open], TODAY)).toBe(open);
    expect(disputeOf([answered], TODAY)).toBe(answered);
    expect(disputeOf([], TODAY)).toBeNull();
  });
});

describe('repairEligibility', () => {
  it('names the first day a repair may be requested: the day after the minimum display period of the rule in force', () => {
    expect(repairEligibility(penalty, 'GENERAL_FACT', '2026-11-08')).toMatchObject({ ok: false, earliest: '2026-11-09' });
    expect(repairEligibility(penalty, 'GENERAL_FACT', '2026-11-09')).toEqual({ ok: true });
    const serious = { ...penalty, severity: 'SERIOUS' as const };
    expect(repairEligibility(serious, 'GENERAL_FACT', TODAY)).toMatchObject({ ok: false, earliest: '2027-08-09' });
  });

  it('follows the rules as data: a new row with a later effective date changes the answer', () => {
    const stricter: DisplayRule[] = [
      ...DISPLAY_RULES,
      { kind: 'GENERAL_FACT', severity: 'GENERAL', minMonths: 6, defaultMonths: 12, maxMonths: 12, effectiveFrom: '2026-10-01', basis: 'a stricter rule' },
    ];
    expect(repairEligibility(penalty, 'GENERAL_FACT', TODAY, {}, stricter)).toMatchObject({ ok: false, earliest: '2027-02-09' });
  });

  it('refuses what ends otherwise: a court listing without term, an unpaid default, a fact already repaired, removed or expired', () => {
    const court: LifecycleFact = { ref: 'C-1', severity: 'SERIOUS', decidedAt: '2020-01-01', displayUntil: null, status: 'ACTIVE' };
    expect(repairEligibility(court, 'COURT_LIST', TODAY)).toMatchObject({ ok: false, reason: expect.stringMatching(/no fixed term/) });
    const unpaid: LifecycleFact = { ref: 'D-1', severity: 'SERIOUS', decidedAt: '2020-01-01', status: 'ACTIVE', repayment: 'OVERDUE' };
    expect(repairEligibility(unpaid, 'FINANCIAL_DEFAULT', TODAY)).toMatchObject({ ok: false, reason: expect.stringMatching(/repay it first/) });
    expect(repairEligibility(penalty, 'GENERAL_FACT', TODAY, { repairs: [repair('APPROVED', '2026-11-20')] })).toMatchObject({ ok: false, reason: expect.stringMatching(/already repaired/) });
    expect(repairEligibility(penalty, 'GENERAL_FACT', TODAY, { objections: [objection('REMOVED', '2026-11-01', '2026-11-10')] })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no longer published \(REMOVED\)/),
    });
    expect(repairEligibility(penalty, 'GENERAL_FACT', '2027-09-01')).toMatchObject({ ok: false, reason: expect.stringMatching(/display period ended/) });
  });
});

describe('who may make each change', () => {
  const subject: Viewer = { kind: 'SUBJECT', subject: '320106197805123519', purpose: 'SELF_ACCESS' };
  const regulator: Viewer = { kind: 'CLIENT', client: 'regulator-jiangsu-credit', clientKind: 'REGULATOR', purpose: 'SUPERVISION' };
  const bank: Viewer = { kind: 'CLIENT', client: 'bank-jinling', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' };

  it('has a row for every mutation of the persons subgraph', () => {
    const mutation = SUBGRAPHS.persons.typeDefs.definitions.find((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Mutation');
    const fields = mutation && 'fields' in mutation ? (mutation.fields ?? []).map((f) => f.name.value) : [];
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) expect(Object.keys(ACTIONS), f).toContain(f);
  });

  it('lets the subject file and the regulator decide, and tells anyone else who may call', () => {
    expect(authorize(subject, 'fileObjection')).toBe(subject);
    expect(authorize(regulator, 'approveRepair')).toBe(regulator);
    expect(() => authorize(bank, 'fileObjection')).toThrow(/^fileObjection is for the data subject only/);
    expect(() => authorize(subject, 'resolveObjection')).toThrow(/^resolveObjection is for a regulator acting under SUPERVISION only/);
    expect(() => authorize(bank, 'approveRepair')).toThrow(/regulator/);
  });
});

describe('display periods come from the rules table alone', () => {
  const general: LifecycleFact = { ref: 'G-1', severity: 'GENERAL', decidedAt: '2026-03-01', status: 'ACTIVE' };

  it('a stored display-until date shortens a period but never lengthens it past the maximum of its severity', () => {
    expect(displayUntil(general, 'GENERAL_FACT', TODAY)).toBe('2027-03-01');
    expect(displayUntil({ ...general, displayUntil: '2026-12-01' }, 'GENERAL_FACT', TODAY)).toBe('2026-12-01');
    expect(displayUntil({ ...general, displayUntil: '2029-03-01' }, 'GENERAL_FACT', TODAY)).toBe('2027-03-01');
    // a stored "no fixed term" is only a court listing's: anything else ends at its maximum
    expect(displayUntil({ ...general, displayUntil: null }, 'GENERAL_FACT', TODAY)).toBe('2027-03-01');
    expect(factStatus({ ...general, displayUntil: '2029-03-01' }, 'GENERAL_FACT', '2027-03-02')).toBe('EXPIRED');
  });

  it('a fact is shown on its last day and not the day after', () => {
    expect(factStatus(general, 'GENERAL_FACT', '2027-03-01')).toBe('ACTIVE');
    expect(factStatus(general, 'GENERAL_FACT', '2027-03-02')).toBe('EXPIRED');
  });

  it('a MINOR fact is never shown, whatever date the issuer stored', () => {
    const minor: LifecycleFact = { ref: 'M-1', severity: 'MINOR', decidedAt: '2026-11-08', displayUntil: '2027-02-08', status: 'ACTIVE' };
    expect(factStatus(minor, 'GENERAL_FACT', '2026-11-08')).toBe('EXPIRED');
    expect(factStatus(minor, 'GENERAL_FACT', TODAY)).toBe('EXPIRED');
  });

  it('a court listing keeps no term when stored without one, and a fixed-term listing is extendable to five years, not beyond', () => {
    const court: LifecycleFact = { ref: 'C-2', severity: 'SERIOUS', decidedAt: '2025-01-01', status: 'ACTIVE' };
    expect(displayUntil({ ...court, displayUntil: null }, 'COURT_LIST', TODAY)).toBeNull();
    expect(displayUntil(court, 'COURT_LIST', TODAY)).toBe('2027-01-01');
    expect(displayUntil({ ...court, displayUntil: '2029-01-01' }, 'COURT_LIST', TODAY)).toBe('2029-01-01');
    expect(displayUntil({ ...court, displayUntil: '2031-06-01' }, 'COURT_LIST', TODAY)).toBe('2030-01-01');
  });

  it('a settled default shows five years from settlement; an unpaid one has no end', () => {
    const settled: LifecycleFact = { ref: 'D-2', severity: 'SERIOUS', decidedAt: '2020-01-01', settledAt: '2022-06-30', repayment: 'SETTLED', status: 'ACTIVE' };
    expect(displayUntil(settled, 'FINANCIAL_DEFAULT', TODAY)).toBe('2027-06-30');
    expect(displayUntil({ ...settled, displayUntil: '2035-01-01' }, 'FINANCIAL_DEFAULT', TODAY)).toBe('2027-06-30');
    expect(displayUntil({ ...settled, repayment: 'OVERDUE' }, 'FINANCIAL_DEFAULT', TODAY)).toBeNull();
  });

  it('the rule in force on a day is the latest that took effect by then, for that kind and severity', () => {
    const rules: DisplayRule[] = [
      { kind: 'GENERAL_FACT', severity: 'GENERAL', minMonths: 3, defaultMonths: 12, maxMonths: 12, effectiveFrom: '2026-04-01', basis: 'now' },
      { kind: 'GENERAL_FACT', severity: 'GENERAL', minMonths: 3, defaultMonths: 6, maxMonths: 6, effectiveFrom: '2027-01-01', basis: 'later' },
      { kind: 'GENERAL_FACT', severity: 'SERIOUS', minMonths: 3, defaultMonths: 1, maxMonths: 1, effectiveFrom: '2026-01-01', basis: 'another severity' },
      { kind: 'FINANCIAL_DEFAULT', severity: '*', minMonths: 3, defaultMonths: 1, maxMonths: 1, effectiveFrom: '2026-01-01', basis: 'another kind' },
    ];
    expect(ruleFor('GENERAL_FACT', 'GENERAL', '2026-12-31', rules)?.basis).toBe('now');
    expect(ruleFor('GENERAL_FACT', 'GENERAL', '2027-01-01', rules)?.basis).toBe('later');
    expect(ruleFor('GENERAL_FACT', 'GENERAL', '2025-01-01', rules)?.basis).toBe('now');
    expect(displayUntil(general, 'GENERAL_FACT', '2027-01-02', rules)).toBe('2026-09-01');
  });

  it('the rule in force does not depend on the order of the rows, before the first took effect either', () => {
    const rows = (basis: string, effectiveFrom: string): DisplayRule => ({ kind: 'GENERAL_FACT', severity: 'GENERAL', minMonths: 3, defaultMonths: 12, maxMonths: 12, effectiveFrom, basis });
    const rules = [rows('latest', '2027-01-01'), rows('middle', '2026-04-01'), rows('first', '2025-06-01')];
    for (const order of [rules, [...rules].reverse()]) {
      expect(ruleFor('GENERAL_FACT', 'GENERAL', '2025-01-01', order)?.basis).toBe('first');
      expect(ruleFor('GENERAL_FACT', 'GENERAL', '2026-05-01', order)?.basis).toBe('middle');
      expect(ruleFor('GENERAL_FACT', 'GENERAL', '2027-02-01', order)?.basis).toBe('latest');
    }
  });

  it('an objection counts from the day it is filed, and its answer from the day it is given', () => {
    expect(factStatus(penalty, 'GENERAL_FACT', TODAY, [objection('UNDER_REVIEW', '2026-11-28')])).toBe('ACTIVE');
    expect(factStatus(penalty, 'GENERAL_FACT', '2026-11-28', [objection('UNDER_REVIEW', '2026-11-28')])).toBe('UNDER_OBJECTION');
    expect(factStatus(penalty, 'GENERAL_FACT', TODAY, [objection('REMOVED', '2026-11-20', '2026-11-28')])).toBe('ACTIVE');
    expect(factStatus(penalty, 'GENERAL_FACT', '2026-11-28', [objection('REMOVED', '2026-11-20', '2026-11-28')])).toBe('REMOVED');
  });

  it('a list made by another authority than the court follows the general rules: a repair refused cites its own rule', () => {
    expect(listFactKind('DISHONEST_JUDGMENT_DEBTOR')).toBe('COURT_LIST');
    expect(listFactKind('SERIOUS_DISHONESTY')).toBe('GENERAL_FACT');
    const listing: LifecycleFact = { ref: 'S-1', severity: 'SERIOUS', decidedAt: '2026-06-01', status: 'ACTIVE' };
    const refused = repairEligibility(listing, listFactKind('SERIOUS_DISHONESTY'), TODAY);
    expect(refused).toMatchObject({ ok: false, earliest: '2027-06-02' });
    expect(refused.ok ? '' : refused.reason).toMatch(/NDRC credit-repair measures: serious facts/);
    expect(refused.ok ? '' : refused.reason).not.toMatch(/SPC|judgment debtors/);
  });
});

describe('facts no longer shown are for their subject alone', () => {
  const SUBJECT = '320106197805123519';
  const facts: LifecycleFact[] = [
    { ref: 'SHOWN', severity: 'GENERAL', decidedAt: '2026-08-08', status: 'ACTIVE' },
    { ref: 'EXPIRED', severity: 'GENERAL', decidedAt: '2024-01-10', status: 'ACTIVE' },
    { ref: 'REVOKED', severity: 'GENERAL', decidedAt: '2026-08-08', status: 'REVOKED' },
    { ref: 'REPAIRED', severity: 'GENERAL', decidedAt: '2026-08-08', status: 'REPAIRED' },
    { ref: 'OBJECTED', severity: 'GENERAL', decidedAt: '2026-08-08', status: 'ACTIVE' },
  ];
  const events = eventsByFact([{ ...objection('REMOVED', '2026-11-01', '2026-11-10'), factRef: 'OBJECTED' }], []);
  const seenBy = (viewer: Viewer, subject: { code: string; kind: 'PERSON' | 'ORGANISATION' }) =>
    visibleFacts(facts, 'GENERAL_FACT', { viewer, today: TODAY, subject, events }).map((f) => `${f.ref}:${f.state.status}`);

  it('shows the subject every fact of their own file, with the status that keeps it from others', () => {
    const me: Viewer = { kind: 'SUBJECT', subject: SUBJECT, purpose: 'SELF_ACCESS' };
    expect(seenBy(me, { code: SUBJECT, kind: 'PERSON' })).toEqual(['SHOWN:ACTIVE', 'EXPIRED:EXPIRED', 'REVOKED:REVOKED', 'REPAIRED:REPAIRED', 'OBJECTED:REMOVED']);
  });

  it("shows another person, a client and an organisation's file with the same characters only what is shown", () => {
    const other: Viewer = { kind: 'SUBJECT', subject: '320502198203174715', purpose: 'SELF_ACCESS' };
    const regulator: Viewer = { kind: 'CLIENT', client: 'regulator-jiangsu-credit', clientKind: 'REGULATOR', purpose: 'SUPERVISION' };
    const me: Viewer = { kind: 'SUBJECT', subject: SUBJECT, purpose: 'SELF_ACCESS' };
    expect(seenBy(other, { code: SUBJECT, kind: 'PERSON' })).toEqual(['SHOWN:ACTIVE']);
    expect(seenBy(regulator, { code: SUBJECT, kind: 'PERSON' })).toEqual(['SHOWN:ACTIVE']);
    expect(seenBy(me, { code: SUBJECT, kind: 'ORGANISATION' })).toEqual(['SHOWN:ACTIVE']);
  });
});

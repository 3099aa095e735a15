/**
 * The lifecycle rules as functions of the recorded events and today's date, and who may make each
 * change as a table: the rules the gateway tests exercise end to end, pinned case by case.
 */
import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import type { ObjectionDoc, RepairRequestDoc } from '../../subgraphs/shared/documents.ts';
import { DISPLAY_RULES, disputeOf, factStatus, repairEligibility, type DisplayRule, type LifecycleFact } from '../../subgraphs/shared/lifecycle.ts';
import { ACTIONS, authorize } from '../../subgraphs/shared/policy/actions.ts';
import type { Viewer } from '../../subgraphs/shared/viewer.ts';

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
    expect(repairEligibility(penalty, 'GENERAL_FACT', TODAY, { objections: [objection('REMOVED', '2026-11-01', '2026-11-10')] })).toMatchObject({ ok: false });
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
    expect(() => authorize(subject, 'recordQueries')).toThrow(/the hub itself only/);
  });
});

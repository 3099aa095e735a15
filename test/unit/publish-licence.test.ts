/** An authority's licence (wire/licence.ts) and its place in the client registry. */
import { describe, expect, it } from 'vitest';
import { licenceProblem, licenceRefusal, refMatches } from '../../subgraphs/shared/wire/licence.ts';
import { checkNewClient } from '../../subgraphs/shared/wire/registry.ts';
import { addWorkingDays } from '../../subgraphs/shared/platform/clock.ts';

const COURT = { facts: ['DISHONEST_JUDGMENT_DEBTOR' as const], refs: ['(*)苏01执*号'] };
const TAX = { facts: ['MAJOR_TAX_VIOLATION' as const], regions: ['3201'], refs: ['苏税稽罚〔*〕*号'] };

describe('document-number patterns', () => {
  it('match whole refs, * standing for any run of characters', () => {
    expect(refMatches('(*)苏01执*号', '(2026)苏01执888号')).toBe(true);
    expect(refMatches('(*)苏01执*号', '(2026)苏05执888号')).toBe(false);
    expect(refMatches('(*)苏01执*号', '(2026)苏01执888号之一x')).toBe(false);
    expect(refMatches('(*)苏01执*号', 'x(2026)苏01执888号')).toBe(false);
    expect(refMatches('苏税稽罚〔*〕*号', '苏税稽罚〔2026〕9号')).toBe(true);
    expect(refMatches('ABC', 'ABC')).toBe(true);
    expect(refMatches('A*A', 'A')).toBe(false);
  });
});

describe('the licence decides from the record alone', () => {
  const record = (over: Partial<Parameters<typeof licenceRefusal>[1]> = {}) => ({ fact: 'MAJOR_TAX_VIOLATION', ref: '苏税稽罚〔2026〕9号', subject: '320106198503021239', subjectKind: 'PERSON' as const, ...over });
  it('refuses a list, a region or a document number outside it, naming which', () => {
    expect(licenceRefusal(TAX, record())).toBeUndefined();
    expect(licenceRefusal(COURT, record())?.reason).toBe('FACT_NOT_LICENSED');
    expect(licenceRefusal(TAX, record({ subject: '320505199002023013' }))?.reason).toBe('REGION_NOT_LICENSED');
    expect(licenceRefusal(TAX, record({ ref: '宁税稽罚〔2026〕9号' }))?.reason).toBe('REF_NOT_LICENSED');
    // an organisation's division is positions 3 to 8 of its code
    expect(licenceRefusal(TAX, record({ subject: '91320106MA1W2K3L48', subjectKind: 'ORGANISATION' }))).toBeUndefined();
  });

  it('is required of an authority, and of nobody else', () => {
    const base = { id: 'court-x', name: '法院', kind: 'AUTHORITY' as const, purposes: ['PUBLICATION' as const] };
    expect(() => checkNewClient(base)).toThrow(/needs a licence/);
    expect(() => checkNewClient({ ...base, publishes: { facts: ['HOROSCOPE' as never], refs: ['(*)x*'] } })).toThrow(/unknown kind of fact/);
    expect(() => checkNewClient({ ...base, publishes: { ...COURT, regions: ['3'] } })).toThrow(/region/);
    expect(() => checkNewClient({ ...base, publishes: { facts: COURT.facts, refs: ['*'] } })).toThrow(/fixed characters/);
    expect(() => checkNewClient({ ...base, publishes: COURT })).not.toThrow();
    expect(() => checkNewClient({ ...base, purposes: ['SUPERVISION'] as never, publishes: COURT })).toThrow(/licensed for PUBLICATION/);
    expect(() => checkNewClient({ id: 'bank-x', name: '银行', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'], publishes: COURT })).toThrow(/only an AUTHORITY/);
    expect(licenceProblem(COURT)).toBeUndefined();
  });
});

describe('working days', () => {
  it('skip weekends: the court removes within 3 working days of performance', () => {
    expect(addWorkingDays('2026-11-24', 3)).toBe('2026-11-27'); // Tuesday → Friday
    expect(addWorkingDays('2026-11-27', 3)).toBe('2026-12-02'); // Friday → Wednesday
    expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30'); // Saturday → Monday
  });
});

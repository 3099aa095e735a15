/**
 * What a watcher is told of a change follows its view of the person, cell by cell of the matrix:
 * in full where its column allows the class in full, only the named reduced forms otherwise,
 * nothing at all where the column opens no form of the class; a fact that is gone is never
 * described; the classes the payload reveals are the ones its audit record names.
 */
import { describe, expect, it } from 'vitest';
import type { ChangeEventDoc } from '../../subgraphs/shared/facts/changes.ts';
import { payloadFor } from '../../subgraphs/persons/monitor/payload.ts';
import { SubjectView } from '../../subgraphs/shared/policy/view.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';

const P = '320106197805123519';
const bank: Viewer = { kind: 'CLIENT', client: 'bank', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' };
const platform: Viewer = { kind: 'CLIENT', client: 'platform', clientKind: 'PLATFORM', purpose: 'MERCHANT_ONBOARDING' };
const employer: Viewer = { kind: 'CLIENT', client: 'employer', clientKind: 'EMPLOYER', purpose: 'EMPLOYMENT_SCREENING' };

const fact = { ref: 'R1', list: 'MAJOR_TAX_VIOLATION', authority: '税务局', severity: 'SERIOUS', decidedAt: '2026-11-20', measures: ['FINANCING'] };
const event = (over: Partial<ChangeEventDoc> = {}): ChangeEventDoc => ({ _id: 'e1', subject: P, type: 'LISTED', cls: 'TAX_VIOLATION', fact, source: 'sanctions', occurredAt: '2026-11-27T04:00:00.000Z', fanOut: 'PENDING', ...over });

function told(viewer: Viewer, e: ChangeEventDoc, consented = true) {
  const view = new SubjectView(viewer, 'PERSON', false, consented ? { state: 'VALID', consentId: 'c' } : { state: 'NONE' });
  const p = payloadFor(e, view, new SubjectView(viewer, 'ORGANISATION', false, { state: 'NONE' }));
  return p && { ...(JSON.parse(p.body) as { data: { fact: unknown } }).data, classes: p.classes };
}

describe('a change as each watcher is told it', () => {
  it('a tax listing: the bank in full, the platform that there is one, the employer nothing', () => {
    expect(told(bank, event())).toEqual({ creditCode: P, class: 'TAX_VIOLATION', fact, classes: ['TAX_VIOLATION'] });
    expect(told(platform, event())).toEqual({ creditCode: P, class: 'TAX_VIOLATION', fact: { listed: true }, classes: ['TAX_VIOLATION'] });
    expect(told(employer, event())).toBeNull();
  });

  it('a court listing to the employer: flag, court and case number only', () => {
    const court = event({ cls: 'COURT_LIST', fact: { ...fact, list: 'DISHONEST_JUDGMENT_DEBTOR', authority: '法院' } });
    expect(told(employer, court)).toEqual({ creditCode: P, class: 'COURT_LIST', fact: { ref: 'R1', authority: '法院', listed: true }, classes: ['COURT_LIST'] });
  });

  it('without the consent, only what the public may know, and it is not audited', () => {
    const court = event({ cls: 'COURT_LIST', fact: { ...fact, list: 'DISHONEST_JUDGMENT_DEBTOR', authority: '法院' } });
    expect(told(bank, court, false)).toEqual({ creditCode: P, class: 'COURT_LIST', fact: { ref: 'R1', authority: '法院' }, classes: [] });
    expect(told(bank, event(), false)).toBeNull();
  });

  it('a fact that is gone is never described: its ref where the view shows the ref, else nothing', () => {
    for (const type of ['REVOKED', 'REMOVED', 'EXPIRED', 'REPAIRED'] as const) {
      expect(told(bank, event({ type }))?.fact, type).toEqual({ ref: 'R1' });
      expect(told(platform, event({ type })), type).toBeNull();
    }
  });

  it('filings against a fact only to a watcher who may read the fact in full', () => {
    const filed = event({ type: 'OBJECTION_FILED', fact: { ref: 'R1', authority: '税务局' } });
    expect(told(bank, filed)?.fact).toEqual({ ref: 'R1', authority: '税务局' });
    expect(told(platform, filed)).toBeNull();
  });

  it('a restriction through an organisation only to a watcher who may see the full identity, audited as Person.restrictions is: the class and the identity link', () => {
    const via = event({ type: 'RESTRICTION_VIA_ORGANISATION', fact: { ...fact, organisation: '91320106MA1W2K3L48', role: 'DIRECTOR' } });
    expect(told(bank, via)).toMatchObject({ fact: { organisation: '91320106MA1W2K3L48', role: 'DIRECTOR' }, classes: ['IDENTITY', 'TAX_VIOLATION'] });
    expect(told(platform, via)).toBeNull();
    expect(told(employer, via)).toBeNull();
  });

  it('a default: the bank only', () => {
    const d = event({ cls: 'FINANCIAL_DEFAULT', fact: { ref: 'L1', list: 'FINANCIAL_DEFAULT', authority: '银行' } });
    expect(told(bank, d)?.classes).toEqual(['FINANCIAL_DEFAULT']);
    expect(told(platform, d)).toBeNull();
  });
});

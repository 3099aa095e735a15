/**
 * The disclosure ledger of one request (subgraphs/shared/policy/ledger.ts): what the audit record of
 * an answer says was shown and withheld of each natural person, under which consent.
 */
import { describe, expect, it } from 'vitest';
import type { Subject } from '../../subgraphs/shared/policy/decide.ts';
import { DisclosureLedger } from '../../subgraphs/shared/policy/ledger.ts';
import { classBit } from '../../subgraphs/shared/policy/matrix.ts';
import { SubjectView } from '../../subgraphs/shared/policy/view.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';

const bank: Viewer = { kind: 'CLIENT', client: 'bank-jinling', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' };
const ID = '320106197805123519';
const OTHER = '320502198203174715';
const person = (code = ID): Subject => ({ code, kind: 'PERSON' });
const viewOf = (state: 'NONE' | 'VALID' | 'EXPIRED' = 'VALID', kind: Subject['kind'] = 'PERSON') => () => new SubjectView(bank, kind, false, { state });

describe('the disclosure ledger', () => {
  it('keeps a person and an organisation whose codes are written alike on separate lines', () => {
    const ledger = new DisclosureLedger();
    const p = ledger.open(person(), viewOf('VALID'));
    const o = ledger.open({ code: ID, kind: 'ORGANISATION' }, viewOf('NONE', 'ORGANISATION'));
    expect(o).not.toBe(p);
    expect(ledger.line({ code: ID, kind: 'ORGANISATION' })).toBe(o);
    expect(ledger.line(person())).toBe(p);
  });

  it('has no line for a subject it was not opened for, and finds an opened one by its code whatever object names it', () => {
    const ledger = new DisclosureLedger();
    const asked = person();
    expect(ledger.line(asked)).toBeUndefined();
    const line = ledger.open(asked, viewOf());
    // the same object asked again after the line was opened: found, not the earlier "none"
    expect(ledger.line(asked)).toBe(line);
    expect(ledger.line(person())).toBe(line);
    const other = ledger.open(person(OTHER), viewOf());
    expect(ledger.line(person(OTHER))).toBe(other);
    expect(ledger.line(asked)).toBe(line);
    expect(ledger.line(person('11010519491231002X'))).toBeUndefined();
  });

  it('opens a line once: the view it was opened with stays, and no second view is made', () => {
    const ledger = new DisclosureLedger();
    let made = 0;
    const first = ledger.open(person(), () => (made++, new SubjectView(bank, 'PERSON', false, { state: 'VALID' })));
    const again = ledger.open(person(), () => (made++, new SubjectView(bank, 'PERSON', false, { state: 'NONE' })));
    expect(again).toBe(first);
    expect(made).toBe(1);
    expect(again.view.consent.state).toBe('VALID');
  });

  it('records one entry per person shown or withheld something, with the classes shown and the fields withheld, each sorted and once', () => {
    const ledger = new DisclosureLedger();
    const line = ledger.open(person(), viewOf());
    line.shownBits |= classBit('IDENTITY') | classBit('FINANCIAL_DEFAULT') | classBit('CONTACT');
    ledger.withhold(person(), 'phone');
    ledger.withhold(person(), 'address');
    ledger.withhold(person(), 'phone');
    // a person whose line showed nothing audited, and an organisation: no entry
    ledger.open(person(OTHER), viewOf());
    ledger.withhold({ code: '91320211MA1X4Y5T2H', kind: 'ORGANISATION' }, 'phone');
    expect(ledger.entries(() => ({ state: 'VALID', consentId: 'c-1' }), true)).toEqual([
      { subject: ID, consent: 'c-1', consentState: 'VALID', classes: ['CONTACT', 'FINANCIAL_DEFAULT', 'IDENTITY'], denied: ['address', 'phone'] },
    ]);
  });

  it('records a person only withheld from, before any line of theirs was opened, as asked without consent', () => {
    const ledger = new DisclosureLedger();
    ledger.withhold(person(OTHER), 'income');
    expect(ledger.entries(() => undefined, true)).toEqual([{ subject: OTHER, consent: null, consentState: 'NONE', classes: [], denied: ['income'] }]);
  });

  it("takes the consent's state from the person's view when the consent is not known by code, its id never", () => {
    const ledger = new DisclosureLedger();
    ledger.open(person(), viewOf('EXPIRED')).shownBits |= classBit('COURT_LIST');
    expect(ledger.entries(() => undefined, true)).toEqual([{ subject: ID, consent: null, consentState: 'EXPIRED', classes: ['COURT_LIST'], denied: [] }]);
    // the consent found for the code wins over the view's
    expect(ledger.entries(() => ({ state: 'REVOKED' }), true)[0]).toMatchObject({ consentState: 'REVOKED', consent: null });
  });

  it('says nothing of a consent state when the purpose needs no consent', () => {
    const ledger = new DisclosureLedger();
    ledger.open(person(), viewOf('NONE')).shownBits |= classBit('COURT_LIST');
    expect(ledger.entries(() => ({ state: 'NONE' }), false)).toEqual([{ subject: ID, consent: null, consentState: null, classes: ['COURT_LIST'], denied: [] }]);
  });
});

/**
 * A subject view remembers each decision it makes for the rest of the request. What it remembers
 * for one class and form is that pair's answer and no other's: asking about anything first never
 * changes the answer about something else.
 */
import { describe, expect, it, vi } from 'vitest';
import { consentUsed, decide, type ConsentState, type Subject } from '../../subgraphs/shared/policy/decide.ts';
import { accessAllows, classesOfBits, decisionKey, FACT_CLASSES, FORMS, PURPOSES } from '../../subgraphs/shared/policy/matrix.ts';
import { SubjectView } from '../../subgraphs/shared/policy/view.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';

const PERSON: Subject = { code: '320106197805123519', kind: 'PERSON' };
const ORGANISATION: Subject = { code: '91320211MA1X4Y5T2H', kind: 'ORGANISATION' };

const viewers: Viewer[] = [
  ...PURPOSES.filter((p) => p !== 'SELF_ACCESS').map((purpose): Viewer => ({ kind: 'CLIENT', client: 'some-client', clientKind: 'BANK', purpose })),
  { kind: 'SUBJECT', subject: PERSON.code, purpose: 'SELF_ACCESS' },
];
const consents: ConsentState[] = [{ state: 'NONE' }, { state: 'VALID' }];
const pairs = FACT_CLASSES.flatMap((cls) => FORMS.map((form) => [cls, form] as const));

describe('a view answers each class and form on its own', () => {
  for (const order of ['in table order', 'in reverse order'] as const) {
    it(`gives, ${order}, every class and form the answer decide() gives it alone, for every asker, both kinds of subject and with or without consent`, () => {
      const asked = order === 'in table order' ? pairs : [...pairs].reverse();
      let compared = 0;
      for (const viewer of viewers) {
        for (const subject of [PERSON, ORGANISATION]) {
          for (const consent of consents) {
            const self = viewer.kind === 'SUBJECT' && subject === PERSON;
            const view = new SubjectView(viewer, subject.kind, self, consent);
            for (const [cls, form] of asked) {
              expect(view.allows(cls, form), `${viewer.purpose} on a ${subject.kind}, consent ${consent.state}: ${cls} ${form}`).toBe(
                decide(viewer, subject, cls, form, consent).allowed,
              );
              compared++;
            }
          }
        }
      }
      expect(compared).toBe(viewers.length * 2 * consents.length * FACT_CLASSES.length * FORMS.length);
    });
  }
});

describe('a masked cell allows the forms it names and no other', () => {
  it('allows "some form" (ANY) when it names at least one form, and nothing at all when it names none', () => {
    expect(accessAllows({ M: ['NAME'] }, 'ANY')).toBe(true);
    expect(accessAllows({ M: [] }, 'ANY')).toBe(false);
    expect(accessAllows({ M: [] }, 'FULL')).toBe(false);
  });
});

describe('the decisions of a view are kept in a dense array', () => {
  it('numbers the class and form pairs 0, 1, 2 … without a gap or a repeat', () => {
    const keys = pairs.map(([cls, form]) => decisionKey(cls, form)).sort((a, b) => a - b);
    expect(keys).toEqual(pairs.map((_, i) => i));
  });
});

describe('what a view lets through is audited only when it is not public (domain.md sections 5 and 8)', () => {
  const bank: Viewer = { kind: 'CLIENT', client: 'bank-jinling', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' };
  const audited = (view: SubjectView, cls: (typeof FACT_CLASSES)[number], form: (typeof FORMS)[number]) => classesOfBits(view.decision(cls, form).auditBit);

  it("records a consenting person's defaults and full court listing read by a bank, under their class", () => {
    const view = new SubjectView(bank, 'PERSON', false, { state: 'VALID' });
    expect(audited(view, 'FINANCIAL_DEFAULT', 'FULL')).toEqual(['FINANCIAL_DEFAULT']);
    expect(audited(view, 'COURT_LIST', 'FULL')).toEqual(['COURT_LIST']);
  });

  it("does not record what anyone may know: a court listing's name and case number, the federation keys", () => {
    const view = new SubjectView(bank, 'PERSON', false, { state: 'VALID' });
    expect(view.allows('COURT_LIST', 'NAME')).toBe(true);
    expect(audited(view, 'COURT_LIST', 'NAME')).toEqual([]);
    expect(audited(view, 'COURT_LIST', 'CASE_NUMBER')).toEqual([]);
    expect(audited(view, 'REFERENCE', 'FULL')).toEqual([]);
  });

  it('does not record what is withheld, nor anything about an organisation', () => {
    const view = new SubjectView(bank, 'PERSON', false, { state: 'NONE' });
    expect(audited(view, 'FINANCIAL_DEFAULT', 'FULL')).toEqual([]);
    const organisation = new SubjectView(bank, 'ORGANISATION', false, { state: 'NONE' });
    expect(organisation.allows('TAX_VIOLATION', 'FULL')).toBe(true);
    expect(audited(organisation, 'TAX_VIOLATION', 'FULL')).toEqual([]);
  });
});

describe("self access is a person's own file, and only that", () => {
  const me: Viewer = { kind: 'SUBJECT', subject: PERSON.code, purpose: 'SELF_ACCESS' };

  it('opens a person their own contact details, and not those of another person', () => {
    expect(decide(me, PERSON, 'CONTACT', 'FULL')).toMatchObject({ allowed: true, column: 'SELF_ACCESS' });
    expect(decide(me, { code: '320502198203174715', kind: 'PERSON' }, 'CONTACT', 'FULL')).toMatchObject({ allowed: false, column: 'PUBLIC' });
  });

  it("does not take an organisation whose code is written with the same characters as the person's ID for the person", () => {
    // Citizen IDs and unified social credit codes are both 18 characters; nothing keeps the same
    // string from being valid as both. The organisation is another subject: public facts only.
    const namesake: Subject = { code: PERSON.code, kind: 'ORGANISATION' };
    expect(decide(me, namesake, 'CONTACT', 'FULL')).toMatchObject({ allowed: false, column: 'PUBLIC', reason: 'PURPOSE' });
    expect(decide(me, namesake, 'FINANCIAL_DEFAULT', 'FULL').allowed).toBe(false);
  });
});

describe('the consent an audit record names', () => {
  it('is the id of a valid consent, and none when the consent is expired, revoked, missing or its id unknown', () => {
    expect(consentUsed({ state: 'VALID', consentId: 'c-1' })).toBe('c-1');
    expect(consentUsed({ state: 'VALID' })).toBeNull();
    expect(consentUsed({ state: 'EXPIRED', consentId: 'c-1' })).toBeNull();
    expect(consentUsed({ state: 'REVOKED', consentId: 'c-1' })).toBeNull();
    expect(consentUsed({ state: 'NONE' })).toBeNull();
    expect(consentUsed(undefined)).toBeNull();
  });
});

describe('why a view withholds, whether it knows of a class, and whether it shows the full ID', () => {
  const bank: Viewer = { kind: 'CLIENT', client: 'bank-jinling', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' };
  const publicAsker: Viewer = { kind: 'CLIENT', client: 'dev-open', clientKind: 'DEVELOPER', purpose: 'PUBLIC' };

  it("names why: no consent, an expired consent, or the asker's purpose; and nothing for what it shows", () => {
    expect(new SubjectView(bank, 'PERSON', false, { state: 'NONE' }).reason('FINANCIAL_DEFAULT')).toBe('NO_CONSENT');
    expect(new SubjectView(bank, 'PERSON', false, { state: 'EXPIRED' }).reason('FINANCIAL_DEFAULT', 'FULL')).toBe('CONSENT_EXPIRED');
    expect(new SubjectView(publicAsker, 'PERSON', false, { state: 'NONE' }).reason('CONTACT')).toBe('PURPOSE');
    expect(new SubjectView(bank, 'PERSON', false, { state: 'VALID' }).reason('FINANCIAL_DEFAULT')).toBeUndefined();
    expect(new SubjectView(bank, 'PERSON', false, { state: 'VALID' }).reason('COURT_LIST', 'NAME')).toBeUndefined();
  });

  it('decides each class and form once: asked again, it gives the same decision', () => {
    const view = new SubjectView(bank, 'PERSON', false, { state: 'VALID' });
    const first = view.decision('FINANCIAL_DEFAULT', 'FULL');
    expect(view.decision('FINANCIAL_DEFAULT', 'FULL')).toBe(first);
    expect(view.decision('CONTACT', 'FULL')).not.toBe(first);
  });

  it('works out once per request whether it knows of a class: asked again, it decides nothing more', () => {
    const view = new SubjectView(bank, 'PERSON', false, { state: 'VALID' });
    const allows = vi.spyOn(view, 'allows');
    expect(view.knows('CONTACT')).toBe(view.knows('CONTACT'));
    const once = allows.mock.calls.length;
    expect(once).toBeGreaterThan(0);
    view.knows('CONTACT');
    expect(allows.mock.calls.length).toBe(once);
    view.knows();
    const any = allows.mock.calls.length;
    view.knows();
    expect(allows.mock.calls.length).toBe(any);
  });

  it("does not audit an organisation's facts, even those not public that a bank may read", () => {
    const organisation = new SubjectView(bank, 'ORGANISATION', false, { state: 'NONE' });
    expect(organisation.allows('FINANCIAL_DEFAULT', 'FULL')).toBe(true);
    expect(organisation.decision('FINANCIAL_DEFAULT', 'FULL').auditBit).toBe(0);
    expect(new SubjectView(bank, 'PERSON', false, { state: 'VALID' }).decision('FINANCIAL_DEFAULT', 'FULL').auditBit).not.toBe(0);
  });

  it('asks about the full form when no form is named', () => {
    const view = new SubjectView(publicAsker, 'PERSON', false, { state: 'NONE' });
    for (const cls of FACT_CLASSES) {
      expect(view.allows(cls), cls).toBe(decide(publicAsker, PERSON, cls, 'FULL').allowed);
      expect(view.reason(cls), cls).toBe(view.reason(cls, 'FULL'));
    }
  });

  it("shows a person's full ID only to an asker whose view opens the full identity; an organisation's code to everyone", () => {
    expect(new SubjectView(publicAsker, 'PERSON', false, { state: 'NONE' }).seesFullId).toBe(false);
    expect(new SubjectView(bank, 'PERSON', false, { state: 'NONE' }).seesFullId).toBe(decide(bank, PERSON, 'IDENTITY', 'FULL', { state: 'NONE' }).allowed);
    expect(new SubjectView(bank, 'PERSON', false, { state: 'VALID' }).seesFullId).toBe(true);
    expect(new SubjectView(publicAsker, 'ORGANISATION', false, { state: 'NONE' }).seesFullId).toBe(true);
  });

  it('lets a person asking about someone else see only what anyone may: a view of another file is not self access', () => {
    const me: Viewer = { kind: 'SUBJECT', subject: PERSON.code, purpose: 'SELF_ACCESS' };
    const other = new SubjectView(me, 'PERSON', false, { state: 'NONE' });
    expect(other.allows('CONTACT')).toBe(false);
    expect(other.knows()).toBe(false);
    expect(new SubjectView(me, 'PERSON', true, { state: 'NONE' }).allows('CONTACT')).toBe(true);
  });

  it('knows of a class when it opens some non-public form of it, each class on its own whatever was asked before', () => {
    for (const [viewer, consent] of [[bank, { state: 'VALID' }], [bank, { state: 'NONE' }], [publicAsker, { state: 'NONE' }]] as const) {
      const shared = new SubjectView(viewer, 'PERSON', false, consent);
      const expected = (cls: (typeof FACT_CLASSES)[number]) =>
        // what anyone may know is what a public asker is shown
        FORMS.some((form) => decide(viewer, PERSON, cls, form, consent).allowed && !decide(publicAsker, PERSON, cls, form).allowed);
      for (const cls of [...FACT_CLASSES, ...[...FACT_CLASSES].reverse()]) expect(shared.knows(cls), `${viewer.purpose} ${consent.state} ${cls}`).toBe(expected(cls));
      expect(shared.knows()).toBe(FACT_CLASSES.some(expected));
    }
    // a public asker knows of nothing in a person's file but what is public: not of the first class either
    expect(new SubjectView(publicAsker, 'PERSON', false, { state: 'NONE' }).knows(FACT_CLASSES[0])).toBe(false);
    expect(new SubjectView(bank, 'PERSON', false, { state: 'VALID' }).knows()).toBe(true);
  });
});

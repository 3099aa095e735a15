/**
 * The explorer's withheld panel reads only the answer: its FORBIDDEN errors and
 * `extensions.withheld`, in the shape keyed by subject and in the shape keyed by path.
 */
import { describe, expect, it } from 'vitest';
import { summarise } from '../../gateway/dev/withheld.ts';

const denial = {
  message: 'Person.phone is withheld: the purpose LOAN_UNDERWRITING does not allow contact facts in this form.',
  path: ['persons', 'phone'],
  extensions: { code: 'FORBIDDEN', field: 'Person.phone', class: 'CONTACT', purpose: 'LOAN_UNDERWRITING', reason: 'PURPOSE', reasons: { PURPOSE: 3 }, count: 3 },
};

describe('the withheld panel', () => {
  it('lists each denial with its field, class, purpose, reason and count', () => {
    const s = summarise({ data: { persons: [] }, errors: [denial, { message: 'check digit should be 9', extensions: { code: 'BAD_USER_INPUT' } }] });
    expect(s.denials).toEqual([
      {
        path: 'persons.phone',
        field: 'Person.phone',
        cls: 'CONTACT',
        purpose: 'LOAN_UNDERWRITING',
        reason: 'PURPOSE',
        reasons: { PURPOSE: 3 },
        count: 3,
        message: denial.message,
      },
    ]);
    expect(s.otherErrors).toEqual(['check digit should be 9']);
  });

  it('reads extensions.withheld keyed by subject', () => {
    const s = summarise({
      extensions: { withheld: [{ subject: '320502198203174715', subjectKind: 'PERSON', fields: [{ field: 'Person.phone', class: 'CONTACT', reason: 'PURPOSE' }] }] },
    });
    expect(s.withheld).toEqual([
      { where: '320502198203174715', subject: '320502198203174715', subjectKind: 'PERSON', fields: [{ field: 'Person.phone', cls: 'CONTACT', reason: 'PURPOSE' }] },
    ]);
  });

  it('reads extensions.withheld keyed by path, with the subject only when the asker gave it, in answer order', () => {
    const s = summarise({
      extensions: {
        withheld: [
          { path: ['persons', 10], fields: [{ field: 'Person.name', class: 'IDENTITY', reason: 'NO_CONSENT' }] },
          { path: ['persons', 2], subject: '320102198509231629', fields: [{ field: 'Person.name', class: 'IDENTITY', reason: 'CONSENT_EXPIRED' }] },
          { subject: '3201**********1629', subjectKind: 'PERSON', fields: [{ field: 'Person.phone', class: 'CONTACT', reason: 'PURPOSE' }] },
        ],
      },
    });
    expect(s.withheld.map((w) => [w.where, w.subject, w.fields[0]!.reason])).toEqual([
      ['persons.2', '320102198509231629', 'CONSENT_EXPIRED'],
      ['persons.10', undefined, 'NO_CONSENT'],
      ['3201**********1629', '3201**********1629', 'PURPOSE'],
    ]);
  });

  it('ignores what it cannot read rather than failing', () => {
    expect(summarise(null)).toEqual({ denials: [], withheld: [], otherErrors: [] });
    expect(summarise({ errors: 'x', extensions: { withheld: [{ fields: 'x' }, { fields: [{ nope: 1 }] }, 7] } })).toEqual({ denials: [], withheld: [], otherErrors: [] });
  });
});

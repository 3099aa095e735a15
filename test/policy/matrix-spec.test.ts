/**
 * The access matrix of domain.md section 5, written down a second time in this test's own words
 * and checked against the production decision, cell by cell and form by form. Nothing here is
 * read from matrix.ts but its types: a wrong cell in the production table fails a test below
 * (`npm run test:matrix-flips` checks that every single-cell change that alters what anyone sees
 * does).
 */
import { describe, expect, it } from 'vitest';
import type { SubjectKind } from '../../subgraphs/shared/platform/ids.ts';
import type { Purpose } from '../../subgraphs/shared/wire/purposes.ts';
import { decide, type ConsentState, type Subject } from '../../subgraphs/shared/policy/decide.ts';
import type { FactClass, Form } from '../../subgraphs/shared/policy/matrix.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';

/** What a cell lets its asker see: everything, nothing, or only the named reduced forms. */
type Sees = 'everything' | 'nothing' | { only: readonly Form[] };
type Rule = Sees | { person: Sees; organisation: Sees };

const everything = 'everything';
const nothing = 'nothing';
const only = (...forms: Form[]): Sees => ({ only: forms });
const persons = (person: Sees, organisation: Sees): Rule => ({ person, organisation });

type Column = Purpose;
const DOMAIN_COLUMNS = ['LOAN_UNDERWRITING', 'EMPLOYMENT_SCREENING', 'MERCHANT_ONBOARDING', 'SUPERVISION', 'SELF_ACCESS', 'PUBLIC'] as const satisfies readonly Column[];
type DomainColumn = (typeof DOMAIN_COLUMNS)[number];
/** PUBLICATION (an authority publishing its lists) has no column in domain.md's table: it reads what the public reads. */
const COLUMNS = [...DOMAIN_COLUMNS, 'PUBLICATION'] as const satisfies readonly Column[];
const cellOf = (row: Row, column: Column): Rule => (column === 'PUBLICATION' ? row.cells.PUBLIC : row.cells[column]);

interface Row {
  /** the fact class as the tests' names say it */
  what: string;
  /** the row's heading in domain.md */
  title: string;
  /** the reduced forms this row's cells name; every cell is checked on these, FULL and ANY */
  forms: readonly Form[];
  cells: Record<DomainColumn, Rule>;
}

/** domain.md section 5, transcribed row by row (the amended public column included). */
const DOMAIN_MATRIX: Record<Exclude<FactClass, 'REFERENCE'>, Row> = {
  IDENTITY: {
    what: 'identity',
    title: 'identity: name, gender, birth date, full ID',
    forms: ['NAME', 'MASKED_ID'],
    cells: {
      LOAN_UNDERWRITING: everything,
      EMPLOYMENT_SCREENING: only('NAME', 'MASKED_ID'),
      MERCHANT_ONBOARDING: only('NAME', 'MASKED_ID'),
      SUPERVISION: everything,
      SELF_ACCESS: everything,
      // organisations: name, code, registration, status, legal representative's name
      PUBLIC: persons(nothing, everything),
    },
  },
  CONTACT: {
    what: 'contact details',
    title: 'contact: phone, address',
    forms: [],
    cells: { LOAN_UNDERWRITING: nothing, EMPLOYMENT_SCREENING: nothing, MERCHANT_ONBOARDING: nothing, SUPERVISION: everything, SELF_ACCESS: everything, PUBLIC: nothing },
  },
  OCCUPATION: {
    what: 'licences and misconduct',
    title: 'occupational licences, professional misconduct',
    forms: ['LICENSE_VALID'],
    cells: {
      LOAN_UNDERWRITING: nothing,
      EMPLOYMENT_SCREENING: everything,
      MERCHANT_ONBOARDING: only('LICENSE_VALID'),
      SUPERVISION: everything,
      SELF_ACCESS: everything,
      PUBLIC: nothing,
    },
  },
  COURT_LIST: {
    what: 'court listings',
    title: 'court list of dishonest judgment debtors, serious-dishonesty list',
    forms: ['LISTED', 'NAME', 'MASKED_ID', 'COURT', 'CASE_NUMBER', 'REMOVAL_HISTORY'],
    cells: {
      LOAN_UNDERWRITING: everything,
      EMPLOYMENT_SCREENING: only('LISTED', 'COURT', 'CASE_NUMBER'),
      MERCHANT_ONBOARDING: everything,
      SUPERVISION: everything,
      // "A (with removal history)"
      SELF_ACCESS: everything,
      // while listed: lifecycle.ts decides that part
      PUBLIC: only('NAME', 'MASKED_ID', 'COURT', 'CASE_NUMBER'),
    },
  },
  TAX_VIOLATION: {
    what: 'tax violations',
    title: 'major tax violations',
    forms: ['LISTED'],
    cells: {
      LOAN_UNDERWRITING: everything,
      EMPLOYMENT_SCREENING: nothing,
      MERCHANT_ONBOARDING: only('LISTED'),
      SUPERVISION: everything,
      SELF_ACCESS: everything,
      PUBLIC: persons(nothing, everything),
    },
  },
  ADMIN_PENALTY: {
    what: 'administrative penalties',
    title: 'administrative penalties',
    forms: [],
    cells: {
      LOAN_UNDERWRITING: everything,
      EMPLOYMENT_SCREENING: nothing,
      MERCHANT_ONBOARDING: everything,
      SUPERVISION: everything,
      SELF_ACCESS: everything,
      PUBLIC: persons(nothing, everything),
    },
  },
  FINANCIAL_DEFAULT: {
    what: 'financial defaults',
    title: 'financial defaults',
    forms: [],
    cells: { LOAN_UNDERWRITING: everything, EMPLOYMENT_SCREENING: nothing, MERCHANT_ONBOARDING: nothing, SUPERVISION: everything, SELF_ACCESS: everything, PUBLIC: nothing },
  },
  ECOMMERCE: {
    what: 'e-commerce record',
    title: 'e-commerce ratings, complaints, violations, e-commerce black list',
    forms: ['RATING', 'COMPLAINT_COUNT', 'VIOLATION_FLAG'],
    cells: {
      LOAN_UNDERWRITING: only('RATING', 'COMPLAINT_COUNT', 'VIOLATION_FLAG'),
      EMPLOYMENT_SCREENING: nothing,
      MERCHANT_ONBOARDING: everything,
      SUPERVISION: everything,
      SELF_ACCESS: everything,
      // shops and organisations: the rating (and its count) only; who runs a shop is not public
      PUBLIC: persons(nothing, only('RATING')),
    },
  },
  COURIER: {
    what: 'courier record',
    title: 'courier complaints, violations, warnings, courier black list',
    forms: ['COMPANY_GRADE', 'COMPLAINT_RATE'],
    cells: {
      LOAN_UNDERWRITING: only('COMPANY_GRADE', 'COMPLAINT_RATE'),
      // the person's own courier file in full; of companies, the grade only
      EMPLOYMENT_SCREENING: persons(everything, only('COMPANY_GRADE')),
      MERCHANT_ONBOARDING: persons(nothing, everything),
      SUPERVISION: everything,
      SELF_ACCESS: everything,
      // companies: the grade only; who works where is not public
      PUBLIC: persons(nothing, only('COMPANY_GRADE')),
    },
  },
  RED_LIST: {
    what: 'red-list honours',
    title: 'red list honours',
    forms: [],
    cells: { LOAN_UNDERWRITING: everything, EMPLOYMENT_SCREENING: everything, MERCHANT_ONBOARDING: everything, SUPERVISION: everything, SELF_ACCESS: everything, PUBLIC: everything },
  },
  CREDIT_SCORE: {
    what: 'credit score',
    title: 'credit score or band',
    forms: ['BAND'],
    cells: {
      LOAN_UNDERWRITING: everything,
      EMPLOYMENT_SCREENING: nothing,
      MERCHANT_ONBOARDING: only('BAND'),
      SUPERVISION: everything,
      SELF_ACCESS: everything,
      PUBLIC: nothing,
    },
  },
  RECORDS: {
    what: 'query records, consents and objections',
    title: 'query records, consents, objections',
    forms: [],
    cells: { LOAN_UNDERWRITING: nothing, EMPLOYMENT_SCREENING: nothing, MERCHANT_ONBOARDING: nothing, SUPERVISION: everything, SELF_ACCESS: everything, PUBLIC: nothing },
  },
};

const ROWS = Object.entries(DOMAIN_MATRIX) as [Exclude<FactClass, 'REFERENCE'>, Row][];
const KINDS = ['PERSON', 'ORGANISATION'] as const satisfies readonly SubjectKind[];
const NEEDS_CONSENT: readonly Column[] = ['LOAN_UNDERWRITING', 'EMPLOYMENT_SCREENING', 'MERCHANT_ONBOARDING'];

const ruleFor = (rule: Rule, kind: SubjectKind): Sees =>
  typeof rule === 'object' && 'person' in rule ? (kind === 'PERSON' ? rule.person : rule.organisation) : rule;

/** FULL is the fact itself; ANY is open when any part of the fact is. */
function shows(sees: Sees, form: Form): boolean {
  if (sees === everything) return true;
  if (sees === nothing) return false;
  return form === 'ANY' ? sees.only.length > 0 : sees.only.includes(form);
}

const formsOf = (row: Row): Form[] => ['FULL', 'ANY', ...row.forms];

// ---------- askers and subjects ----------

const 王建国 = '320106197805123519';
const 张伟 = '320502198203174715';
const 无锡速达 = '91320211MA1X4Y5T2H';
const person: Subject = { code: 王建国, kind: 'PERSON' };
const organisation: Subject = { code: 无锡速达, kind: 'ORGANISATION' };
const subjectOf = (kind: SubjectKind): Subject => (kind === 'PERSON' ? person : organisation);

const CLIENTS: Record<Exclude<Column, 'SELF_ACCESS'>, Viewer> = {
  LOAN_UNDERWRITING: { kind: 'CLIENT', client: 'bank-jinling', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' },
  EMPLOYMENT_SCREENING: { kind: 'CLIENT', client: 'employer-suzhou-hr', clientKind: 'EMPLOYER', purpose: 'EMPLOYMENT_SCREENING' },
  MERCHANT_ONBOARDING: { kind: 'CLIENT', client: 'platform-yunji', clientKind: 'PLATFORM', purpose: 'MERCHANT_ONBOARDING' },
  SUPERVISION: { kind: 'CLIENT', client: 'regulator-jiangsu-credit', clientKind: 'REGULATOR', purpose: 'SUPERVISION' },
  PUBLIC: { kind: 'CLIENT', client: 'developer-sandbox', clientKind: 'DEVELOPER', purpose: 'PUBLIC' },
  PUBLICATION: { kind: 'CLIENT', client: 'court-nanjing-intermediate', clientKind: 'AUTHORITY', purpose: 'PUBLICATION' },
};
const selfOf = (code: string): Viewer => ({ kind: 'SUBJECT', subject: code, purpose: 'SELF_ACCESS' });

const VALID: ConsentState = { state: 'VALID', consentId: 'consent-1' };
const MISSING_WORDS: Record<ConsentState['state'], string> = { NONE: 'with no consent', EXPIRED: 'whose consent expired', REVOKED: 'whose consent was revoked', VALID: '' };
const MISSING: readonly ConsentState[] = [{ state: 'NONE' }, { state: 'EXPIRED', consentId: 'consent-0' }, { state: 'REVOKED', consentId: 'consent-2' }];

/** The asker whose column this is, and the consent that puts it in that column. */
function askerFor(column: Column, kind: SubjectKind): { viewer: Viewer; consent: ConsentState } {
  if (column === 'SELF_ACCESS') return { viewer: selfOf(王建国), consent: { state: 'NONE' } };
  return { viewer: CLIENTS[column], consent: kind === 'PERSON' && NEEDS_CONSENT.includes(column) ? VALID : { state: 'NONE' } };
}

// ---------- words ----------

const ASKER_WORDS: Record<Column, string> = {
  LOAN_UNDERWRITING: 'a bank',
  EMPLOYMENT_SCREENING: 'an employer',
  MERCHANT_ONBOARDING: 'a platform',
  SUPERVISION: 'a regulator',
  SELF_ACCESS: 'a person on their own file',
  PUBLIC: 'a developer (the public)',
  PUBLICATION: 'a court publishing its listings',
};
const FORM_WORDS: Record<Form, string> = {
  FULL: 'the fact in full',
  ANY: 'that there is something',
  NAME: 'the name',
  MASKED_ID: 'the masked ID',
  LICENSE_VALID: 'whether the licence is valid',
  LISTED: 'whether listed',
  COURT: 'the court',
  CASE_NUMBER: 'the case number',
  REMOVAL_HISTORY: 'the removal history',
  RATING: 'the rating',
  COMPLAINT_COUNT: 'the complaint count',
  VIOLATION_FLAG: 'whether there are violations',
  COMPANY_GRADE: 'the company grade',
  COMPLAINT_RATE: 'the complaint rate',
  BAND: 'the band',
};

function asker(column: Column, kind: SubjectKind): string {
  const base = ASKER_WORDS[column];
  return kind === 'PERSON' && NEEDS_CONSENT.includes(column) ? `${base} with a valid consent` : base;
}

const list = (words: string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

function sentence(column: Column, kind: SubjectKind, row: Row): string {
  const whose = column === 'SELF_ACCESS' ? 'their own' : kind === 'PERSON' ? "a person's" : "an organisation's";
  const who = column === 'SELF_ACCESS' ? 'a person' : asker(column, kind);
  const sees = ruleFor(cellOf(row, column), kind);
  const publicSees = column !== 'PUBLIC' && ruleFor(row.cells.PUBLIC, kind) !== nothing;
  if (sees === everything) return `${who} sees ${whose} ${row.what}`;
  if (sees === nothing) return `${who} sees nothing of ${whose} ${row.what}${publicSees ? ' but what the public sees' : ''}`;
  return `${who} sees only ${list(sees.only.map((f) => FORM_WORDS[f]))} of ${whose} ${row.what}${publicSees ? ', and what the public sees' : ''}`;
}

/** allowed or not, per form: one comparison shows every wrong form at once */
function seen(viewer: Viewer, subject: Subject, cls: FactClass, forms: readonly Form[], consent: ConsentState) {
  return Object.fromEntries(forms.map((f) => [f, decide(viewer, subject, cls, f, consent).allowed]));
}

// ---------- the table, cell by cell ----------

describe('the access matrix, cell by cell (domain.md section 5)', () => {
  for (const [cls, row] of ROWS) {
    describe(row.title, () => {
      for (const column of COLUMNS) {
        for (const kind of KINDS) {
          // a subject's own token exists only for persons
          if (column === 'SELF_ACCESS' && kind === 'ORGANISATION') continue;
          it(sentence(column, kind, row), () => {
            const { viewer, consent } = askerFor(column, kind);
            const forms = formsOf(row);
            // what the public may see, everyone may see
            const expected = Object.fromEntries(
              forms.map((f) => [f, shows(ruleFor(cellOf(row, column), kind), f) || shows(ruleFor(row.cells.PUBLIC, kind), f)]),
            );
            expect(seen(viewer, subjectOf(kind), cls, forms, consent)).toEqual(expected);
          });
        }
      }
    });
  }

  it('lets every asker see references (keys, root fields, wrappers), whatever the consent', () => {
    for (const kind of KINDS) {
      for (const viewer of [...Object.values(CLIENTS), selfOf(王建国), selfOf(张伟)]) {
        for (const consent of [VALID, ...MISSING]) {
          for (const form of ['FULL', 'ANY'] as const) {
            expect(decide(viewer, subjectOf(kind), 'REFERENCE', form, consent).allowed, `${viewer.kind} ${kind} ${consent.state} ${form}`).toBe(true);
          }
        }
      }
    }
  });
});

// ---------- the three column rules ----------

describe('rule 1: for a person, a bank, an employer or a platform needs a valid consent', () => {
  for (const column of NEEDS_CONSENT as Exclude<Column, 'SELF_ACCESS'>[]) {
    for (const consent of MISSING) {
      it(`${ASKER_WORDS[column]} ${MISSING_WORDS[consent.state]} sees of a person only what the public sees, and is told why not the rest`, () => {
        for (const [cls, row] of ROWS) {
          for (const form of formsOf(row)) {
            const decision = decide(CLIENTS[column], person, cls, form, consent);
            const publicOk = shows(ruleFor(row.cells.PUBLIC, 'PERSON'), form);
            const purposeOk = shows(ruleFor(cellOf(row, column), 'PERSON'), form);
            const reason = publicOk ? undefined : !purposeOk ? 'PURPOSE' : consent.state === 'EXPIRED' ? 'CONSENT_EXPIRED' : 'NO_CONSENT';
            expect({ allowed: decision.allowed, column: decision.column, reason: decision.reason }, `${cls} ${form}`).toEqual({
              allowed: publicOk,
              column: 'PUBLIC',
              reason,
            });
          }
        }
      });
    }
  }

  it("a bank without a consent is refused a person's financial defaults for want of consent", () => {
    expect(decide(CLIENTS.LOAN_UNDERWRITING, person, 'FINANCIAL_DEFAULT', 'FULL', { state: 'NONE' })).toEqual({ allowed: false, column: 'PUBLIC', reason: 'NO_CONSENT' });
  });

  it("a bank whose consent expired is refused a person's financial defaults because it expired", () => {
    expect(decide(CLIENTS.LOAN_UNDERWRITING, person, 'FINANCIAL_DEFAULT', 'FULL', { state: 'EXPIRED' })).toEqual({ allowed: false, column: 'PUBLIC', reason: 'CONSENT_EXPIRED' });
  });

  it('a revoked consent counts as no consent', () => {
    expect(decide(CLIENTS.EMPLOYMENT_SCREENING, person, 'OCCUPATION', 'FULL', { state: 'REVOKED' })).toEqual({ allowed: false, column: 'PUBLIC', reason: 'NO_CONSENT' });
  });

  it("a bank is refused a person's phone for its purpose, consent or not: contact details are never for lending", () => {
    for (const consent of [VALID, ...MISSING]) {
      expect(decide(CLIENTS.LOAN_UNDERWRITING, person, 'CONTACT', 'FULL', consent).reason, consent.state).toBe('PURPOSE');
    }
  });

  it('a bank with a valid consent decides under its own column', () => {
    expect(decide(CLIENTS.LOAN_UNDERWRITING, person, 'FINANCIAL_DEFAULT', 'FULL', VALID)).toEqual({ allowed: true, column: 'LOAN_UNDERWRITING' });
  });

  it('organisations need no consent: a bank, an employer and a platform see the same of an organisation whatever the consent says', () => {
    for (const column of NEEDS_CONSENT as Exclude<Column, 'SELF_ACCESS'>[]) {
      for (const [cls, row] of ROWS) {
        const withConsent = seen(CLIENTS[column], organisation, cls, formsOf(row), VALID);
        for (const consent of MISSING) expect(seen(CLIENTS[column], organisation, cls, formsOf(row), consent), `${column} ${cls} ${consent.state}`).toEqual(withConsent);
      }
    }
    expect(decide(CLIENTS.LOAN_UNDERWRITING, organisation, 'TAX_VIOLATION', 'FULL', { state: 'NONE' })).toEqual({ allowed: true, column: 'LOAN_UNDERWRITING' });
  });

  it('a regulator needs no consent', () => {
    for (const [cls, row] of ROWS) {
      for (const consent of MISSING) {
        for (const form of formsOf(row)) expect(decide(CLIENTS.SUPERVISION, person, cls, form, consent).allowed, `${cls} ${form} ${consent.state}`).toBe(true);
      }
    }
  });
});

describe('rule 2: what the public column allows, every asker may see', () => {
  it('every asker, in every column and consent state, sees what the public sees', () => {
    const askers: [string, Viewer, ConsentState][] = [
      ...Object.entries(CLIENTS).flatMap(([c, v]) => [VALID, ...MISSING].map((consent) => [`${c} ${consent.state}`, v, consent] as [string, Viewer, ConsentState])),
      ['own file', selfOf(王建国), { state: 'NONE' }],
      ["another's file", selfOf(张伟), { state: 'NONE' }],
    ];
    for (const kind of KINDS) {
      for (const [cls, row] of ROWS) {
        for (const form of formsOf(row)) {
          if (!shows(ruleFor(row.cells.PUBLIC, kind), form)) continue;
          for (const [name, viewer, consent] of askers) expect(decide(viewer, subjectOf(kind), cls, form, consent).allowed, `${name} ${kind} ${cls} ${form}`).toBe(true);
        }
      }
    }
  });

  it("an employer with a valid consent sees the name on a person's court listing, which its own column does not name", () => {
    expect(decide(CLIENTS.EMPLOYMENT_SCREENING, person, 'COURT_LIST', 'NAME', VALID).allowed).toBe(true);
  });

  it("an employer sees an organisation's tax violations, which its own column denies, because they are public", () => {
    expect(decide(CLIENTS.EMPLOYMENT_SCREENING, organisation, 'TAX_VIOLATION', 'FULL', { state: 'NONE' }).allowed).toBe(true);
  });
});

describe("rule 3: a subject's own token is SELF_ACCESS on their own file and PUBLIC elsewhere", () => {
  it('a person sees their own file under SELF_ACCESS', () => {
    for (const [cls, row] of ROWS) {
      for (const form of formsOf(row)) expect(decide(selfOf(王建国), person, cls, form)).toEqual({ allowed: true, column: 'SELF_ACCESS' });
    }
  });

  it("a person sees another person's file as the public does", () => {
    for (const [cls, row] of ROWS) {
      for (const form of formsOf(row)) {
        const d = decide(selfOf(张伟), person, cls, form);
        const publicOk = shows(ruleFor(row.cells.PUBLIC, 'PERSON'), form);
        expect({ allowed: d.allowed, column: d.column, reason: d.reason }, `${cls} ${form}`).toEqual({ allowed: publicOk, column: 'PUBLIC', reason: publicOk ? undefined : 'PURPOSE' });
      }
    }
  });

  it("a person sees an organisation's file as the public does", () => {
    for (const [cls, row] of ROWS) {
      for (const form of formsOf(row)) {
        const d = decide(selfOf(王建国), organisation, cls, form);
        expect({ allowed: d.allowed, column: d.column }, `${cls} ${form}`).toEqual({ allowed: shows(ruleFor(row.cells.PUBLIC, 'ORGANISATION'), form), column: 'PUBLIC' });
      }
    }
  });

  it("a person sees the removal history of their own court listings; another person, an employer and the public do not", () => {
    expect(decide(selfOf(王建国), person, 'COURT_LIST', 'REMOVAL_HISTORY').allowed).toBe(true);
    expect(decide(selfOf(张伟), person, 'COURT_LIST', 'REMOVAL_HISTORY').allowed).toBe(false);
    expect(decide(CLIENTS.EMPLOYMENT_SCREENING, person, 'COURT_LIST', 'REMOVAL_HISTORY', VALID).allowed).toBe(false);
    expect(decide(CLIENTS.PUBLIC, person, 'COURT_LIST', 'REMOVAL_HISTORY').allowed).toBe(false);
  });

  it("a person's own token does not open another person's financial defaults, nor their phone", () => {
    expect(decide(selfOf(张伟), person, 'FINANCIAL_DEFAULT', 'FULL').allowed).toBe(false);
    expect(decide(selfOf(张伟), person, 'CONTACT', 'FULL').allowed).toBe(false);
    expect(decide(selfOf(王建国), person, 'FINANCIAL_DEFAULT', 'FULL').allowed).toBe(true);
  });
});

/**
 * The exhaustive check: for every showcase subject and every showcase asker — the five clients,
 * the subject's own token and another person's token — each fact is visible through the gateway
 * exactly where the access matrix allows it. Expectations are derived from the table by a small
 * evaluator written here from domain.md (not the production decide()), and a second, hand-written
 * list pins concrete showcase answers, so a wrong table cannot pass its own test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRIX, type Access, type FactClass, type Form } from '../../subgraphs/shared/policy/matrix.ts';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import { startTestHub, TODAY, type TestHub } from '../support/hub.ts';

type Kind = 'PERSON' | 'ORGANISATION';
interface Step {
  cls: FactClass;
  form: Form;
  /** whose fact the step is: the queried subject, or the courier company behind a person */
  holder: 'subject' | 'company';
}
interface Probe {
  name: string;
  /** path into the subject's object; arrays are walked element by element */
  path: string[];
  steps: Step[];
}

const s = (cls: FactClass, form: Form = 'FULL', holder: Step['holder'] = 'subject'): Step => ({ cls, form, holder });

const PERSON_PROBES: Probe[] = [
  { name: 'name', path: ['name'], steps: [s('IDENTITY', 'NAME')] },
  { name: 'maskedId', path: ['maskedId'], steps: [s('IDENTITY', 'MASKED_ID')] },
  { name: 'birthDate', path: ['birthDate'], steps: [s('IDENTITY')] },
  { name: 'gender', path: ['gender'], steps: [s('IDENTITY')] },
  { name: 'phone', path: ['phone'], steps: [s('CONTACT')] },
  { name: 'address', path: ['address'], steps: [s('CONTACT')] },
  { name: 'occupations', path: ['occupations'], steps: [s('OCCUPATION', 'ANY')] },
  { name: 'occupations.licenseNo', path: ['occupations', 'licenseNo'], steps: [s('OCCUPATION', 'ANY'), s('OCCUPATION')] },
  { name: 'occupations.licenseValid', path: ['occupations', 'licenseValid'], steps: [s('OCCUPATION', 'ANY'), s('OCCUPATION', 'LICENSE_VALID')] },
  { name: 'financialDefaults', path: ['financialDefaults'], steps: [s('FINANCIAL_DEFAULT')] },
  { name: 'creditScore', path: ['creditScore'], steps: [s('CREDIT_SCORE')] },
  { name: 'creditBand', path: ['creditBand'], steps: [s('CREDIT_SCORE', 'BAND')] },
  { name: 'consents', path: ['consents'], steps: [s('RECORDS')] },
  { name: 'objections', path: ['objections'], steps: [s('RECORDS')] },
  { name: 'queryRecords', path: ['queryRecords'], steps: [s('RECORDS')] },
  { name: 'enterpriseRoles', path: ['enterpriseRoles'], steps: [s('IDENTITY')] },
  { name: 'merchants', path: ['merchants'], steps: [s('ECOMMERCE', 'ANY')] },
  { name: 'merchants.rating', path: ['merchants', 'rating'], steps: [s('ECOMMERCE', 'ANY'), s('ECOMMERCE', 'RATING')] },
  { name: 'merchants.complaints90d', path: ['merchants', 'complaints90d'], steps: [s('ECOMMERCE', 'ANY'), s('ECOMMERCE', 'COMPLAINT_COUNT')] },
  { name: 'merchants.hasViolations', path: ['merchants', 'hasViolations'], steps: [s('ECOMMERCE', 'ANY'), s('ECOMMERCE', 'VIOLATION_FLAG')] },
  { name: 'merchants.violations', path: ['merchants', 'violations'], steps: [s('ECOMMERCE', 'ANY'), s('ECOMMERCE')] },
  { name: 'courierProfile', path: ['courierProfile'], steps: [s('COURIER', 'ANY')] },
  { name: 'courierProfile.rating', path: ['courierProfile', 'rating'], steps: [s('COURIER', 'ANY'), s('COURIER')] },
  { name: 'courierProfile.complaints', path: ['courierProfile', 'complaints'], steps: [s('COURIER', 'ANY'), s('COURIER')] },
  {
    name: 'company.grade',
    path: ['courierProfile', 'company', 'courierProfile', 'grade'],
    steps: [s('COURIER', 'ANY'), s('COURIER', 'ANY'), s('COURIER', 'ANY', 'company'), s('COURIER', 'COMPANY_GRADE', 'company')],
  },
  {
    name: 'company.complaintRate',
    path: ['courierProfile', 'company', 'courierProfile', 'complaintRatePerMillion'],
    steps: [s('COURIER', 'ANY'), s('COURIER', 'ANY'), s('COURIER', 'ANY', 'company'), s('COURIER', 'COMPLAINT_RATE', 'company')],
  },
  { name: 'courtListed', path: ['sanctions', 'courtListed'], steps: [s('COURT_LIST', 'LISTED')] },
  { name: 'courtListings', path: ['sanctions', 'courtListings'], steps: [s('COURT_LIST', 'ANY')] },
  { name: 'courtListings.authority', path: ['sanctions', 'courtListings', 'authority'], steps: [s('COURT_LIST', 'ANY'), s('COURT_LIST', 'COURT')] },
  { name: 'courtListings.subjectName', path: ['sanctions', 'courtListings', 'subjectName'], steps: [s('COURT_LIST', 'ANY'), s('COURT_LIST', 'NAME')] },
  {
    name: 'courtListings.subjectMaskedId',
    path: ['sanctions', 'courtListings', 'subjectMaskedId'],
    steps: [s('COURT_LIST', 'ANY'), s('COURT_LIST', 'MASKED_ID')],
  },
  { name: 'courtListings.basis', path: ['sanctions', 'courtListings', 'basis'], steps: [s('COURT_LIST', 'ANY'), s('COURT_LIST')] },
  { name: 'taxViolationListed', path: ['sanctions', 'taxViolationListed'], steps: [s('TAX_VIOLATION', 'LISTED')] },
  { name: 'taxViolations', path: ['sanctions', 'taxViolations'], steps: [s('TAX_VIOLATION')] },
  { name: 'administrativePenalties', path: ['sanctions', 'administrativePenalties'], steps: [s('ADMIN_PENALTY')] },
  { name: 'ecommerceBlacklist', path: ['sanctions', 'ecommerceBlacklist'], steps: [s('ECOMMERCE')] },
  { name: 'redList', path: ['redList'], steps: [s('RED_LIST')] },
];

const PERSON_QUERY = /* GraphQL */ `
  query ($c: ID!) {
    person(creditCode: $c) {
      name maskedId birthDate gender phone address
      occupations { licenseNo licenseValid }
      financialDefaults { ref }
      creditScore creditBand
      consents { id } objections { ref } queryRecords { at }
      enterpriseRoles { role }
      merchants { rating complaints90d hasViolations violations { ref } }
      courierProfile { rating complaints { ref } company { courierProfile { grade complaintRatePerMillion } } }
      sanctions {
        courtListed courtListings { authority subjectName subjectMaskedId basis }
        taxViolationListed taxViolations { ref } administrativePenalties { ref } ecommerceBlacklist { ref }
      }
      redList { honor }
    }
  }
`;

const ENTERPRISE_PROBES: Probe[] = [
  { name: 'name', path: ['name'], steps: [s('IDENTITY', 'NAME')] },
  { name: 'status', path: ['status'], steps: [s('IDENTITY')] },
  { name: 'legalRepresentativeName', path: ['legalRepresentativeName'], steps: [s('IDENTITY', 'NAME')] },
  { name: 'penalties', path: ['penalties'], steps: [s('ADMIN_PENALTY')] },
  { name: 'commitments', path: ['commitments'], steps: [s('IDENTITY')] },
  { name: 'courierProfile.grade', path: ['courierProfile', 'grade'], steps: [s('COURIER', 'ANY'), s('COURIER', 'COMPANY_GRADE')] },
  {
    name: 'courierProfile.complaintRatePerMillion',
    path: ['courierProfile', 'complaintRatePerMillion'],
    steps: [s('COURIER', 'ANY'), s('COURIER', 'COMPLAINT_RATE')],
  },
  { name: 'courierProfile.serviceWarnings', path: ['courierProfile', 'serviceWarnings'], steps: [s('COURIER', 'ANY'), s('COURIER')] },
  { name: 'courierBlacklist', path: ['sanctions', 'courierBlacklist'], steps: [s('COURIER')] },
  { name: 'taxViolations', path: ['sanctions', 'taxViolations'], steps: [s('TAX_VIOLATION')] },
  { name: 'redList', path: ['redList'], steps: [s('RED_LIST')] },
];

const ENTERPRISE_QUERY = /* GraphQL */ `
  query ($c: ID!) {
    enterprise(creditCode: $c) {
      name status legalRepresentativeName penalties { ref } commitments { ref }
      courierProfile { grade complaintRatePerMillion serviceWarnings { ref } }
      sanctions { courierBlacklist { ref } taxViolations { ref } }
      redList { honor }
    }
  }
`;

// ---------- the expectation, derived from the table (domain.md section 5, its three rules) ----------

type Asker = { label: string; token: string; client?: (typeof showcase.clients)[number]; self?: string };

function cell(cls: FactClass, purpose: string, kind: Kind): Access {
  const c = (MATRIX[cls] as Record<string, unknown>)[purpose] as Access | { person: Access; organisation: Access };
  return typeof c === 'object' && 'person' in c ? (kind === 'PERSON' ? c.person : c.organisation) : c;
}

function opens(a: Access, form: Form): boolean {
  if (a === 'A') return true;
  if (a === 'D') return false;
  return form === 'ANY' ? a.M.length > 0 : a.M.includes(form);
}

function hasValidConsent(subject: string, client: string, purpose: string): boolean {
  return showcase.consents.some((c) => c.subject === subject && c.client === client && c.purpose === purpose && c.grantedAt <= TODAY && c.expiresAt >= TODAY);
}

function allowed(asker: Asker, holder: string, kind: Kind, cls: FactClass, form: Form): boolean {
  let column: string;
  if (asker.self) column = kind === 'PERSON' && holder === asker.self ? 'SELF_ACCESS' : 'PUBLIC';
  else {
    const purpose = asker.client!.purposes[0]!;
    const consentNeeded = kind === 'PERSON' && ['LOAN_UNDERWRITING', 'EMPLOYMENT_SCREENING', 'MERCHANT_ONBOARDING'].includes(purpose);
    column = consentNeeded && !hasValidConsent(holder, asker.client!.id, purpose) ? 'PUBLIC' : purpose;
  }
  return opens(cell(cls, column, kind), form) || opens(cell(cls, 'PUBLIC', kind), form);
}

function expected(asker: Asker, probe: Probe, subject: string, kind: Kind, company?: string): boolean {
  return probe.steps.every((st) =>
    st.holder === 'company' ? allowed(asker, company!, 'ORGANISATION', st.cls, st.form) : allowed(asker, subject, kind, st.cls, st.form),
  );
}

/** Leaf values along a path; null where the path is cut. */
function valuesAt(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [value];
  if (value === null || value === undefined) return [null];
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, path));
  return valuesAt((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

const visible = (value: unknown, path: string[]) => valuesAt(value, path).some((v) => v !== null && v !== undefined);
/**
 * Whether the probe can show anything for this subject: the regulator, whose column allows
 * everything, sees a value there (an empty list counts: it says "no such fact").
 */
const applicable = (truth: unknown, probe: Probe) => visible(truth, probe.path);

// ---------- the run ----------

let t: TestHub;
let askers: Asker[];
beforeAll(async () => {
  t = await startTestHub();
  askers = await Promise.all(showcase.clients.map(async (c) => ({ label: c.id, token: c.id, client: c })));
});
afterAll(() => t?.stop());

const courierCompanyOf = (code: string) => showcase.couriers.find((c) => c.person === code)?.company;

describe('every showcase person, every asker', () => {
  it.each(showcase.persons.map((p) => [p.name, p.creditCode] as const))('%s', async (_, code) => {
    const other = code === showcase.persons[0]!.creditCode ? showcase.persons[1]!.creditCode : showcase.persons[0]!.creditCode;
    const all: Asker[] = [...askers, { label: 'self', token: code, self: code }, { label: 'another person', token: other, self: other }];
    const truth = (await t.query('regulator-jiangsu-credit', PERSON_QUERY, { c: code })).data.person;
    let checked = 0;
    for (const asker of all) {
      const res = await t.query(asker.token, PERSON_QUERY, { c: code });
      expect(res.status).toBe(200);
      const got = res.data.person;
      for (const probe of PERSON_PROBES) {
        if (!applicable(truth, probe)) continue;
        const want = expected(asker, probe, code, 'PERSON', courierCompanyOf(code));
        expect({ asker: asker.label, probe: probe.name, visible: visible(got, probe.path) }).toEqual({ asker: asker.label, probe: probe.name, visible: want });
        checked++;
      }
      for (const e of res.errors ?? []) {
        expect(e.extensions!.code, JSON.stringify(e)).toBe('FORBIDDEN');
        expect(e.path!.every((p) => typeof p === 'string')).toBe(true);
        expect(e.extensions!.purpose).toBe(asker.self ? 'SELF_ACCESS' : asker.client!.purposes[0]);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('every showcase enterprise, every asker', () => {
  it.each(showcase.enterprises.map((e) => [e.name, e.creditCode] as const))('%s', async (_, code) => {
    const all: Asker[] = [...askers, { label: 'a person', token: showcase.persons[0]!.creditCode, self: showcase.persons[0]!.creditCode }];
    const truth = (await t.query('regulator-jiangsu-credit', ENTERPRISE_QUERY, { c: code })).data.enterprise;
    for (const asker of all) {
      const got = (await t.query(asker.token, ENTERPRISE_QUERY, { c: code })).data.enterprise;
      for (const probe of ENTERPRISE_PROBES) {
        if (!applicable(truth, probe)) continue;
        expect({ asker: asker.label, probe: probe.name, visible: visible(got, probe.path) }).toEqual({
          asker: asker.label,
          probe: probe.name,
          visible: expected(asker, probe, code, 'ORGANISATION'),
        });
      }
    }
  });
});

// ---------- the second opinion: concrete showcase answers, written by hand ----------

const 王建国 = '320106197805123519';
const 李梅 = '320102198509231629';
const 张伟 = '320502198203174715';
const 陈静 = '320203199507082021';
const 刘洋 = '320583199001011531';
const 优品 = '91320505MA1P7Q8R2P';
const 速达 = '91320211MA1X4Y5T2H';

const HAND: [asker: string, subject: string, probe: string, visible: boolean, why: string][] = [
  ['bank-jinling', 张伟, 'financialDefaults', true, 'consent to the bank is valid'],
  ['bank-jinling', 张伟, 'phone', false, 'contact is never for lending'],
  ['bank-jinling', 张伟, 'birthDate', true, 'full identity for lending with consent'],
  ['bank-jinling', 李梅, 'name', false, 'no consent: the public column, persons identity denied'],
  ['bank-jinling', 李梅, 'financialDefaults', false, 'no consent'],
  ['bank-jinling', 李梅, 'courtListings.authority', true, 'the public may see the court of a listing'],
  ['bank-jinling', 李梅, 'courtListings.subjectMaskedId', true, 'the public may see the masked ID of a listing'],
  ['bank-jinling', 李梅, 'courtListings.basis', false, 'no consent: only the public form'],
  ['bank-jinling', 陈静, 'company.grade', false, 'without consent: who works where is not public'],
  ['bank-jinling', 陈静, 'courierProfile.rating', false, 'no consent from 陈静 to the bank'],
  ['bank-jinling', 王建国, 'creditScore', true, 'consent to the bank is valid'],
  ['employer-suzhou-hr', 张伟, 'occupations.licenseNo', false, 'consent to the employer expired on 2026-01-31'],
  ['employer-suzhou-hr', 张伟, 'name', false, 'consent expired: the public column'],
  ['employer-suzhou-hr', 陈静, 'occupations.licenseNo', true, 'valid consent: licences in full'],
  ['employer-suzhou-hr', 陈静, 'name', true, 'reduced identity: the name'],
  ['employer-suzhou-hr', 陈静, 'maskedId', true, 'reduced identity: the masked ID'],
  ['employer-suzhou-hr', 陈静, 'birthDate', false, 'reduced identity only'],
  ['employer-suzhou-hr', 陈静, 'courierProfile.complaints', true, "the person's own courier file"],
  ['employer-suzhou-hr', 陈静, 'company.grade', true, 'companies: grade only'],
  ['employer-suzhou-hr', 陈静, 'company.complaintRate', false, 'companies: grade only'],
  ['employer-suzhou-hr', 陈静, 'financialDefaults', false, 'never for employment'],
  ['platform-yunji', 刘洋, 'merchants.violations', true, 'consent to the platform: e-commerce in full'],
  ['platform-yunji', 刘洋, 'ecommerceBlacklist', true, 'e-commerce black list in full'],
  ['platform-yunji', 刘洋, 'creditBand', true, 'band only'],
  ['platform-yunji', 刘洋, 'creditScore', false, 'band only'],
  ['platform-yunji', 刘洋, 'occupations', true, '刘洋 holds no licence, but the list opens for the licence-valid form'],
  ['platform-yunji', 刘洋, 'financialDefaults', false, 'never for onboarding'],
  ['platform-yunji', 李梅, 'courtListings.basis', false, 'no consent from 李梅'],
  ['developer-sandbox', 刘洋, 'merchants.rating', false, 'who runs a shop is not public'],
  ['developer-sandbox', 刘洋, 'merchants.complaints90d', false, 'the public sees ratings only'],
  ['developer-sandbox', 李梅, 'courtListings.subjectName', true, 'court listings are published with the name'],
  ['developer-sandbox', 李梅, 'name', false, 'persons identity is not public'],
  ['developer-sandbox', 王建国, 'redList', true, 'honours are public'],
  ['regulator-jiangsu-credit', 王建国, 'phone', true, 'supervision sees everything'],
  ['regulator-jiangsu-credit', 张伟, 'queryRecords', true, 'supervision reads anyone\'s query records'],
  [张伟, 张伟, 'consents', true, 'the subject sees their whole file'],
  [张伟, 张伟, 'phone', true, 'the subject sees their whole file'],
  [张伟, 王建国, 'name', false, "another person's file looks public"],
  [张伟, 王建国, 'redList', true, 'honours are public'],
];

const HAND_ENTERPRISE: [string, string, string, boolean, string][] = [
  ['employer-suzhou-hr', 优品, 'penalties', true, 'organisations: penalties are public, whatever the column says'],
  ['employer-suzhou-hr', 速达, 'courierProfile.grade', true, 'grade only'],
  ['employer-suzhou-hr', 速达, 'courierProfile.complaintRatePerMillion', false, 'grade only'],
  ['platform-yunji', 速达, 'courierProfile.serviceWarnings', true, 'courier companies in full for platforms'],
  ['bank-jinling', 速达, 'courierProfile.complaintRatePerMillion', true, 'grade and complaint rate for lenders'],
  ['developer-sandbox', 速达, 'courierProfile.serviceWarnings', false, 'the public sees the grade only'],
  ['developer-sandbox', 速达, 'name', true, 'registration is public'],
  ['developer-sandbox', 速达, 'courierBlacklist', false, 'the public sees the company grade only'],
];

describe('hand-written showcase answers agree', () => {
  it.each(HAND)('%s → %s %s: %s (%s)', async (asker, subject, probeName, want) => {
    const probe = PERSON_PROBES.find((p) => p.name === probeName)!;
    const got = (await t.query(asker, PERSON_QUERY, { c: subject })).data.person;
    expect(visible(got, probe.path)).toBe(want);
  });
  it.each(HAND_ENTERPRISE)('%s → %s %s: %s (%s)', async (asker, subject, probeName, want) => {
    const probe = ENTERPRISE_PROBES.find((p) => p.name === probeName)!;
    const got = (await t.query(asker, ENTERPRISE_QUERY, { c: subject })).data.enterprise;
    expect(visible(got, probe.path)).toBe(want);
  });
});

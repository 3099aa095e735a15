/**
 * The access matrix of domain.md section 5, as data. Rows are fact classes, columns purposes.
 * A cell allows in full ('A'), allows only the named reduced forms ({ M: [...] }), or denies ('D').
 * A cell may differ by subject kind ({ person, organisation }). Changing a cell here is the only
 * change needed to change who sees what: the shield rules are generated from this table.
 */
import type { SubjectKind } from '../platform/ids.ts';
import { CONSENT_PURPOSES, PURPOSES, type Purpose } from '../wire/purposes.ts';

// the matrix's columns are the purposes of wire/purposes.ts: one table, re-exported for its readers
export { CONSENT_PURPOSES, PURPOSES };

/**
 * Reduced forms a field can stand for. FULL is the fact itself; ANY marks a container or link
 * that is open whenever any form of its class is open (its leaves are then checked one by one).
 */
export const FORMS = [
  'FULL',
  'ANY',
  'NAME',
  'MASKED_ID',
  'LICENSE_VALID',
  'LISTED',
  'COURT',
  'CASE_NUMBER',
  'REMOVAL_HISTORY',
  'RATING',
  'COMPLAINT_COUNT',
  'VIOLATION_FLAG',
  'COMPANY_GRADE',
  'COMPLAINT_RATE',
  'BAND',
] as const;
export type Form = (typeof FORMS)[number];

export type Access = 'A' | 'D' | { readonly M: readonly Form[] };
export type Cell = Access | { readonly person: Access; readonly organisation: Access };

export const FACT_CLASSES = [
  'REFERENCE',
  'IDENTITY',
  'CONTACT',
  'OCCUPATION',
  'COURT_LIST',
  'TAX_VIOLATION',
  'ADMIN_PENALTY',
  'FINANCIAL_DEFAULT',
  'ECOMMERCE',
  'COURIER',
  'RED_LIST',
  'CREDIT_SCORE',
  'RECORDS',
] as const;
export type FactClass = (typeof FACT_CLASSES)[number];

const M = (...forms: Form[]): Access => ({ M: forms });

/**
 * PUBLICATION, an issuing authority's column, opens nothing beyond what is public (the PUBLIC rule
 * then applies, as for every asker): an authority reads the facts it issued through its own
 * receipts (sanctions' publications), never through another subject's file.
 */
export const MATRIX: Record<FactClass, Record<Purpose, Cell>> = {
  /** federation keys, root fields and structural wrappers: they carry no fact of their own */
  REFERENCE: {
    LOAN_UNDERWRITING: 'A',
    EMPLOYMENT_SCREENING: 'A',
    MERCHANT_ONBOARDING: 'A',
    SUPERVISION: 'A',
    SELF_ACCESS: 'A',
    PUBLIC: 'A',
    PUBLICATION: 'A',
  },
  IDENTITY: {
    LOAN_UNDERWRITING: 'A',
    EMPLOYMENT_SCREENING: M('NAME', 'MASKED_ID'),
    MERCHANT_ONBOARDING: M('NAME', 'MASKED_ID'),
    SUPERVISION: 'A',
    SELF_ACCESS: 'A',
    PUBLIC: { person: 'D', organisation: 'A' },
    PUBLICATION: 'D',
  },
  CONTACT: {
    LOAN_UNDERWRITING: 'D',
    EMPLOYMENT_SCREENING: 'D',
    MERCHANT_ONBOARDING: 'D',
    SUPERVISION: 'A',
    SELF_ACCESS: 'A',
    PUBLIC: 'D',
    PUBLICATION: 'D',
  },
  OCCUPATION: {
    LOAN_UNDERWRITING: 'D',
    EMPLOYMENT_SCREENING: 'A',
    MERCHANT_ONBOARDING: M('LICENSE_VALID'),
    SUPERVISION: 'A',
    SELF_ACCESS: 'A',
    PUBLIC: 'D',
    PUBLICATION: 'D',
  },
  COURT_LIST: {
    LOAN_UNDERWRITING: 'A',
    EMPLOYMENT_SCREENING: M('LISTED', 'COURT', 'CASE_NUMBER'),
    MERCHANT_ONBOARDING: 'A',
    SUPERVISION: 'A',
    SELF_ACCESS: 'A',
    PUBLIC: M('NAME', 'MASKED_ID', 'COURT', 'CASE_NUMBER'),
    PUBLICATION: 'D',
  },
  TAX_VIOLATION: {
    LOAN_UNDERWRITING: 'A',
    EMPLOYMENT_SCREENING: 'D',
    MERCHANT_ONBOARDING: M('LISTED'),
    SUPERVISION: 'A',
    SELF_ACCESS: 'A',
    PUBLIC: { person: 'D', organisation: 'A' },
    PUBLICATION: 'D',
  },
  ADMIN_PENALTY: {
    LOAN_UNDERWRITING: 'A',
    EMPLOYMENT_SCREENING: 'D',
    MERCHANT_ONBOARDING: 'A',
    SUPERVISION: 'A',
    SELF_ACCESS: 'A',
    PUBLIC: { person: 'D', organisation: 'A' },
    PUBLICATION: 'D',
  },
  FINANCIAL_DEFAULT: {
    LOAN_UNDERWRITING: 'A',
    EMPLOYMENT_SCREENING: 'D',
    MERCHANT_ONBOARDING: 'D',
    SUPERVISION: 'A',
    SELF_ACCESS: 'A',
    PUBLIC: 'D',
    PUBLICATION: 'D',
  },
  ECOMMERCE: {
    LOAN_UNDERWRITING: M('RATING', 'COMPLAINT_COUNT', 'VIOLATION_FLAG'),
    EMPLOYMENT_SCREENING: 'D',
    MERCHANT_ONBOARDING: 'A',
    SUPERVISION: 'A',
    SELF_ACCESS: 'A',
    // shops and organisations: rating only; who runs a shop is not public
    PUBLIC: { person: 'D', organisation: M('RATING') },
    PUBLICATION: 'D',
  },
  COURIER: {
    LOAN_UNDERWRITING: M('COMPANY_GRADE', 'COMPLAINT_RATE'),
    EMPLOYMENT_SCREENING: { person: 'A', organisation: M('COMPANY_GRADE') },
    MERCHANT_ONBOARDING: { person: 'D', organisation: 'A' },
    SUPERVISION: 'A',
    SELF_ACCESS: 'A',
    // companies: grade only; who works where is not public
    PUBLIC: { person: 'D', organisation: M('COMPANY_GRADE') },
    PUBLICATION: 'D',
  },
  RED_LIST: {
    LOAN_UNDERWRITING: 'A',
    EMPLOYMENT_SCREENING: 'A',
    MERCHANT_ONBOARDING: 'A',
    SUPERVISION: 'A',
    SELF_ACCESS: 'A',
    PUBLIC: 'A',
    PUBLICATION: 'A',
  },
  CREDIT_SCORE: {
    LOAN_UNDERWRITING: 'A',
    EMPLOYMENT_SCREENING: 'D',
    MERCHANT_ONBOARDING: M('BAND'),
    SUPERVISION: 'A',
    SELF_ACCESS: 'A',
    PUBLIC: 'D',
    PUBLICATION: 'D',
  },
  RECORDS: {
    LOAN_UNDERWRITING: 'D',
    EMPLOYMENT_SCREENING: 'D',
    MERCHANT_ONBOARDING: 'D',
    SUPERVISION: 'A',
    SELF_ACCESS: 'A',
    PUBLIC: 'D',
    PUBLICATION: 'D',
  },
};

/**
 * A list entry's class follows its list: SanctionEntry fields declare the pseudo-class LISTING
 * and are decided under the class of the list the entry belongs to.
 */
export const LIST_CLASSES = {
  DISHONEST_JUDGMENT_DEBTOR: 'COURT_LIST',
  SERIOUS_DISHONESTY: 'COURT_LIST',
  MAJOR_TAX_VIOLATION: 'TAX_VIOLATION',
  ADMINISTRATIVE_PENALTY: 'ADMIN_PENALTY',
  ECOMMERCE_BLACKLIST: 'ECOMMERCE',
  COURIER_BLACKLIST: 'COURIER',
} as const satisfies Record<string, FactClass>;

const CLASS_INDEX = new Map<FactClass, number>(FACT_CLASSES.map((c, i) => [c, i]));
const FORM_INDEX = new Map<Form, number>(FORMS.map((f, i) => [f, i]));

/** A small integer for a (class, form) pair: decisions are memoised in arrays by it. */
export function decisionKey(cls: FactClass, form: Form): number {
  return CLASS_INDEX.get(cls)! * FORMS.length + FORM_INDEX.get(form)!;
}

/** A class as one bit, so the classes audited for a subject are one integer. */
export function classBit(cls: FactClass): number {
  return 1 << CLASS_INDEX.get(cls)!;
}

export function classesOfBits(bits: number): FactClass[] {
  return FACT_CLASSES.filter((_, i) => bits & (1 << i));
}

export function cellAccess(cls: FactClass, purpose: Purpose, kind: SubjectKind): Access {
  const cell = MATRIX[cls][purpose];
  if (typeof cell === 'object' && 'person' in cell) return kind === 'PERSON' ? cell.person : cell.organisation;
  return cell;
}

export function accessAllows(access: Access, form: Form): boolean {
  if (access === 'A') return true;
  if (access === 'D') return false;
  if (form === 'ANY') return access.M.length > 0;
  return access.M.includes(form);
}

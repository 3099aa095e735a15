/** The persons subgraph's stored documents, and its collections with their indexes. */
import type { IsoDate } from '../shared/platform/clock.ts';
import type { FactLifecycle } from '../shared/facts/documents.ts';
import type { CollectionIndexes } from '../shared/platform/store/port.ts';

export type Gender = 'MALE' | 'FEMALE';

export interface MisconductDoc extends FactLifecycle {
  what: string;
  measure: string;
}

export interface OccupationDoc {
  occupation: string; // TEACHER, LAWYER, COURIER, DOCTOR, ACCOUNTANT, ...
  licenseNo: string;
  issuer: string;
  status: 'VALID' | 'SUSPENDED' | 'REVOKED' | 'EXPIRED';
  misconduct: MisconductDoc[];
}

/** collection `persons`, _id = creditCode */
export interface PersonDoc {
  _id: string;
  creditCode: string;
  name: string;
  gender: Gender;
  birthDate: IsoDate;
  phone: string;
  address: string;
  occupations: OccupationDoc[];
}

/** collection `financialDefaults`, _id = ref. Kept 5 years from the end of the default. */
export interface FinancialDefaultDoc extends FactLifecycle {
  _id: string;
  subject: string;
  lender: string;
  product: string;
  overdueAmount: number;
  overdueSince: IsoDate;
  /** OVERDUE while unpaid; SETTLED once repaid (the 5-year clock runs from settledAt) */
  repayment: 'OVERDUE' | 'SETTLED';
  settledAt?: IsoDate;
}

declare module '../shared/platform/store/port.ts' {
  interface Collections {
    persons: PersonDoc;
    financialDefaults: FinancialDefaultDoc;
  }
}

export const COLLECTIONS = {
  persons: [],
  financialDefaults: [{ subject: 1 }],
} as const satisfies CollectionIndexes;

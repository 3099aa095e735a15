/**
 * The stored shapes every subgraph shares: the lifecycle fields of a negative fact, the lists, and
 * the subject's consents and filings. Consents and filings belong to the persons subgraph (the only
 * writer: subgraphs/collections.ts); every subgraph reads them through its views (views.ts), so
 * their types live here. Officer roles are the enterprises subgraph's, read the same way by
 * the sanctions subgraph (joint measures reach officers). Dates are ISO 8601 `YYYY-MM-DD` strings, so both stores compare them alike.
 */
import type { IsoDate } from '../platform/clock.ts';
import type { CollectionIndexes } from '../platform/store/port.ts';
import type { Purpose } from '../wire/purposes.ts';

export type Severity = 'MINOR' | 'GENERAL' | 'SERIOUS';

/** Fields every negative fact carries (domain.md section 6). Status records events only. */
export interface FactLifecycle {
  ref: string;
  authority: string;
  severity: Severity;
  /** decided or listed date */
  decidedAt: IsoDate;
  /**
   * Stored display-until date. null: no fixed term (a court listing for refusing to perform).
   * Absent: derived at read time from the display-period rules for the fact's severity.
   */
  displayUntil?: IsoDate | null;
  status: 'ACTIVE' | 'REPAIRED' | 'REVOKED' | 'REMOVED';
  repairedAt?: IsoDate;
  /** the subject's own statement */
  statement?: string;
}

export type ListKind =
  | 'DISHONEST_JUDGMENT_DEBTOR'
  | 'MAJOR_TAX_VIOLATION'
  | 'ECOMMERCE_BLACKLIST'
  | 'COURIER_BLACKLIST'
  | 'SERIOUS_DISHONESTY'
  | 'ADMINISTRATIVE_PENALTY';

export type Measure =
  | 'HIGH_CONSUMPTION'
  | 'AIR_TRAVEL'
  | 'HIGH_SPEED_RAIL'
  | 'CIVIL_SERVICE_HIRING'
  | 'FINANCING'
  | 'MARKET_ENTRY'
  | 'GOVERNMENT_PROCUREMENT'
  | 'PLATFORM_ENTRY'
  | 'LEGAL_REPRESENTATIVE_ROLE'
  | 'DIRECTOR_ROLE'
  | 'SUPERVISOR_ROLE'
  | 'SENIOR_MANAGER_ROLE';

/** collection `consents`, _id = `${subject}:${client}:${purpose}:${grantedAt}` */
export interface ConsentDoc {
  _id: string;
  subject: string;
  client: string;
  purpose: Purpose;
  grantedAt: IsoDate;
  expiresAt: IsoDate;
  revokedAt?: string;
}

/** collection `objections`, _id = ref. Filed by the subject against any fact, by its ref. */
export interface ObjectionDoc {
  _id: string;
  ref: string;
  factRef: string;
  subject: string;
  filedAt: IsoDate;
  dueAt: IsoDate;
  reason: string;
  status: 'UNDER_REVIEW' | 'CORRECTED' | 'REMOVED' | 'CONFIRMED';
  resolvedAt?: IsoDate;
  outcomeReason?: string;
}

/**
 * collection `repairRequests`, _id = ref. The subject's application to repair a fact (NDRC
 * credit-repair measures): once approved by the issuing authority (the regulator, in this hub),
 * the fact stops being shown and shared. Filed against any of the subject's facts, by its ref.
 */
export interface RepairRequestDoc {
  _id: string;
  ref: string;
  factRef: string;
  subject: string;
  requestedAt: IsoDate;
  /** the subject's statement: how the duty was discharged */
  statement: string;
  status: 'PENDING' | 'APPROVED';
  /** when the request was approved; the fact is repaired from this day on */
  decidedAt?: IsoDate;
  /** the client that approved it */
  decidedBy?: string;
}

/** collection `officers`: who holds which role in which organisation */
export interface OfficerDoc {
  _id: string; // `${enterprise}:${person}:${role}`
  enterprise: string;
  person: string;
  /** the officer's name as filed with the registry (public registration information) */
  name: string;
  role: 'LEGAL_REPRESENTATIVE' | 'DIRECTOR' | 'SUPERVISOR' | 'SENIOR_MANAGER';
  since: IsoDate;
}

declare module '../platform/store/port.ts' {
  interface Collections {
    consents: ConsentDoc;
    objections: ObjectionDoc;
    repairRequests: RepairRequestDoc;
    officers: OfficerDoc;
  }
}

/** The subject's consents and filings, with the indexes their readers rely on. */
export const FILING_COLLECTIONS = {
  consents: [{ subject: 1, client: 1, purpose: 1 }],
  objections: [{ factRef: 1 }, { subject: 1 }, { status: 1, dueAt: 1 }],
  repairRequests: [{ subject: 1 }, { factRef: 1 }],
} as const satisfies CollectionIndexes;

/** Officer roles (owned by enterprises), with the indexes of both readers. */
export const OFFICER_COLLECTIONS = {
  officers: [{ person: 1 }, { enterprise: 1 }],
} as const satisfies CollectionIndexes;

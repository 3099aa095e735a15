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
}

/** the lists, named once in wire/licence.ts (an authority's licence names them too) */
export type { ListKind } from '../wire/licence.ts';

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

/**
 * What a grant did to the consents already in force to the same client for the same purpose:
 * NEW when there was none; otherwise it replaced them, and says whether the last day moved.
 */
export type ConsentGrantEffect = 'NEW' | 'EXTENDED' | 'SHORTENED' | 'UNCHANGED';

/**
 * collection `consents`, _id = `${subject}:${client}:${purpose}:${grantedAt}`, and for a later
 * grant on the same day a random suffix after it: every grant is a record of its own, never an
 * overwrite of the earlier one.
 */
export interface ConsentDoc {
  _id: string;
  subject: string;
  client: string;
  purpose: Purpose;
  grantedAt: IsoDate;
  expiresAt: IsoDate;
  revokedAt?: string;
  /**
   * the consents to the same client for the same purpose that were in force when this one was
   * granted, and that it replaced: from then on they are no longer in force (state REPLACED)
   */
  replaces?: string[];
  /** what the grant did to them (absent on consents stored before grants recorded it: NEW) */
  effect?: ConsentGrantEffect;
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
  /**
   * for an objection answered CORRECTED: the corrected values. Every owner shows its fact with
   * them from the day of the answer (facts/corrections.ts); the owner's own document is not
   * rewritten, since only the owner writes its facts.
   */
  corrections?: CorrectionDoc[];
  /**
   * with corrections: 1 for the fact's first corrected answer, one more for each later one, so
   * that of two answers given on one day the later one's values win
   */
  correctionRound?: number;
}

/** One corrected value of a fact, as an objection's answer records it. */
export interface CorrectionDoc {
  /** the field as the API names it, e.g. overdueAmount */
  field: string;
  /** the field of the owner's document it stands for, e.g. decidedAt for a listing's listedAt */
  stored: string;
  /** the value before the correction, for the subject's and the regulator's record */
  previous: string | number | null;
  value: string | number;
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
  /** PENDING until decided; APPROVED repairs the fact; REJECTED leaves it shown and blocks nothing */
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  /** when the request was decided; an approved fact is repaired from this day on */
  decidedAt?: IsoDate;
  /** the client that decided it */
  decidedBy?: string;
  /** why it was rejected, shown to the subject in their own file */
  rejectionReason?: string;
}

/**
 * collection `statements`, _id = `${subject}:${factRef}`: the subject's own statement on a fact
 * in their file (domain.md section 6), one per fact, replaced when the subject writes it again.
 * Every owner shows it beside its fact, to whoever may see the fact in full.
 */
export interface StatementDoc {
  _id: string;
  subject: string;
  factRef: string;
  text: string;
  /** first attached on */
  madeAt: IsoDate;
  /** last written on (the day of the latest replacement) */
  updatedAt: IsoDate;
  /** 1 when first attached, one more for each replacement */
  version: number;
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
    statements: StatementDoc;
    officers: OfficerDoc;
  }
}

/** The subject's consents and filings, with the indexes their readers rely on (the regulator's desk: status and date). */
export const FILING_COLLECTIONS = {
  consents: [{ subject: 1, client: 1, purpose: 1 }],
  objections: [{ factRef: 1 }, { subject: 1 }, { status: 1, dueAt: 1 }],
  repairRequests: [{ subject: 1 }, { factRef: 1 }, { status: 1, requestedAt: 1 }],
  statements: [{ subject: 1 }],
} as const satisfies CollectionIndexes;

/** Officer roles (owned by enterprises), with the indexes of both readers. */
export const OFFICER_COLLECTIONS = {
  officers: [{ person: 1 }, { enterprise: 1 }],
} as const satisfies CollectionIndexes;

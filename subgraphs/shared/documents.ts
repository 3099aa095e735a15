/**
 * The stored document shapes, one per collection. Repositories read and write these;
 * GraphQL codegen maps schema types onto them. Dates are ISO 8601 `YYYY-MM-DD` strings
 * (timestamps are full ISO strings), so both stores compare them the same way.
 * Each collection has exactly one owning subgraph: the only writer of its facts.
 */

export type IsoDate = string;
export type SubjectKind = 'PERSON' | 'ORGANISATION';
export type Severity = 'MINOR' | 'GENERAL' | 'SERIOUS';
export type Gender = 'MALE' | 'FEMALE';
import type { ClientKind, Purpose } from './wire/purposes.ts';

/** Purposes and client kinds come from one table (wire/purposes.ts). */
export type { ClientKind, Purpose };

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

// ---------- persons subgraph ----------

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

/**
 * collection `queryRecords`: the audit (domain.md section 8), a record per request and subject.
 * Each subgraph stores the records of one answer grouped: the subjects that got the same classes
 * and the same denials share one document (a 1,000-applicant batch is a handful of documents, not
 * a thousand), each subject beside the consent its facts were released under. A read records the
 * fact classes returned; a change to a file records its `action` and the ref it acted on.
 */
export interface QueryRecordDoc {
  _id: string;
  at: string;
  requestId: string;
  subgraph: string;
  client: string | null;
  clientKind: ClientKind | 'SUBJECT';
  purpose: Purpose;
  /** the persons the record is about */
  subjects: string[];
  /** beside each subject, the consent its facts were released under, if any */
  consents: (string | null)[];
  classes: string[];
  denied: string[];
  /** for a change: the mutation that made it, e.g. fileObjection */
  action?: string;
  /** for a change: the ref it acted on (an objection, a repair request, a consent) */
  target?: string;
}

/**
 * collection `clients`: the client registry. Every request is checked against it: a client's kind
 * and licensed purposes come from here, never from its token.
 */
export interface ClientDoc {
  _id: string;
  id: string;
  name: string;
  kind: ClientKind;
  purposes: Purpose[];
  /** a suspended client is refused at once (within the registry's cache bound), its tokens included */
  status: 'ACTIVE' | 'SUSPENDED';
  /**
   * how the client proves itself to the hub's own development issuer. In production the operator's
   * identity provider holds the credentials and the registry holds none.
   */
  credentials?: {
    /** scrypt hash of the client secret (client_secret_basic): the secret itself is shown once and never stored */
    secretHash?: string;
    /** public keys for private_key_jwt */
    jwks?: { keys: Record<string, unknown>[] };
  };
  /** the client's rate limit and daily quota (the operations layer enforces them) */
  limits: { requestsPerMinute: number; subjectsPerDay: number };
  createdAt: string;
  updatedAt: string;
}

/** collection `registryEvents`: every change to the client registry, who made it and why */
export interface RegistryEventDoc {
  _id: string;
  at: string;
  /** the operator who made the change (the CLI's --operator, or the OS user) */
  operator: string;
  action: 'ADD' | 'SUSPEND' | 'REINSTATE' | 'ROTATE';
  client: string;
  reason?: string;
}

// ---------- enterprises subgraph ----------

export interface CommitmentDoc {
  ref: string;
  text: string;
  madeAt: IsoDate;
}

/** collection `enterprises`, _id = creditCode */
export interface EnterpriseDoc {
  _id: string;
  creditCode: string;
  name: string;
  kind: string; // COURIER_COMPANY, ECOMMERCE_COMPANY, PLATFORM_OPERATOR, MANUFACTURER, ...
  legalRepresentative: string; // citizen ID
  /** as registered: the registry publishes the representative's name with the registration */
  legalRepresentativeName: string;
  registeredAt: IsoDate;
  status: 'OPERATING' | 'SUSPENDED' | 'REVOKED' | 'DEREGISTERED';
  address: string;
  registeredCapital: number; // yuan
  commitments: CommitmentDoc[];
}

/** collection `penalties`, _id = ref: administrative penalties decided against an organisation */
export interface PenaltyDoc extends FactLifecycle {
  _id: string;
  subject: string;
  what: string;
  measure: string;
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

// ---------- ecommerce subgraph ----------

export interface ViolationDoc extends FactLifecycle {
  kind: 'FAKE_ORDERS' | 'COUNTERFEIT' | 'FALSE_ADVERTISING' | 'PRICE_FRAUD' | 'FAKE_REVIEWS' | 'UNLICENSED';
  what: string;
  measure: string;
}

/** collection `merchants`, _id = id (`platform:shop:number`) */
export interface MerchantDoc {
  _id: string;
  id: string;
  platform: string; // operator's USCC
  shopName: string;
  operator: string; // citizen ID or USCC
  operatorKind: SubjectKind;
  /** the operator's name as verified by the platform (real-name verification) */
  operatorName: string;
  realNameVerified: boolean;
  licenseDisplayed: boolean;
  rating: number;
  ratingCount: number;
  complaints90d: number;
  status: 'ACTIVE' | 'RESTRICTED' | 'HIDDEN' | 'CLOSED';
  violations: ViolationDoc[];
}

// ---------- couriers subgraph ----------

export interface ServiceWarningDoc {
  ref: string;
  reason: string;
  issuedAt: IsoDate;
}

/** collection `courierCompanies`, _id = the company's USCC (一企一档) */
export interface CourierCompanyDoc {
  _id: string;
  creditCode: string;
  license: { no: string; status: 'VALID' | 'SUSPENDED' | 'REVOKED' };
  grade: 'A' | 'B' | 'C' | 'D';
  complaintRatePerMillion: number;
  serviceWarnings: ServiceWarningDoc[];
}

export interface CourierComplaintDoc {
  ref: string;
  reason: string;
  at: IsoDate;
}

export interface TrafficViolationDoc {
  ref: string;
  what: string;
  at: IsoDate;
}

/** collection `couriers`, _id = the person's citizen ID (一人一档) */
export interface CourierDoc {
  _id: string;
  person: string;
  company: string;
  since: IsoDate;
  rating: number;
  complaints: CourierComplaintDoc[];
  trafficViolations: TrafficViolationDoc[];
}

// ---------- sanctions subgraph ----------

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

/** collection `sanctionEntries`, _id = ref. The listed name is published with the entry. */
export interface SanctionEntryDoc extends FactLifecycle {
  _id: string;
  list: ListKind;
  subject: string;
  subjectKind: SubjectKind;
  subjectName: string;
  basis: string;
  obligation?: string;
  measures: Measure[];
  removedAt?: IsoDate;
  /** for a court listing removed after performance: the day the debtor performed */
  performedAt?: IsoDate;
}

/** collection `redList`, _id = ref */
export interface RedListEntryDoc {
  _id: string;
  ref: string;
  subject: string;
  subjectKind: SubjectKind;
  subjectName: string;
  honor: string;
  authority: string;
  listedAt: IsoDate;
  displayUntil: IsoDate | null;
}

/** Every collection, its document type and its owning subgraph. */
export interface Collections {
  persons: PersonDoc;
  financialDefaults: FinancialDefaultDoc;
  consents: ConsentDoc;
  objections: ObjectionDoc;
  repairRequests: RepairRequestDoc;
  queryRecords: QueryRecordDoc;
  clients: ClientDoc;
  registryEvents: RegistryEventDoc;
  enterprises: EnterpriseDoc;
  penalties: PenaltyDoc;
  officers: OfficerDoc;
  merchants: MerchantDoc;
  courierCompanies: CourierCompanyDoc;
  couriers: CourierDoc;
  sanctionEntries: SanctionEntryDoc;
  redList: RedListEntryDoc;
}
export type CollectionName = keyof Collections;

export const collectionOwners: Record<CollectionName, string> = {
  persons: 'persons',
  financialDefaults: 'persons',
  consents: 'persons',
  objections: 'persons',
  repairRequests: 'persons',
  queryRecords: 'persons',
  // the registry is the hub's own, not a subgraph's facts: written by the operators' CLI only
  clients: 'registry',
  registryEvents: 'registry',
  enterprises: 'enterprises',
  penalties: 'enterprises',
  officers: 'enterprises',
  merchants: 'ecommerce',
  courierCompanies: 'couriers',
  couriers: 'couriers',
  sanctionEntries: 'sanctions',
  redList: 'sanctions',
};

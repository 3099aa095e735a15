/** The persons subgraph's stored documents, and its collections with their indexes. */
import type { IsoDate } from '../shared/platform/clock.ts';
import type { FactLifecycle } from '../shared/facts/documents.ts';
import type { CollectionIndexes } from '../shared/platform/store/port.ts';
import type { ChangeType } from '../shared/facts/changes.ts';
import type { FactClass } from '../shared/policy/matrix.ts';
import type { Purpose } from '../shared/wire/purposes.ts';

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
  /** how the lender reported it through the hub (services/defaults.ts); absent for a default loaded by the seed */
  publication?: DefaultPublication;
}

/** A lender's report of a default: who sent the latest operation, when, on which document. */
export interface DefaultPublication {
  /** the reporting client (an AUTHORITY licensed for FINANCIAL_DEFAULT) */
  publisher: string;
  /** 1 for the first report, one more at each operation applied */
  version: number;
  operation: 'REPORT' | 'CORRECT' | 'SETTLE' | 'REVOKE';
  receivedAt: string;
  sourceDocument: string;
  reason?: string;
  /** hashes of every operation applied, so that one sent again is UNCHANGED */
  applied: string[];
}

/**
 * collection `watches` (monitoring), _id = `${client}|${purpose}|${subject}`: a client's watch on a
 * person, resting on that person's consent to the client for the purpose. Ended, never deleted.
 */
export interface WatchDoc {
  _id: string;
  client: string;
  purpose: Purpose;
  subject: string;
  status: 'ACTIVE' | 'ENDED';
  /** when it was made, or last made again (ISO instant): the watches page's order */
  since: string;
  endedAt?: string;
  endReason?: 'UNWATCHED' | 'CONSENT_REVOKED' | 'CONSENT_EXPIRED';
}

/** collection `webhookEndpoints`, _id = client: where the worker POSTs the client's changes, and the secret it signs them with. */
export interface WebhookEndpointDoc {
  _id: string;
  url: string;
  /** Standard Webhooks secret, `whsec_` + base64 of 32 random bytes */
  secret: string;
  createdAt: string;
  /** after a rotation: the secret replaced, which also signs until `until` (ISO instant) */
  previous?: { secret: string; until: string };
}

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'DEAD' | 'FEED' | 'CANCELLED';

/**
 * collection `deliveries`: one per (change event, watch), _id = `msg_` + a hash of both (the
 * webhook-id, the same on every attempt). The payload is the watcher's view of the event, made
 * once at fan-out; the worker claims a PENDING delivery with a lease before each attempt.
 */
export interface DeliveryDoc {
  _id: string;
  client: string;
  purpose: Purpose;
  watch: string;
  event: string;
  subject: string;
  type: ChangeType;
  /** the classes the payload reveals: its audit record names them */
  classes: FactClass[];
  occurredAt: string;
  /** the webhook's JSON body */
  payload: string;
  /** when the delivery was made (ISO instant); with _id, the pull feed's order and cursor */
  createdAt: string;
  status: DeliveryStatus;
  attempts: number;
  /** a PENDING delivery is tried from this instant on (ISO) */
  nextAttemptAt: string;
  /** the token of the latest claim ('' before the first): a claim is a compare-and-set on it */
  lease: string;
  /** the worker holding it, until when */
  leaseOwner?: string;
  leaseUntil?: string;
  deliveredAt?: string;
  lastError?: string;
}

/** collection `deliveryClaims`, _id = `${delivery}|${the lease token it was claimed from}`: one winner per claim (monitor/worker.ts) */
export interface DeliveryClaimDoc {
  _id: string;
  worker: string;
  at: string;
}

declare module '../shared/platform/store/port.ts' {
  interface Collections {
    persons: PersonDoc;
    deliveryClaims: DeliveryClaimDoc;
    financialDefaults: FinancialDefaultDoc;
    watches: WatchDoc;
    webhookEndpoints: WebhookEndpointDoc;
    deliveries: DeliveryDoc;
  }
}

export const COLLECTIONS = {
  persons: [],
  financialDefaults: [{ subject: 1 }],
  watches: [{ subject: 1, status: 1 }, { client: 1, since: 1 }],
  webhookEndpoints: [],
  deliveryClaims: [],
  deliveries: [{ status: 1, nextAttemptAt: 1 }, { client: 1, createdAt: 1 }, { client: 1, status: 1 }, { watch: 1, status: 1 }],
} as const satisfies CollectionIndexes;

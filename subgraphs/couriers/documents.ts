/** The couriers subgraph's stored documents, and its collections with their indexes. */
import type { IsoDate } from '../shared/platform/clock.ts';
import type { CollectionIndexes } from '../shared/platform/store/port.ts';

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

declare module '../shared/platform/store/port.ts' {
  interface Collections {
    courierCompanies: CourierCompanyDoc;
    couriers: CourierDoc;
  }
}

export const COLLECTIONS = {
  courierCompanies: [],
  couriers: [{ company: 1 }],
} as const satisfies CollectionIndexes;

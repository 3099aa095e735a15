/** The enterprises subgraph's stored documents, and its collections with their indexes. */
import type { IsoDate } from '../shared/platform/clock.ts';
import type { FactLifecycle } from '../shared/facts/documents.ts';
import type { CollectionIndexes } from '../shared/platform/store/port.ts';

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

declare module '../shared/platform/store/port.ts' {
  interface Collections {
    enterprises: EnterpriseDoc;
    penalties: PenaltyDoc;
  }
}

export const COLLECTIONS = {
  enterprises: [],
  penalties: [{ subject: 1 }],
} as const satisfies CollectionIndexes;

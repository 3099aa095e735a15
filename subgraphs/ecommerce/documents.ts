/** The ecommerce subgraph's stored documents, and its collections with their indexes. */
import type { SubjectKind } from '../shared/platform/ids.ts';
import type { FactLifecycle } from '../shared/facts/documents.ts';
import type { CollectionIndexes } from '../shared/platform/store/port.ts';

export interface ViolationDoc extends FactLifecycle {
  kind: 'FAKE_ORDERS' | 'COUNTERFEIT' | 'FALSE_ADVERTISING' | 'PRICE_FRAUD' | 'FAKE_REVIEWS' | 'UNLICENSED';
  what: string;
  measure: string;
}

/** What a shop promised its platform (信用承诺): the platform records it at onboarding or after. */
export const COMMITMENT_KINDS = ['QUALITY', 'AUTHENTIC_GOODS', 'NO_FAKE_ORDERS', 'RETURNS', 'FAIR_PRICING', 'HONEST_ADVERTISING', 'OTHER'] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];

/** A credit commitment a shop made, as its platform recorded it; whether it is still in force is computed from today. */
export interface MerchantCommitmentDoc {
  ref: string;
  kind: CommitmentKind;
  text: string;
  madeOn: string;
  /** last day the commitment binds; open-ended when absent */
  validUntil?: string;
  /** the platform client that recorded it, and when */
  recordedBy: string;
  recordedAt: string;
  /** the platform found the promise broken: on which day, and the decision or violation that shows it */
  broken?: { on: string; breach: string; recordedBy: string; recordedAt: string };
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
  /** the credit commitments the shop made to its platform, oldest first */
  commitments?: MerchantCommitmentDoc[];
  /** one more at each change to `commitments`, so that two platforms' writes never overwrite each other */
  commitmentsVersion?: number;
}

declare module '../shared/platform/store/port.ts' {
  interface Collections {
    merchants: MerchantDoc;
  }
}

export const COLLECTIONS = {
  merchants: [{ operator: 1 }, { platform: 1 }],
} as const satisfies CollectionIndexes;

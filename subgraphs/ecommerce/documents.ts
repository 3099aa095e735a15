/** The ecommerce subgraph's stored documents, and its collections with their indexes. */
import type { SubjectKind } from '../shared/platform/ids.ts';
import type { FactLifecycle } from '../shared/facts/documents.ts';
import type { CollectionIndexes } from '../shared/platform/store/port.ts';

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

declare module '../shared/platform/store/port.ts' {
  interface Collections {
    merchants: MerchantDoc;
  }
}

export const COLLECTIONS = {
  merchants: [{ operator: 1 }, { platform: 1 }],
} as const satisfies CollectionIndexes;

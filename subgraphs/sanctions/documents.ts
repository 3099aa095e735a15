/** The sanctions subgraph's stored documents, and its collections with their indexes. */
import type { IsoDate } from '../shared/platform/clock.ts';
import type { SubjectKind } from '../shared/platform/ids.ts';
import type { FactLifecycle, ListKind, Measure } from '../shared/facts/documents.ts';
import type { CollectionIndexes } from '../shared/platform/store/port.ts';

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
  /**
   * Provenance, on entries an authority published through the API (services/publish.ts); entries
   * loaded otherwise (the seed, an import) have none. The entry is the whole record of the latest
   * operation on it, written in one document write, so a publication is never half-applied: its
   * receipt and its notice are derived from it, and written again by a retry.
   */
  publication?: PublicationState;
  /** when the entry last changed (ISO instant): other processes' screening indexes catch up by it */
  changedAt?: string;
}

export type PublicationOperation = 'PUBLISH' | 'CORRECT' | 'REVOKE' | 'END';

export interface PublicationState {
  /** the publishing client (registry id); `authority` holds its name */
  publisher: string;
  /** 1 at publication, one more for each operation applied since */
  version: number;
  operation: PublicationOperation;
  /** when the hub received the operation (ISO instant) */
  receivedAt: string;
  /** the day received, China Standard Time: the desk filters by it, the notice is dated by it */
  receivedOn: IsoDate;
  /** the authority's document the operation rests on (its decision, its removal notice) */
  sourceDocument: string;
  /** a correction's or revocation's reason */
  reason?: string;
  /** for an END: the court-list removal's deadline, 3 working days after performance */
  removalDue?: IsoDate;
  /** SHA-256 of the listing's content as published or corrected (publish.ts: contentOf) */
  contentHash: string;
  /** SHA-256 of the latest operation as sent */
  operationHash: string;
  /**
   * the SHA-256 of every operation applied to the listing, in order: any of them sent again (a
   * daily file sent twice, a retry) is UNCHANGED, answered with the listing's current receipt
   */
  applied: string[];
}

/**
 * collection `publications`: the receipts, one per operation applied (_id = `ref#version`), for the
 * authority's own reading and the regulator's desk. Derived from the entry as the operation left
 * it, and written with an upsert, so a retry restores one that a failure lost.
 */
export interface PublicationDoc extends Omit<PublicationState, 'applied'> {
  _id: string;
  ref: string;
  list: ListKind;
  subject: string;
  subjectKind: SubjectKind;
  subjectName: string;
  /** the publisher's name, as the entry shows it */
  authority: string;
  /** the entry's stored status after the operation */
  status: SanctionEntryDoc['status'];
  performedAt?: IsoDate;
  removedAt?: IsoDate;
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

/**
 * collection `notices`: the outbox of the notices a person is sent when a negative fact is
 * published about them (告知), _id = `ref#version`. The person's file shows them (`Person.notices`);
 * a delivery adapter outside the hub (SMS, mail, an app) reads the pending ones and marks each
 * delivered (outbox.ts: the adapter's contract).
 */
export interface NoticeDoc {
  _id: string;
  /** the person told */
  subject: string;
  ref: string;
  list: ListKind;
  operation: 'PUBLISH' | 'CORRECT';
  /** the publishing client, and its name */
  publisher: string;
  authority: string;
  /** the day of the publication (China Standard Time): the notice's date */
  noticeOn: IsoDate;
  /** the first day the person may object: the day of the publication */
  objectFrom: IsoDate;
  /** when the notice was put in the outbox (ISO instant) */
  createdAt: string;
  /** PENDING until a delivery adapter marks it DELIVERED */
  delivery: 'PENDING' | 'DELIVERED';
  /** failed attempts so far */
  attempts: number;
  deliveredAt?: string;
  /** how it reached the person: SMS, MAIL, APP… as the adapter names it */
  channel?: string;
  lastError?: string;
}

declare module '../shared/platform/store/port.ts' {
  interface Collections {
    sanctionEntries: SanctionEntryDoc;
    redList: RedListEntryDoc;
    publications: PublicationDoc;
    notices: NoticeDoc;
  }
}

export const COLLECTIONS = {
  sanctionEntries: [{ subject: 1 }, { list: 1, status: 1 }, { changedAt: 1 }],
  redList: [{ subject: 1 }],
  publications: [{ publisher: 1, receivedAt: -1 }, { receivedAt: -1 }, { ref: 1 }],
  notices: [{ subject: 1 }, { delivery: 1, createdAt: 1 }],
} as const satisfies CollectionIndexes;

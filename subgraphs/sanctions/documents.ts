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

declare module '../shared/platform/store/port.ts' {
  interface Collections {
    sanctionEntries: SanctionEntryDoc;
    redList: RedListEntryDoc;
  }
}

export const COLLECTIONS = {
  sanctionEntries: [{ subject: 1 }, { list: 1, status: 1 }],
  redList: [{ subject: 1 }],
} as const satisfies CollectionIndexes;

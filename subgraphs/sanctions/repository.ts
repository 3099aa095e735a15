/** The sanctions subgraph's store access. */
import type { IsoDate } from '../shared/platform/clock.ts';
import type { NoticeDoc, RedListEntryDoc, SanctionEntryDoc } from './documents.ts';
import type { Store } from '../shared/platform/store/port.ts';

export function sanctionsRepository(store: Store) {
  const any = (keys: readonly string[]) => ({ $in: [...keys] });
  return {
    entries: (refs: readonly string[]): Promise<SanctionEntryDoc[]> => store.collection('sanctionEntries').find({ _id: any(refs) }),
    entriesOf: (subjects: readonly string[]): Promise<SanctionEntryDoc[]> =>
      store.collection('sanctionEntries').find({ subject: any(subjects) }, { sort: { decidedAt: -1 } }),
    noticesOf: (subjects: readonly string[]): Promise<NoticeDoc[]> =>
      store.collection('notices').find({ subject: any(subjects) }, { sort: { createdAt: -1, _id: -1 } }),
    redListOf: (subjects: readonly string[]): Promise<RedListEntryDoc[]> =>
      store.collection('redList').find({ subject: any(subjects) }, { sort: { listedAt: -1 } }),
    /**
     * Removes a court listing from publication, the record kept. Conditional on the status it was
     * read with, so two removals racing cannot both succeed: true when this one did.
     */
    removeEntry: async (entry: SanctionEntryDoc, removal: { removedAt: IsoDate; performedAt: IsoDate }): Promise<boolean> => {
      const res = await store.collection('sanctionEntries').updateOne({ _id: entry._id, status: entry.status }, { $set: { status: 'REMOVED', ...removal, changedAt: new Date().toISOString() } });
      return res.modified === 1;
    },
  };
}

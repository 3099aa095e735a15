/**
 * The screening index of a store's list entries, built once and rebuilt in the background when
 * it is older than REFRESH_MS: building takes seconds at 100,000 entries, screening milliseconds.
 * The index holds every entry not removed from publication; whether a hit may be shown today (and
 * to this asker) is decided per request, so a stale index can never show what it should not.
 */
import type { SanctionEntryDoc } from '../documents.ts';
import type { Store } from '../../shared/platform/store/port.ts';
import { createScreeningIndex, screenEntryFromDoc, type ScreeningIndex } from './index.ts';

const REFRESH_MS = 60_000;

interface Cached {
  index: Promise<ScreeningIndex>;
  builtAt: number;
  rebuilding?: Promise<void>;
}

const byStore = new WeakMap<Store, Cached>();

async function build(store: Store): Promise<ScreeningIndex> {
  const docs = await store
    .collection('sanctionEntries')
    .find({ status: { $ne: 'REMOVED' } }, { fields: ['ref', 'list', 'subject', 'subjectKind', 'subjectName'] });
  return createScreeningIndex(docs.map((d) => screenEntryFromDoc(d as SanctionEntryDoc)));
}

export function screeningIndex(store: Store, now = Date.now()): Promise<ScreeningIndex> {
  const cached = byStore.get(store);
  if (!cached) {
    const fresh: Cached = { index: build(store), builtAt: now };
    byStore.set(store, fresh);
    fresh.index.catch(() => byStore.delete(store));
    return fresh.index;
  }
  if (now - cached.builtAt > REFRESH_MS && !cached.rebuilding) {
    cached.rebuilding = build(store).then(
      (index) => {
        cached.index = Promise.resolve(index);
        cached.builtAt = Date.now();
        cached.rebuilding = undefined;
      },
      () => {
        cached.rebuilding = undefined;
      },
    );
  }
  return cached.index;
}

/**
 * After a change to the lists: the next screening starts a rebuild in the background and answers
 * from the current index meanwhile (its hits are checked against the store per request anyway).
 */
export function refreshScreeningIndexSoon(store: Store): void {
  const cached = byStore.get(store);
  if (cached) cached.builtAt = 0;
}

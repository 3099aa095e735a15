/**
 * The screening index of a store's list entries, built once per process and then kept current
 * incrementally: building takes seconds at 100,000 entries, one entry's change microseconds.
 *
 * - A change this process makes (a publication, a correction, a revocation, an end, a court-list
 *   removal) is applied to the index at once (`applyToScreeningIndex`), so the next screening call
 *   sees it; a build still in flight gets the change too when it finishes. Both operations are
 *   idempotent, so a change the build already read is harmless.
 * - Changes other processes make (replicas on one MongoDB) are caught up by their `changedAt`
 *   stamp: at most every CATCH_UP_MS, a screening call reads the entries changed since the last
 *   catch-up (one indexed query) and applies them. The embedded store lives in one process and
 *   needs no catch-up.
 *
 * The index holds every entry not removed from publication; whether a hit may be shown today (and
 * to this asker) is decided per request, so an index behind the store can never show what it
 * should not.
 */
import type { SanctionEntryDoc } from '../documents.ts';
import type { Store } from '../../shared/platform/store/port.ts';
import { createScreeningIndex, screenEntryFromDoc, type ScreenEntry, type ScreeningIndex } from './index.ts';

export const CATCH_UP_MS = 2000;
/** how far back a catch-up reads before its mark: clocks of replicas differ a little */
const CATCH_UP_OVERLAP_MS = 10_000;

const INDEXED_FIELDS = ['ref', 'list', 'subject', 'subjectKind', 'subjectName', 'status'];

export type IndexChange = { upsert: ScreenEntry } | { remove: string };

interface Cached {
  index: Promise<ScreeningIndex>;
  /** the built index, once it is */
  ready?: ScreeningIndex;
  /** changes made while the first build was in flight, replayed on it */
  pending: IndexChange[];
  /** changedAt stamps up to this instant (ms) have been applied */
  mark: number;
  catchingUp?: Promise<void>;
  lastCatchUp: number;
}

const byStore = new WeakMap<Store, Cached>();

/** The index's view of a stored entry: removed entries leave it. */
export function indexChangeOf(doc: Pick<SanctionEntryDoc, 'ref' | 'list' | 'subject' | 'subjectKind' | 'subjectName' | 'status'>): IndexChange {
  return doc.status === 'REMOVED' || doc.status === 'REVOKED' ? { remove: doc.ref } : { upsert: screenEntryFromDoc(doc as SanctionEntryDoc) };
}

function apply(index: ScreeningIndex, changes: readonly IndexChange[]): void {
  for (const c of changes) {
    if ('upsert' in c) index.upsert(c.upsert);
    else index.remove(c.remove);
  }
}

async function build(store: Store): Promise<ScreeningIndex> {
  const docs = await store.collection('sanctionEntries').find({ status: { $nin: ['REMOVED', 'REVOKED'] } }, { fields: INDEXED_FIELDS });
  return createScreeningIndex(docs.map((d) => screenEntryFromDoc(d as SanctionEntryDoc)));
}

async function catchUp(store: Store, cached: Cached, index: ScreeningIndex): Promise<void> {
  const started = Date.now();
  const since = new Date(cached.mark - CATCH_UP_OVERLAP_MS).toISOString();
  const docs = await store.collection('sanctionEntries').find({ changedAt: { $gte: since } }, { fields: INDEXED_FIELDS });
  apply(index, docs.map((d) => indexChangeOf(d as SanctionEntryDoc)));
  cached.mark = started;
}

export function screeningIndex(store: Store, now = Date.now()): Promise<ScreeningIndex> {
  let cached = byStore.get(store);
  if (!cached) {
    const fresh: Cached = { index: build(store), pending: [], mark: now, lastCatchUp: now };
    cached = fresh;
    byStore.set(store, fresh);
    fresh.index.then(
      (index) => {
        apply(index, fresh.pending);
        fresh.pending = [];
        fresh.ready = index;
      },
      () => byStore.delete(store),
    );
    return fresh.index;
  }
  const c = cached;
  if (c.ready && store.kind === 'mongodb' && now - c.lastCatchUp > CATCH_UP_MS && !c.catchingUp) {
    c.lastCatchUp = now;
    c.catchingUp = catchUp(store, c, c.ready).then(
      () => (c.catchingUp = undefined),
      () => (c.catchingUp = undefined),
    );
    return c.catchingUp.then(() => c.index);
  }
  return c.index;
}

/** A change to the lists, applied to this process's index at once (and to a build in flight when it ends). */
export function applyToScreeningIndex(store: Store, changes: readonly IndexChange[]): void {
  const cached = byStore.get(store);
  if (!cached) return; // the first screening call builds from the store, changes included
  if (cached.ready) apply(cached.ready, changes);
  else cached.pending.push(...changes);
}

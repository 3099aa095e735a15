/**
 * The delivery adapter's contract with the notices outbox (collection `notices`, written by
 * services/notices.ts). An adapter (SMS, mail, an app: outside this hub) runs apart, with its own
 * store connection, and loops:
 *
 *   1. poll: `pendingNotices(store, limit)` — the oldest undelivered notices first;
 *   2. deliver each by its own channel, to the person the notice names (`subject`: it looks up
 *      the contact itself, under its own purpose);
 *   3. `markDelivered(store, id, channel)` once delivered — conditional, so two adapters racing
 *      deliver-and-mark one notice once (the loser gets false and must not deliver again);
 *      or `markFailed(store, id, error)` to count a failed attempt and leave it pending.
 *
 * Delivery is at least once: an adapter that crashes between delivering and marking delivers again
 * on its next poll, so a notice's `_id` (the listing's ref and version) is the key a channel can
 * deduplicate by. The person's file shows each notice, delivered or not, from the day it was made.
 */
import type { Store } from '../shared/platform/store/port.ts';
import type { NoticeDoc } from './documents.ts';

export async function pendingNotices(store: Store, limit = 100): Promise<NoticeDoc[]> {
  return store.collection('notices').find({ delivery: 'PENDING' }, { sort: { createdAt: 1, _id: 1 }, limit });
}

export async function markDelivered(store: Store, id: string, channel: string, at: Date = new Date()): Promise<boolean> {
  const res = await store.collection('notices').updateOne(
    { _id: id, delivery: 'PENDING' },
    { $set: { delivery: 'DELIVERED', deliveredAt: at.toISOString(), channel } },
  );
  return res.modified === 1;
}

export async function markFailed(store: Store, id: string, error: string): Promise<void> {
  await store.collection('notices').updateOne({ _id: id, delivery: 'PENDING' }, { $inc: { attempts: 1 }, $set: { lastError: error.slice(0, 500) } });
}

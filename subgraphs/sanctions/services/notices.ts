/**
 * Telling the subject (告知, issue 13 item 2): when a negative fact is published about a person, or
 * corrected, a notice goes into the outbox, naming the listing, its authority and the day; from
 * that day the person may object to it (fileObjection finds it like any fact of their file). The
 * notice is derived from the entry the publication left and written once per operation (its _id is
 * the receipt's), so a retried publication never sends it twice and never resets a delivery.
 */
import { StoreError } from '../../shared/platform/store/port.ts';
import type { NoticeDoc, SanctionEntryDoc } from '../documents.ts';
import type { Context } from '../loaders.ts';

/** The notice a publication sends, if it sends one: a publication or correction about a person. */
export function noticeOf(e: SanctionEntryDoc): NoticeDoc | null {
  const p = e.publication;
  if (!p || e.subjectKind !== 'PERSON' || (p.operation !== 'PUBLISH' && p.operation !== 'CORRECT')) return null;
  const day = p.receivedOn;
  return {
    _id: `${e._id}#${p.version}`,
    subject: e.subject,
    ref: e._id,
    list: e.list,
    operation: p.operation,
    publisher: p.publisher,
    authority: e.authority,
    noticeOn: day,
    objectFrom: day,
    createdAt: p.receivedAt,
    delivery: 'PENDING',
    attempts: 0,
  };
}

/** Puts the notices of these entries' operations in the outbox, each once. */
export async function sendNotices(ctx: Pick<Context, 'store'>, entries: readonly SanctionEntryDoc[]): Promise<void> {
  const notices = entries.map((e) => noticeOf(e)).filter((n): n is NoticeDoc => n !== null);
  if (notices.length === 0) return;
  const outbox = ctx.store.collection('notices');
  const sent = new Set((await outbox.find({ _id: { $in: notices.map((n) => n._id) } }, { fields: ['_id'] })).map((n) => n._id));
  const fresh = notices.filter((n) => !sent.has(n._id));
  if (fresh.length === 0) return;
  try {
    await outbox.insertMany(fresh);
  } catch (err) {
    // another call put some of them in meanwhile: each of the others on its own
    if (!(err instanceof StoreError) || err.kind !== 'DUPLICATE') throw err;
    for (const n of fresh) await outbox.insertOne(n).catch((e: unknown) => (e instanceof StoreError && e.kind === 'DUPLICATE' ? undefined : Promise.reject(e)));
  }
}

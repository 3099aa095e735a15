/**
 * The change outbox (monitoring, issue 14 item 3): every owner of a person's facts puts a change
 * event here before its mutation answers, and the monitoring worker (persons/monitor/) fans each
 * out to the watches on that person. An event is the fact as the change left it, with the class
 * the matrix decides it under: what each watcher is told of it is decided later, per watcher, by
 * its own view (persons/monitor/payload.ts), never here.
 *
 * Events are idempotent by id (the owner's ref and version, and the person reached): a publication
 * or filing sent again puts nothing new in the outbox, and never resets a fan-out under way.
 * Written by every owner, like the audit log; read and marked by the worker only.
 */
import type { IsoDate } from '../platform/clock.ts';
import { StoreError, type CollectionIndexes, type Store } from '../platform/store/port.ts';
import type { FactClass } from '../policy/matrix.ts';

export const CHANGE_TYPES = [
  /** a new negative fact in the person's file (a listing published, a default reported) */
  'LISTED',
  /** the issuing authority corrected it */
  'CORRECTED',
  /** the authority revoked it: it never should have been */
  'REVOKED',
  /** it ended (a court-list removal after performance) */
  'REMOVED',
  /** its display period passed: it is no longer shown or used */
  'EXPIRED',
  /** a regulator approved the person's repair request: no longer shown */
  'REPAIRED',
  /** a repair request was rejected: the fact stays */
  'REPAIR_REJECTED',
  /** the person objected: the fact carries its dispute flag */
  'OBJECTION_FILED',
  /** the objection was answered (CORRECTED, REMOVED, CONFIRMED) */
  'OBJECTION_ANSWERED',
  /** a listing of an organisation reaches the person through a role they hold there (联合惩戒措施落实到人) */
  'RESTRICTION_VIA_ORGANISATION',
  /** that organisation's listing was revoked or ended: its measures no longer reach the person */
  'RESTRICTION_LIFTED',
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** Changes after which the fact is shown to nobody but the subject: a watcher is told only that it is gone. */
export const GONE: readonly ChangeType[] = ['REVOKED', 'REMOVED', 'EXPIRED', 'REPAIRED'];

/** What an event carries of the fact: the values its owner shows, for the watcher's view to filter. */
export interface ChangedFact {
  ref: string;
  /** the list, for a list entry; the fact's kind otherwise (FINANCIAL_DEFAULT, MISCONDUCT…) */
  list?: string;
  authority?: string;
  severity?: string;
  decidedAt?: IsoDate;
  displayUntil?: IsoDate | null;
  measures?: string[];
  /** for a restriction through an organisation: its credit code, and the person's role there */
  organisation?: string;
  role?: string;
  /** for an answered objection: the outcome */
  outcome?: string;
}

/** collection `changeEvents`, _id = the owner's idempotency key */
export interface ChangeEventDoc {
  _id: string;
  /** the natural person the change is about */
  subject: string;
  type: ChangeType;
  /** the matrix's class of the fact changed */
  cls: FactClass;
  fact: ChangedFact;
  /** the owning subgraph */
  source: string;
  /** when the change was made (ISO instant) */
  occurredAt: string;
  /** PENDING until the worker has made a delivery for every watch on the subject */
  fanOut: 'PENDING' | 'DONE';
}

declare module '../platform/store/port.ts' {
  interface Collections {
    changeEvents: ChangeEventDoc;
  }
}

export const CHANGE_COLLECTIONS = {
  changeEvents: [{ fanOut: 1, occurredAt: 1 }, { subject: 1 }],
} as const satisfies CollectionIndexes;

/** Puts these events in the outbox, each once: an id already there is left as it is. */
export async function recordChanges(store: Store, events: readonly ChangeEventDoc[]): Promise<void> {
  if (events.length === 0) return;
  const outbox = store.collection('changeEvents');
  const had = new Set((await outbox.find({ _id: { $in: events.map((e) => e._id) } }, { fields: ['_id'] })).map((e) => e._id));
  const fresh = [...new Map(events.filter((e) => !had.has(e._id)).map((e) => [e._id, e])).values()];
  if (fresh.length === 0) return;
  try {
    await outbox.insertMany(fresh);
  } catch (err) {
    if (!(err instanceof StoreError) || err.kind !== 'DUPLICATE') throw err;
    // another call put some of them in meanwhile: the rest one by one
    for (const e of fresh) await outbox.insertOne(e).catch((x: unknown) => (x instanceof StoreError && x.kind === 'DUPLICATE' ? undefined : Promise.reject(x)));
  }
}

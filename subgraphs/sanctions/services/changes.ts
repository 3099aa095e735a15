/**
 * The change events of publishing (monitoring, issue 14 item 3): each operation applied to a
 * listing about a person is an event about that person; a listing of an organisation that carries
 * measures is an event for each person holding a role there (the measures reach them: 联合惩戒措施
 * 落实到人, restrictions.ts). Derived from the entry as the operation left it, with the receipt's
 * id, so a retried publication puts nothing new in the outbox.
 */
import { recordChanges, type ChangeEventDoc, type ChangeType, type ChangedFact } from '../../shared/facts/changes.ts';
import { LIST_CLASSES } from '../../shared/policy/matrix.ts';
import type { Store } from '../../shared/platform/store/port.ts';
import type { PublicationOperation, SanctionEntryDoc } from '../documents.ts';

const OWN: Record<PublicationOperation, ChangeType> = { PUBLISH: 'LISTED', CORRECT: 'CORRECTED', REVOKE: 'REVOKED', END: 'REMOVED' };
const VIA: Record<PublicationOperation, ChangeType> = {
  PUBLISH: 'RESTRICTION_VIA_ORGANISATION',
  CORRECT: 'RESTRICTION_VIA_ORGANISATION',
  REVOKE: 'RESTRICTION_LIFTED',
  END: 'RESTRICTION_LIFTED',
};

function factOf(e: SanctionEntryDoc): ChangedFact {
  return {
    ref: e._id,
    list: e.list,
    authority: e.authority,
    severity: e.severity,
    decidedAt: e.decidedAt,
    ...(e.displayUntil !== undefined ? { displayUntil: e.displayUntil } : {}),
    measures: e.measures,
  };
}

/** What an operation on an entry is, for its events: the operation, its idempotency key, when. */
interface Operation {
  op: PublicationOperation;
  key: string;
  at: string;
}

async function changesOf(store: Store, entries: readonly { entry: SanctionEntryDoc; operation: Operation }[]): Promise<ChangeEventDoc[]> {
  const organisations = entries.filter(({ entry: e }) => e.subjectKind === 'ORGANISATION' && e.measures.length > 0).map(({ entry: e }) => e.subject);
  const officers = organisations.length ? await store.collection('officers').find({ enterprise: { $in: [...new Set(organisations)] } }) : [];
  return entries.flatMap(({ entry: e, operation: o }): ChangeEventDoc[] => {
    const base = { cls: LIST_CLASSES[e.list], source: 'sanctions', occurredAt: o.at, fanOut: 'PENDING' as const };
    if (e.subjectKind === 'PERSON') return [{ _id: `sanctions:${o.key}`, subject: e.subject, type: OWN[o.op], fact: factOf(e), ...base }];
    if (e.measures.length === 0) return [];
    return officers
      .filter((x) => x.enterprise === e.subject)
      .map((x) => ({ _id: `sanctions:${o.key}@${x._id}`, subject: x.person, type: VIA[o.op], fact: { ...factOf(e), organisation: e.subject, role: x.role }, ...base }));
  });
}

/** The events of these entries' latest operations through publishing, keyed by ref and version. */
export async function listingChanges(store: Store, entries: readonly SanctionEntryDoc[]): Promise<ChangeEventDoc[]> {
  return changesOf(
    store,
    entries.filter((e) => e.publication).map((e) => ({ entry: e, operation: { op: e.publication!.operation, key: `${e._id}#${e.publication!.version}`, at: e.publication!.receivedAt } })),
  );
}

/** A regulator's removal of a court listing (removeFromCourtList): one event, keyed by the ref, as a removal happens once. */
export async function sendRemoval(store: Store, entry: SanctionEntryDoc, at: string): Promise<void> {
  await recordChanges(store, await changesOf(store, [{ entry, operation: { op: 'END', key: `${entry._id}:removed`, at } }]));
}

/** Puts the events of these entries' operations in the outbox, each once. */
export async function sendChanges(store: Store, entries: readonly SanctionEntryDoc[]): Promise<void> {
  await recordChanges(store, await listingChanges(store, entries));
}

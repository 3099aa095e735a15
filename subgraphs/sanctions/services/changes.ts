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

/** The events of these entries' latest operations. */
export async function listingChanges(store: Store, entries: readonly SanctionEntryDoc[]): Promise<ChangeEventDoc[]> {
  const published = entries.filter((e) => e.publication);
  const organisations = published.filter((e) => e.subjectKind === 'ORGANISATION' && e.measures.length > 0).map((e) => e.subject);
  const officers = organisations.length ? await store.collection('officers').find({ enterprise: { $in: [...new Set(organisations)] } }) : [];
  return published.flatMap((e): ChangeEventDoc[] => {
    const p = e.publication!;
    const base = { cls: LIST_CLASSES[e.list], source: 'sanctions', occurredAt: p.receivedAt, fanOut: 'PENDING' as const };
    if (e.subjectKind === 'PERSON') return [{ _id: `sanctions:${e._id}#${p.version}`, subject: e.subject, type: OWN[p.operation], fact: factOf(e), ...base }];
    if (e.measures.length === 0) return [];
    return officers
      .filter((o) => o.enterprise === e.subject)
      .map((o) => ({
        _id: `sanctions:${e._id}#${p.version}@${o._id}`,
        subject: o.person,
        type: VIA[p.operation],
        fact: { ...factOf(e), organisation: e.subject, role: o.role },
        ...base,
      }));
  });
}

/** Puts the events of these entries' operations in the outbox, each once. */
export async function sendChanges(store: Store, entries: readonly SanctionEntryDoc[]): Promise<void> {
  await recordChanges(store, await listingChanges(store, entries));
}

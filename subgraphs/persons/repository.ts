/** The persons subgraph's store access: documents in, documents out; no GraphQL here. */
import type { ClientDoc } from '../shared/wire/registry.ts';
import type { ConsentDoc, ObjectionDoc, RepairRequestDoc } from '../shared/facts/documents.ts';
import type { FinancialDefaultDoc, PersonDoc } from './documents.ts';
import type { IsoDate } from '../shared/platform/clock.ts';
import type { QueryRecordDoc } from '../shared/platform/audit.ts';
import type { Store } from '../shared/platform/store/port.ts';

export function personsRepository(store: Store) {
  const codes = (keys: readonly string[]) => ({ $in: [...keys] });
  const objectionsOfFact = (factRef: string): Promise<ObjectionDoc[]> => store.collection('objections').find({ factRef });
  return {
    persons: (keys: readonly string[]): Promise<PersonDoc[]> => store.collection('persons').find({ _id: codes(keys) }),
    financialDefaults: (subjects: readonly string[]): Promise<FinancialDefaultDoc[]> =>
      store.collection('financialDefaults').find({ subject: codes(subjects) }),
    consents: (subjects: readonly string[]): Promise<ConsentDoc[]> =>
      store.collection('consents').find({ subject: codes(subjects) }, { sort: { grantedAt: -1 } }),
    /** the records naming any of these subjects, newest first */
    queryRecords: (subjects: readonly string[]): Promise<QueryRecordDoc[]> =>
      store.collection('queryRecords').find({ subjects: codes(subjects) }, { sort: { at: -1 } }),
    clients: (ids: readonly string[]): Promise<ClientDoc[]> => store.collection('clients').find({ _id: codes(ids) }),
    saveConsent: (doc: ConsentDoc): Promise<number> => store.collection('consents').upsertMany([doc]),
    revokeConsent: (id: string, subject: string, revokedAt: string) =>
      store.collection('consents').updateOne({ _id: id, subject }, { $set: { revokedAt } }),

    // ---------- the subject's filings: objections and repair requests ----------
    objection: (ref: string): Promise<ObjectionDoc | null> => store.collection('objections').findOne({ _id: ref }),
    objectionsOfFact,
    insertObjection: (doc: ObjectionDoc): Promise<void> => store.collection('objections').insertOne(doc),
    /** answers an objection that is still under review; matched 0 when someone answered it first */
    resolveObjection: (ref: string, answer: Pick<ObjectionDoc, 'status' | 'resolvedAt' | 'outcomeReason'>) =>
      store.collection('objections').updateOne({ _id: ref, status: 'UNDER_REVIEW' }, { $set: answer }),
    /** objections still under review after their due date, oldest due first */
    overdueObjections: (today: IsoDate, limit: number): Promise<ObjectionDoc[]> =>
      store.collection('objections').find({ status: 'UNDER_REVIEW', dueAt: { $lt: today } }, { sort: { dueAt: 1, _id: 1 }, limit }),
    repairRequest: (ref: string): Promise<RepairRequestDoc | null> => store.collection('repairRequests').findOne({ _id: ref }),
    /** the subject's filings against one fact, read from the store (not a request's cache: a change reads what it checks) */
    filingsOfFact: async (factRef: string): Promise<{ objections: ObjectionDoc[]; repairs: RepairRequestDoc[] }> => {
      const [objections, repairs] = await Promise.all([objectionsOfFact(factRef), store.collection('repairRequests').find({ factRef })]);
      return { objections, repairs };
    },
    insertRepairRequest: (doc: RepairRequestDoc): Promise<void> => store.collection('repairRequests').insertOne(doc),
    /** approves a pending request; matched 0 when it was decided first */
    approveRepair: (ref: string, decision: Pick<RepairRequestDoc, 'decidedAt' | 'decidedBy'>) =>
      store.collection('repairRequests').updateOne({ _id: ref, status: 'PENDING' }, { $set: { status: 'APPROVED', ...decision } }),

  };
}

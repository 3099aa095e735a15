/** The persons subgraph's store access: documents in, documents out; no GraphQL here. */
import type { ClientDoc } from '../shared/wire/registry.ts';
import type { ConsentDoc, ObjectionDoc, RepairRequestDoc, StatementDoc } from '../shared/facts/documents.ts';
import type { FinancialDefaultDoc, PersonDoc } from './documents.ts';
import type { IsoDate } from '../shared/platform/clock.ts';
import type { QueryRecordDoc } from '../shared/platform/audit.ts';
import type { Filter, Store } from '../shared/platform/store/port.ts';

/** What the anomaly report reads of each record: who asked, when, in which request, about whom, under which consent state, how many it screened. */
const SCANNED = ['at', 'requestId', 'client', 'clientKind', 'subjects', 'consentStates', 'screened'] as const;

/** A page of a queue: the documents on it, and how many match in all. */
export interface Page<T> {
  docs: T[];
  total: number;
}

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
    /** a subject's consents to one client for one purpose, read from the store (a grant reads what it replaces) */
    consentsTo: (subject: string, client: string, purpose: string): Promise<ConsentDoc[]> =>
      store.collection('consents').find({ subject, client, purpose }),
    /** a new grant: a record of its own, never an overwrite (a duplicate id fails with DUPLICATE) */
    insertConsent: (doc: ConsentDoc): Promise<void> => store.collection('consents').insertOne(doc),
    revokeConsent: (id: string, subject: string, revokedAt: string) =>
      store.collection('consents').updateOne({ _id: id, subject }, { $set: { revokedAt } }),

    // ---------- the subject's filings: objections and repair requests ----------
    objection: (ref: string): Promise<ObjectionDoc | null> => store.collection('objections').findOne({ _id: ref }),
    objectionsOfFact,
    insertObjection: (doc: ObjectionDoc): Promise<void> => store.collection('objections').insertOne(doc),
    /** answers an objection that is still under review; matched 0 when someone answered it first */
    resolveObjection: (ref: string, answer: Pick<ObjectionDoc, 'status' | 'resolvedAt' | 'outcomeReason' | 'corrections' | 'correctionRound'>) =>
      store.collection('objections').updateOne({ _id: ref, status: 'UNDER_REVIEW' }, { $set: answer }),
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
    /** rejects a pending request, with the reason; matched 0 when it was decided first */
    rejectRepair: (ref: string, decision: Pick<RepairRequestDoc, 'decidedAt' | 'decidedBy' | 'rejectionReason'>) =>
      store.collection('repairRequests').updateOne({ _id: ref, status: 'PENDING' }, { $set: { status: 'REJECTED', ...decision } }),

    // ---------- the regulator's desk ----------
    /** open objections matching a filter, by due date (so the overdue come first), a page at a time */
    openObjections: async (filter: Filter, today: IsoDate, skip: number, limit: number): Promise<Page<ObjectionDoc> & { overdue: number }> => {
      const open = { ...filter, status: 'UNDER_REVIEW' };
      const objections = store.collection('objections');
      const [docs, total, overdue] = await Promise.all([
        objections.find(open, { sort: { dueAt: 1, _id: 1 }, skip, limit }),
        objections.count(open),
        objections.count({ ...open, dueAt: { ...(filter.dueAt as object | undefined), $lt: today } }),
      ]);
      return { docs, total, overdue };
    },
    /** pending repair requests matching a filter, the longest waiting first, a page at a time */
    pendingRepairs: async (filter: Filter, skip: number, limit: number): Promise<Page<RepairRequestDoc>> => {
      const pending = { ...filter, status: 'PENDING' };
      const requests = store.collection('repairRequests');
      const [docs, total] = await Promise.all([requests.find(pending, { sort: { requestedAt: 1, _id: 1 }, skip, limit }), requests.count(pending)]);
      return { docs, total };
    },
    /** how many stored records match a filter of the audit search */
    countRecords: (filter: Filter): Promise<number> => store.collection('queryRecords').count(filter),
    /** the stored records matching a filter of the audit search, newest first */
    findRecords: (filter: Filter): Promise<QueryRecordDoc[]> => store.collection('queryRecords').find(filter, { sort: { at: -1, _id: 1 } }),
    /** the records of a period (and perhaps one client), with only the fields the anomaly report reads: one indexed scan */
    scanRecords: (filter: Filter): Promise<Pick<QueryRecordDoc, (typeof SCANNED)[number] | '_id'>[]> =>
      store.collection('queryRecords').find(filter, { fields: [...SCANNED] }),

    // ---------- the subject's statements ----------
    statement: (id: string): Promise<StatementDoc | null> => store.collection('statements').findOne({ _id: id }),
    insertStatement: (doc: StatementDoc): Promise<void> => store.collection('statements').insertOne(doc),
    /** replaces the text of a statement still at this version; matched 0 when it was written since */
    replaceStatement: (id: string, version: number, change: Pick<StatementDoc, 'text' | 'updatedAt' | 'version'>) =>
      store.collection('statements').updateOne({ _id: id, version }, { $set: change }),

  };
}

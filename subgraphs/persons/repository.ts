/** The persons subgraph's store access: documents in, documents out; no GraphQL here. */
import type { ClientDoc, ConsentDoc, FinancialDefaultDoc, PersonDoc, QueryRecordDoc } from '../shared/documents.ts';
import type { Store } from '../shared/store/port.ts';

export function personsRepository(store: Store) {
  const codes = (keys: readonly string[]) => ({ $in: [...keys] });
  return {
    persons: (keys: readonly string[]): Promise<PersonDoc[]> => store.collection('persons').find({ _id: codes(keys) }),
    financialDefaults: (subjects: readonly string[]): Promise<FinancialDefaultDoc[]> =>
      store.collection('financialDefaults').find({ subject: codes(subjects) }),
    consents: (subjects: readonly string[]): Promise<ConsentDoc[]> =>
      store.collection('consents').find({ subject: codes(subjects) }, { sort: { grantedAt: -1 } }),
    queryRecords: (subjects: readonly string[]): Promise<QueryRecordDoc[]> =>
      store.collection('queryRecords').find({ subject: codes(subjects) }, { sort: { at: -1 } }),
    clients: (ids: readonly string[]): Promise<ClientDoc[]> => store.collection('clients').find({ _id: codes(ids) }),
    saveConsent: (doc: ConsentDoc): Promise<number> => store.collection('consents').upsertMany([doc]),
    revokeConsent: (id: string, subject: string, revokedAt: string) =>
      store.collection('consents').updateOne({ _id: id, subject }, { $set: { revokedAt } }),
    insertQueryRecords: (records: readonly QueryRecordDoc[]): Promise<number> => store.collection('queryRecords').insertMany(records),
  };
}

/**
 * The storage port's contract: one suite, run against every adapter (embedded.contract.test.ts,
 * mongodb.contract.test.ts) with the same tests. It pins down what the repositories rely on:
 * the queries they make (grep `store.collection(` in subgraphs/*\/repository.ts and
 * subgraphs/shared/facts/views.ts), batched loads in key order, missing keys, writes, indexes, bulk
 * seeding, and the one error type with its three kinds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CollectionName, Collections } from '../../subgraphs/shared/platform/store/port.ts';
import { manyByKey, oneByKey } from '../../subgraphs/shared/platform/loaders.ts';
import { COLLECTION_NAMES, seedDocuments, showcaseDocuments } from '../fixtures/seed/index.ts';
import { loadSeed } from '../fixtures/seed/load.ts';
import { CountingStore } from '../../subgraphs/shared/platform/store/counting.ts';
import { INDEXES } from '../../subgraphs/collections.ts';
import { StoreError, type IndexSpec, type Store, type StoreErrorKind } from '../../subgraphs/shared/platform/store/port.ts';

export interface ContractStore {
  store: Store;
  /** the indexes the server holds on a collection, by key, when the adapter can tell (MongoDB: listIndexes) */
  indexesOf?(collection: CollectionName): Promise<{ name: string; key: Record<string, number>; unique?: boolean }[]>;
  dispose(): Promise<void>;
}

/** Small scale for the bulk test: every collection gets documents, and it loads in about a second. */
const CONTRACT_SCALE = { persons: 120, enterprises: 30, merchants: 40, couriers: 20, listEntries: 40 };

/** Loose fixtures: only the fields a test looks at, typed as the collection's documents. */
type Doc<K extends CollectionName> = Collections[K];
const consent = (_id: string, subject: string, client: string, purpose: string, grantedAt: string) =>
  ({ _id, subject, client, purpose, grantedAt, expiresAt: '2099-12-31' }) as unknown as Doc<'consents'>;
const queryRecord = (_id: string, subject: string, at: string) =>
  ({ _id, subject, at, requestId: `req-${_id}`, subgraph: 'persons', client: 'bank-jinling', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING', consent: null, classes: ['IDENTITY'], denied: [] }) as unknown as Doc<'queryRecords'>;
const penalty = (_id: string, subject: string, decidedAt: string) =>
  ({ _id, ref: _id, subject, decidedAt, what: `penalty ${_id}`, measure: 'FINE', authority: '南京市市场监督管理局', severity: 'GENERAL', status: 'ACTIVE' }) as unknown as Doc<'penalties'>;
const courier = (_id: string, company: string) =>
  ({ _id, person: _id, company, since: '2020-01-01', rating: 4.5, complaints: [], trafficViolations: [] }) as unknown as Doc<'couriers'>;
const objection = (_id: string, factRef: string, status: string, dueAt: string) =>
  ({ _id, ref: _id, factRef, subject: 'P1', filedAt: '2026-01-01', dueAt, reason: '并非本人所欠', status }) as unknown as Doc<'objections'>;
const sanction = (_id: string, status: string | undefined) =>
  ({ _id, ref: _id, list: 'COURT_DISHONEST', subject: 'P1', subjectKind: 'PERSON', subjectName: '张伟', basis: 'x', measures: [], authority: 'court', severity: 'SERIOUS', decidedAt: '2025-01-01', ...(status ? { status } : {}) }) as unknown as Doc<'sanctionEntries'>;
const client = (_id: string, name: string) => ({ _id, id: _id, name, kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] }) as unknown as Doc<'clients'>;

/** Runs `op` and returns the StoreError it must throw. */
async function storeError(op: () => Promise<unknown>): Promise<StoreError> {
  let caught: unknown;
  try {
    await op();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'the operation should have failed').toBeInstanceOf(StoreError);
  return caught as StoreError;
}

async function expectStoreError(op: () => Promise<unknown>, kind: StoreErrorKind): Promise<StoreError> {
  const err = await storeError(op);
  expect(err.kind).toBe(kind);
  // the message is the adapter's own: no driver, server or query-engine text travels upward
  expect(err.message).not.toMatch(/E11000|\.go:|mingo|Mongo[A-Z]|\$bogus|constraint failed/i);
  return err;
}

const ids = (docs: readonly { _id: string }[]) => docs.map((d) => d._id);
const sortedIds = (docs: readonly { _id: string }[]) => ids(docs).sort();

export interface ContractFeatures {
  /** the adapter can list the indexes the server holds (ContractStore.indexesOf) */
  listsIndexes: boolean;
}

export function storeContract(open: () => Promise<ContractStore>, features: ContractFeatures): void {
  let h: ContractStore;
  let store: Store;

  beforeAll(async () => {
    h = await open();
    store = h.store;
    await store.ensureIndexes(INDEXES);
  });
  afterAll(() => h?.dispose());
  beforeEach(async () => {
    for (const name of COLLECTION_NAMES) await store.collection(name).deleteMany({});
  });

  describe('the queries the repositories make', () => {
    beforeEach(async () => {
      await store.collection('consents').insertMany([
        consent('c1', 'P1', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-01-05'),
        consent('c2', 'P1', 'bank-jinling', 'EMPLOYMENT_SCREENING', '2026-02-05'),
        consent('c3', 'P1', 'employer-suzhou-hr', 'LOAN_UNDERWRITING', '2026-03-05'),
        consent('c4', 'P2', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-04-05'),
        consent('c5', 'P3', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-05-05'),
      ]);
      await store.collection('queryRecords').insertMany([
        queryRecord('q1', 'P1', '2026-03-01T10:00:00.000Z'),
        queryRecord('q2', 'P2', '2026-05-01T10:00:00.000Z'),
        queryRecord('q3', 'P1', '2026-07-01T10:00:00.000Z'),
        queryRecord('q4', 'P1', '2026-01-01T10:00:00.000Z'),
        queryRecord('q5', 'P3', '2026-02-01T10:00:00.000Z'),
      ]);
    });

    it('_id $in returns exactly the listed documents and ignores unknown ids', async () => {
      const found = await store.collection('consents').find({ _id: { $in: ['c4', 'nope', 'c1'] } });
      expect(sortedIds(found)).toEqual(['c1', 'c4']);
      expect(found.find((d) => d._id === 'c4')).toEqual(consent('c4', 'P2', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-04-05'));
    });

    it('an id listed twice in $in still gives its document once', async () => {
      expect(ids(await store.collection('consents').find({ _id: { $in: ['c2', 'c2', 'c3'] } }, { sort: { _id: 1 } }))).toEqual(['c2', 'c3']);
    });

    it('several operators on one indexed field all apply', async () => {
      // subject is indexed (consents: subject, client, purpose); $nin must not be lost behind the $in
      const found = await store.collection('consents').find({ subject: { $in: ['P1', 'P2'], $nin: ['P2'] } });
      expect(sortedIds(found)).toEqual(['c1', 'c2', 'c3']);
    });

    it('an empty $in matches nothing', async () => {
      expect(await store.collection('consents').find({ _id: { $in: [] } })).toEqual([]);
      expect(await store.collection('consents').find({ subject: { $in: [] } })).toEqual([]);
    });

    it('subject $in with client and purpose equality (the consent check in views.ts) keeps only exact matches', async () => {
      const found = await store.collection('consents').find({ subject: { $in: ['P1', 'P2', 'P9'] }, client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING' });
      expect(sortedIds(found)).toEqual(['c1', 'c4']);
    });

    it('subject $in sorted by date descending gives the newest first across subjects', async () => {
      const found = await store.collection('queryRecords').find({ subject: { $in: ['P1', 'P3'] } }, { sort: { at: -1 } });
      expect(ids(found)).toEqual(['q3', 'q1', 'q5', 'q4']);
    });

    it('sorts ascending too (officers by since, merchants by _id)', async () => {
      const found = await store.collection('consents').find({ client: 'bank-jinling' }, { sort: { grantedAt: 1 } });
      expect(ids(found)).toEqual(['c1', 'c2', 'c4', 'c5']);
      const byId = await store.collection('consents').find({ _id: { $in: ['c5', 'c2', 'c3'] } }, { sort: { _id: 1 } });
      expect(ids(byId)).toEqual(['c2', 'c3', 'c5']);
    });

    it('a projection returns the named fields and _id only', async () => {
      await store.collection('couriers').insertMany([courier('K1', 'E1'), courier('K2', 'E1'), courier('K3', 'E2')]);
      const rows = await store.collection('couriers').find({ company: { $in: ['E1', 'E2'] } }, { fields: ['company'], sort: { _id: 1 } });
      expect(rows).toEqual([
        { _id: 'K1', company: 'E1' },
        { _id: 'K2', company: 'E1' },
        { _id: 'K3', company: 'E2' },
      ]);
    });

    it('skip and limit page through a sorted result', async () => {
      const page = await store.collection('queryRecords').find({}, { sort: { at: -1 }, skip: 1, limit: 2 });
      expect(ids(page)).toEqual(['q2', 'q1']);
      const last = await store.collection('queryRecords').find({}, { sort: { at: -1 }, skip: 4, limit: 10 });
      expect(ids(last)).toEqual(['q4']);
    });

    it('findOne returns the matching document, or null', async () => {
      expect(await store.collection('consents').findOne({ _id: 'c3' })).toMatchObject({ _id: 'c3', client: 'employer-suzhou-hr' });
      expect(await store.collection('consents').findOne({ _id: 'c9' })).toBeNull();
    });

    it('count counts all documents, or those matching a filter', async () => {
      expect(await store.collection('consents').count({})).toBe(5);
      expect(await store.collection('consents').count({ subject: { $in: ['P1', 'P3'] } })).toBe(4);
      expect(await store.collection('consents').count({ subject: 'P9' })).toBe(0);
    });

    it('equality on a secondary field (objections of a fact)', async () => {
      await store.collection('objections').insertMany([objection('o1', 'F1', 'UNDER_REVIEW', '2026-02-01'), objection('o2', 'F2', 'CONFIRMED', '2026-02-01'), objection('o3', 'F1', 'REMOVED', '2026-03-01')]);
      expect(sortedIds(await store.collection('objections').find({ factRef: 'F1' }))).toEqual(['o1', 'o3']);
    });

    it('a range with a compound sort and a limit (overdue objections, oldest due first, ties by _id)', async () => {
      await store.collection('objections').insertMany([
        objection('o4', 'F1', 'UNDER_REVIEW', '2026-02-01'),
        objection('o2', 'F2', 'UNDER_REVIEW', '2026-01-15'),
        objection('o3', 'F3', 'UNDER_REVIEW', '2026-02-01'),
        objection('o1', 'F4', 'CONFIRMED', '2026-01-01'),
        objection('o5', 'F5', 'UNDER_REVIEW', '2026-06-30'),
        objection('o6', 'F6', 'UNDER_REVIEW', '2026-03-01'),
      ]);
      const overdue = await store.collection('objections').find({ status: 'UNDER_REVIEW', dueAt: { $lt: '2026-06-30' } }, { sort: { dueAt: 1, _id: 1 }, limit: 3 });
      expect(ids(overdue)).toEqual(['o2', 'o3', 'o4']);
    });

    it('$ne with a projection (the screening candidates) also matches documents without the field', async () => {
      await store.collection('sanctionEntries').insertMany([sanction('s1', 'ACTIVE'), sanction('s2', 'REMOVED'), sanction('s3', undefined)]);
      const rows = await store.collection('sanctionEntries').find({ status: { $ne: 'REMOVED' } }, { fields: ['ref', 'subjectName'], sort: { _id: 1 } });
      expect(rows).toEqual([
        { _id: 's1', ref: 's1', subjectName: '张伟' },
        { _id: 's3', ref: 's3', subjectName: '张伟' },
      ]);
    });

    it('hands out copies: changing a returned document does not change the store', async () => {
      const [doc] = await store.collection('consents').find({ _id: { $in: ['c1'] } });
      (doc as { client: string }).client = 'someone-else';
      expect((await store.collection('consents').findOne({ _id: 'c1' }))?.client).toBe('bank-jinling');
    });
  });

  describe('batched loads (the DataLoader helpers over the store)', () => {
    beforeEach(async () => {
      await store.collection('penalties').insertMany([
        penalty('pen-1', 'E1', '2024-03-01'),
        penalty('pen-2', 'E2', '2025-01-10'),
        penalty('pen-3', 'E1', '2025-06-30'),
        penalty('pen-4', 'E1', '2023-12-24'),
      ]);
    });

    it('oneByKey answers in the order asked, with null for missing keys, in one round trip', async () => {
      const counting = new CountingStore(store);
      const loader = oneByKey((keys) => counting.collection('penalties').find({ _id: { $in: [...keys] } }), (d) => d._id);
      const got = await loader.loadMany(['pen-3', 'missing', 'pen-1', 'pen-3', 'pen-2']);
      expect(got.map((d) => (d && !(d instanceof Error) ? d._id : d))).toEqual(['pen-3', null, 'pen-1', 'pen-3', 'pen-2']);
      expect(counting.calls).toEqual([{ collection: 'penalties', op: 'find' }]);
    });

    it('manyByKey groups by key in the order asked, keeps the sort within a key, and gives [] for missing keys', async () => {
      const counting = new CountingStore(store);
      const loader = manyByKey(
        (keys) => counting.collection('penalties').find({ subject: { $in: [...keys] } }, { sort: { decidedAt: -1 } }),
        (d) => d.subject,
      );
      const got = await Promise.all(['E2', 'E9', 'E1'].map((k) => loader.load(k)));
      expect(got.map(ids)).toEqual([['pen-2'], [], ['pen-3', 'pen-1', 'pen-4']]);
      expect(counting.calls).toEqual([{ collection: 'penalties', op: 'find' }]);
    });
  });

  describe('writes', () => {
    it('insertOne stores a document; a second one with the same _id is DUPLICATE and changes nothing', async () => {
      await store.collection('clients').insertOne(client('cl-1', '金陵银行'));
      await expectStoreError(() => store.collection('clients').insertOne(client('cl-1', 'impostor')), 'DUPLICATE');
      expect(await store.collection('clients').findOne({ _id: 'cl-1' })).toEqual(client('cl-1', '金陵银行'));
    });

    it('insertMany is unordered: a duplicate _id fails the call with DUPLICATE, the other documents are stored', async () => {
      await store.collection('clients').insertOne(client('cl-1', 'first'));
      await expectStoreError(
        () => store.collection('clients').insertMany([client('cl-2', 'two'), client('cl-1', 'again'), client('cl-3', 'three'), client('cl-3', 'three again')]),
        'DUPLICATE',
      );
      const all = await store.collection('clients').find({}, { sort: { _id: 1 } });
      expect(all.map((d) => [d._id, d.name])).toEqual([
        ['cl-1', 'first'],
        ['cl-2', 'two'],
        ['cl-3', 'three'],
      ]);
    });

    it('insertMany returns how many documents it stored', async () => {
      const docs = Array.from({ length: 2500 }, (_, i) => queryRecord(`bulk-${i}`, `S${i % 7}`, `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`));
      expect(await store.collection('queryRecords').insertMany(docs)).toBe(2500);
      expect(await store.collection('queryRecords').count({})).toBe(2500);
    });

    it('upsertMany replaces whole documents by _id and inserts new ones', async () => {
      await store.collection('consents').insertOne({ ...consent('c1', 'P1', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-01-05'), revokedAt: '2026-02-01' });
      const written = await store.collection('consents').upsertMany([
        consent('c1', 'P1', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-03-01'),
        consent('c2', 'P2', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-03-02'),
      ]);
      expect(written).toBe(2);
      // replaced, not merged: the field the new version lacks is gone
      expect(await store.collection('consents').findOne({ _id: 'c1' })).toEqual(consent('c1', 'P1', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-03-01'));
      expect(await store.collection('consents').count({})).toBe(2);
    });

    it('upsertMany of identical documents still counts them as written', async () => {
      const docs = [consent('c1', 'P1', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-03-01')];
      await store.collection('consents').upsertMany(docs);
      expect(await store.collection('consents').upsertMany(docs)).toBe(1);
    });

    it('updateOne with $set reports matched and modified, and changes only the named field', async () => {
      await store.collection('consents').insertMany([consent('c1', 'P1', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-01-05')]);
      // the revokeConsent filter: _id and subject
      expect(await store.collection('consents').updateOne({ _id: 'c1', subject: 'P1' }, { $set: { revokedAt: '2026-06-01T08:00:00.000Z' } })).toEqual({
        matched: 1,
        modified: 1,
        upserted: false,
      });
      expect(await store.collection('consents').findOne({ _id: 'c1' })).toEqual({
        ...consent('c1', 'P1', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-01-05'),
        revokedAt: '2026-06-01T08:00:00.000Z',
      });
    });

    it('updateOne setting the value a field already has matches without modifying', async () => {
      await store.collection('consents').insertOne(consent('c1', 'P1', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-01-05'));
      expect(await store.collection('consents').updateOne({ _id: 'c1' }, { $set: { client: 'bank-jinling' } })).toEqual({ matched: 1, modified: 0, upserted: false });
    });

    it('updateOne with $set and $unset together: the set field written, the unset one removed; unsetting an absent field modifies nothing', async () => {
      await store.collection('consents').insertOne({ ...consent('c1', 'P1', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-01-05'), revokedAt: '2026-02-01T00:00:00.000Z' });
      expect(await store.collection('consents').updateOne({ _id: 'c1' }, { $set: { expiresAt: '2027-01-05' }, $unset: { revokedAt: '' } })).toEqual({ matched: 1, modified: 1, upserted: false });
      expect(await store.collection('consents').findOne({ _id: 'c1' })).toEqual({ ...consent('c1', 'P1', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-01-05'), expiresAt: '2027-01-05' });
      expect(await store.collection('consents').updateOne({ _id: 'c1' }, { $unset: { revokedAt: '' } })).toEqual({ matched: 1, modified: 0, upserted: false });
      expect(await store.collection('consents').updateOne({ _id: 'c1' }, { $set: { replaces: ['a', 'b'] } })).toEqual({ matched: 1, modified: 1, upserted: false });
      expect(await store.collection('consents').updateOne({ _id: 'c1' }, { $set: { replaces: ['a', 'b'] } })).toEqual({ matched: 1, modified: 0, upserted: false });
    });

    it('updateOne that matches nothing changes nothing', async () => {
      await store.collection('consents').insertOne(consent('c1', 'P1', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-01-05'));
      // the right _id but another subject: a person cannot revoke someone else's consent
      expect(await store.collection('consents').updateOne({ _id: 'c1', subject: 'P2' }, { $set: { revokedAt: 'x' } })).toEqual({ matched: 0, modified: 0, upserted: false });
      expect(await store.collection('consents').findOne({ _id: 'c1' })).not.toHaveProperty('revokedAt');
    });

    it('updateOne conditioned on a state (answering an objection) matches once: the second answer finds nothing to change', async () => {
      await store.collection('objections').insertOne(objection('o1', 'F1', 'UNDER_REVIEW', '2026-02-01'));
      const answer = { $set: { status: 'CONFIRMED', resolvedAt: '2026-01-20', outcomeReason: '核实无误' } };
      expect(await store.collection('objections').updateOne({ _id: 'o1', status: 'UNDER_REVIEW' }, answer)).toEqual({ matched: 1, modified: 1, upserted: false });
      expect(await store.collection('objections').updateOne({ _id: 'o1', status: 'UNDER_REVIEW' }, { $set: { status: 'REMOVED' } })).toEqual({
        matched: 0,
        modified: 0,
        upserted: false,
      });
      expect(await store.collection('objections').findOne({ _id: 'o1' })).toMatchObject({ status: 'CONFIRMED', outcomeReason: '核实无误' });
    });

    it('updateOne with upsert inserts a document built from the filter and $set', async () => {
      expect(await store.collection('consents').updateOne({ _id: 'c7', subject: 'P7' }, { $set: { client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING' } }, { upsert: true })).toEqual({
        matched: 0,
        modified: 0,
        upserted: true,
      });
      expect(await store.collection('consents').findOne({ _id: 'c7' })).toEqual({ _id: 'c7', subject: 'P7', client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING' });
      // and a second time it is an ordinary update
      expect(await store.collection('consents').updateOne({ _id: 'c7', subject: 'P7' }, { $set: { purpose: 'SUPERVISION' } }, { upsert: true })).toEqual({
        matched: 1,
        modified: 1,
        upserted: false,
      });
    });

    it('deleteMany removes the matching documents and says how many', async () => {
      await store.collection('queryRecords').insertMany([queryRecord('q1', 'P1', '2026-01-01'), queryRecord('q2', 'P2', '2026-01-02'), queryRecord('q3', 'P1', '2026-01-03')]);
      expect(await store.collection('queryRecords').deleteMany({ subject: { $in: ['P1'] } })).toBe(2);
      expect(ids(await store.collection('queryRecords').find({}))).toEqual(['q2']);
      expect(await store.collection('queryRecords').deleteMany({ subject: 'P1' })).toBe(0);
      expect(await store.collection('queryRecords').deleteMany({})).toBe(1);
      expect(await store.collection('queryRecords').count({})).toBe(0);
    });

    it('documents come back exactly as written: nested arrays, Chinese text, nulls, floats, booleans', async () => {
      const showcase = showcaseDocuments();
      const sample = {
        persons: showcase.persons.slice(0, 3),
        financialDefaults: showcase.financialDefaults,
        merchants: showcase.merchants,
        sanctionEntries: showcase.sanctionEntries,
        redList: showcase.redList,
      };
      for (const [name, docs] of Object.entries(sample) as [CollectionName, { _id: string }[]][]) {
        expect(docs.length, `the showcase has ${name}`).toBeGreaterThan(0);
        await store.collection(name).upsertMany(docs as never[]);
        const back = await store.collection(name).find({ _id: { $in: ids(docs) } }, { sort: { _id: 1 } });
        expect(back, name).toStrictEqual([...docs].sort((a, b) => (a._id < b._id ? -1 : 1)));
      }
    });
  });

  describe('indexes', () => {
    it('ensureIndexes is idempotent: declaring the hub’s indexes again changes nothing and queries still work', async () => {
      await store.ensureIndexes(INDEXES);
      await store.ensureIndexes(INDEXES);
      await store.collection('queryRecords').insertMany([queryRecord('q1', 'P1', '2026-01-01'), queryRecord('q2', 'P1', '2026-01-02')]);
      expect(ids(await store.collection('queryRecords').find({ subject: { $in: ['P1'] } }, { sort: { at: -1 } }))).toEqual(['q2', 'q1']);
    });

    if (features.listsIndexes) {
      it('the server holds every declared index, with its keys in order', async () => {
        for (const spec of INDEXES) {
          const held = await h.indexesOf!(spec.collection);
          const match = held.find((i) => JSON.stringify(Object.entries(i.key)) === JSON.stringify(Object.entries(spec.keys)));
          expect(match, `${spec.collection} ${JSON.stringify(spec.keys)}`).toBeDefined();
        }
      });
    }

    it('a unique index refuses a second document with the same value, by insert, update or replacement, as DUPLICATE', async () => {
      // on a store of its own: the port cannot drop an index, and this one must not outlive the test
      const own = await open();
      try {
        const unique: IndexSpec = { collection: 'clients', keys: { name: 1 }, unique: true, name: 'contract_unique_name' };
        await own.store.ensureIndexes([unique]);
        await own.store.ensureIndexes([unique]);
        const clients = own.store.collection('clients');
        await clients.insertMany([client('cl-1', '金陵银行'), client('cl-2', '苏州人力')]);
        await expectStoreError(() => clients.insertOne(client('cl-3', '金陵银行')), 'DUPLICATE');
        await expectStoreError(() => clients.updateOne({ _id: 'cl-2' }, { $set: { name: '金陵银行' } }), 'DUPLICATE');
        await expectStoreError(() => clients.upsertMany([client('cl-2', '金陵银行')]), 'DUPLICATE');
        // the refused writes changed nothing, and the documents are still found through the index
        expect((await clients.find({}, { sort: { _id: 1 } })).map((d) => d.name)).toEqual(['金陵银行', '苏州人力']);
        expect(ids(await clients.find({ name: '苏州人力' }))).toEqual(['cl-2']);
        expect(ids(await clients.find({ name: { $in: ['金陵银行'] } }))).toEqual(['cl-1']);
      } finally {
        await own.dispose();
      }
    });
  });

  describe('array fields (multikey, as the audit log names many subjects per record)', () => {
    const grouped = (_id: string, subjects: string[], at: string) =>
      ({ _id, subjects, consents: subjects.map(() => null), at, requestId: `req-${_id}`, subgraph: 'persons', client: 'bank-jinling', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING', classes: ['IDENTITY'], denied: [] }) as Doc<'queryRecords'>;

    it('an equality or $in on an array field matches the documents whose array holds the value, each once', async () => {
      await store.collection('queryRecords').insertMany([grouped('g1', ['P1', 'P2'], '2026-01-01'), grouped('g2', ['P2', 'P3'], '2026-01-02'), grouped('g3', ['P4'], '2026-01-03')]);
      expect(ids(await store.collection('queryRecords').find({ subjects: 'P2' }, { sort: { at: -1 } }))).toEqual(['g2', 'g1']);
      expect(ids(await store.collection('queryRecords').find({ subjects: { $in: ['P1', 'P3', 'P9'] } }, { sort: { at: -1 } }))).toEqual(['g2', 'g1']);
      expect(await store.collection('queryRecords').count({ subjects: 'P4' })).toBe(1);
      expect(await store.collection('queryRecords').count({ subjects: 'P9' })).toBe(0);
    });

    it('a half-open range of instants, with or without a client, projected to the fields named (the anomaly report\'s scan): arrays with nulls come back whole', async () => {
      const at = (d: string, client: string, states: (string | null)[]) => ({ ...grouped(`${client}-${d}`, states.map((_, i) => `P${i}`), `2026-11-${d}T04:00:00.000Z`), client, consentStates: states, screened: 2 }) as Doc<'queryRecords'>;
      await store.collection('queryRecords').insertMany([at('26', 'a', ['NONE']), at('27', 'a', ['VALID', null, 'REVOKED']), at('28', 'b', [null]), at('29', 'a', ['EXPIRED'])]);
      const range = { $gte: '2026-11-27T00:00:00.000Z', $lt: '2026-11-29T00:00:00.000Z' };
      const fields = ['at', 'client', 'subjects', 'consentStates', 'screened'];
      expect(sortedIds(await store.collection('queryRecords').find({ at: range }, { fields }))).toEqual(['a-27', 'b-28']);
      const [row, ...none] = await store.collection('queryRecords').find({ client: 'a', at: range }, { fields });
      expect(none).toEqual([]);
      expect(row).toEqual({ _id: 'a-27', at: '2026-11-27T04:00:00.000Z', client: 'a', subjects: ['P0', 'P1', 'P2'], consentStates: ['VALID', null, 'REVOKED'], screened: 2 });
      expect(await store.collection('queryRecords').count({ at: range })).toBe(2);
    });

    it('follows a replaced array: the old elements no longer match, the new ones do', async () => {
      await store.collection('queryRecords').insertMany([grouped('g1', ['P1', 'P2'], '2026-01-01')]);
      await store.collection('queryRecords').upsertMany([grouped('g1', ['P5'], '2026-01-01')]);
      expect(await store.collection('queryRecords').count({ subjects: 'P1' })).toBe(0);
      expect(ids(await store.collection('queryRecords').find({ subjects: 'P5' }))).toEqual(['g1']);
    });
  });

  describe('bulk seeding', () => {
    it('loadSeed stores every generated document: the count per collection equals the generated count, and a second load replaces rather than adds', async () => {
      const expected = Object.fromEntries(Object.entries(seedDocuments(CONTRACT_SCALE)).map(([name, docs]) => [name, docs.length]));
      const total = Object.values(expected).reduce((a, b) => a + b, 0);
      expect(await loadSeed(store, CONTRACT_SCALE, { batchSize: 100 })).toBe(total);
      const counted = async () => Object.fromEntries(await Promise.all(COLLECTION_NAMES.map(async (n) => [n, await store.collection(n).count({})])));
      expect(await counted()).toEqual(expected);
      // the registry's change log is the operators' to write, never the seed's; the receipts and
      // notices of publications are the authorities' (through the API); monitoring's are made by
      // clients (watches, endpoints), changes (events) and the worker (deliveries, claims)
      const writtenLater = new Set<string>(['registryEvents', 'publications', 'notices', 'changeEvents', 'watches', 'webhookEndpoints', 'deliveries', 'deliveryClaims']);
      for (const name of COLLECTION_NAMES.filter((n) => !writtenLater.has(n))) expect(expected[name], `${name} gets documents at this scale`).toBeGreaterThan(0);
      await loadSeed(store, CONTRACT_SCALE, { batchSize: 1000 });
      expect(await counted()).toEqual(expected);
    });
  });

  describe('errors', () => {
    beforeEach(async () => {
      await store.collection('consents').insertOne(consent('c1', 'P1', 'bank-jinling', 'LOAN_UNDERWRITING', '2026-01-05'));
    });

    it('an unknown query operator is INVALID', async () => {
      await expectStoreError(() => store.collection('consents').find({ subject: { $bogus: 1 } }), 'INVALID');
      await expectStoreError(() => store.collection('consents').count({ subject: { $bogus: 1 } }), 'INVALID');
      await expectStoreError(() => store.collection('consents').deleteMany({ subject: { $bogus: 1 } }), 'INVALID');
    });

    it('an unknown update operator is INVALID and changes nothing', async () => {
      await expectStoreError(() => store.collection('consents').updateOne({ _id: 'c1' }, { $bogus: { client: 'x' } }), 'INVALID');
      expect((await store.collection('consents').findOne({ _id: 'c1' }))?.client).toBe('bank-jinling');
    });

    it('an update without operators (a replacement document) is INVALID', async () => {
      await expectStoreError(() => store.collection('consents').updateOne({ _id: 'c1' }, { client: 'x' }), 'INVALID');
    });

    it('an upsert that names no _id is INVALID: the port’s documents have string ids', async () => {
      await expectStoreError(() => store.collection('consents').updateOne({ subject: 'P9' }, { $set: { client: 'x' } }, { upsert: true }), 'INVALID');
      expect(await store.collection('consents').count({ subject: 'P9' })).toBe(0);
    });
  });
}

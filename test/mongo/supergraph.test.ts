/**
 * The supergraph tier once on MongoDB (FerretDB in CI): a fresh database seeded through the real
 * `npm run seed` path (seed() of test/fixtures/seed/cli.ts), the hub opened on it the way
 * `npm start` opens it (openStore: connect, ping, ensure indexes), and the supergraph checks of
 * test/supergraph/checks.ts run through the real gateway. Skipped without MONGODB_URI.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDocuments } from '../fixtures/seed/index.ts';
import { seed, type SeedSummary } from '../fixtures/seed/cli.ts';
import { openStore } from '../../subgraphs/shared/platform/store/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { SMALL_SCALE, startTestHub, type TestHub } from '../support/hub.ts';
import { describeMongo, freshMongoStore, type FreshMongo } from '../support/mongo.ts';
import { federationChecks } from '../supergraph/checks.ts';
import { INDEXES } from '../../subgraphs/collections.ts';

const BANK = 'bank-jinling';

describeMongo('the supergraph on MongoDB, seeded by npm run seed', () => {
  let fresh: FreshMongo;
  let summary: SeedSummary;
  let store: Store;
  let t: TestHub;

  beforeAll(async () => {
    fresh = await freshMongoStore();
    summary = await seed({ uri: fresh.uri, scale: SMALL_SCALE, batchSize: 500 });
    store = await openStore({ mongodbUri: fresh.uri, indexes: INDEXES });
    t = await startTestHub({ store });
  });
  afterAll(async () => {
    await t?.stop();
    await store?.close();
    await fresh?.dispose();
  });

  it('the seed stored every generated document, per collection', () => {
    const expected = Object.fromEntries(Object.entries(seedDocuments(SMALL_SCALE)).map(([name, docs]) => [name, docs.length]));
    expect(summary.stored).toEqual(expected);
    expect(summary.written).toEqual(expected);
  });

  // the same checks as on the embedded store
  federationChecks(() => t);

  it('writes the audit record of an answered query to MongoDB', async () => {
    const res = await t.query(BANK, /* GraphQL */ `{ person(creditCode: "320106197805123519") { name } }`);
    expect(res.errors).toBeUndefined();
    const requestId = res.extensions?.requestId;
    expect(typeof requestId).toBe('string');
    const records = await fresh.db.collection('queryRecords').find({ requestId }).toArray();
    expect(records.map((r) => [r.subjects, r.client])).toEqual([[['320106197805123519'], BANK]]);
  });
});

/**
 * The clients' rate limits shared through MongoDB (FerretDB in CI): two gateways on one database
 * count one client's requests together (rate-limiter-flexible's RateLimiterMongo, collection
 * `rateLimits`), so that N replicas allow a client its limit, not N times it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { INDEXES } from '../../subgraphs/collections.ts';
import { openStore } from '../../subgraphs/shared/platform/store/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { RATE_LIMIT_COLLECTION } from '../../gateway/limits.ts';
import { seed } from '../fixtures/seed/cli.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { describeMongo, freshMongoStore, type FreshMongo } from '../support/mongo.ts';

const BANK = 'bank-jinling';
const SMALL = /* GraphQL */ `{ person(creditCode: "320203199507082021") { maskedId } }`;

describeMongo('rate limits shared by two gateways on one database', () => {
  let fresh: FreshMongo;
  let stores: Store[] = [];
  let a: TestHub;
  let b: TestHub;

  beforeAll(async () => {
    fresh = await freshMongoStore();
    await seed({ uri: fresh.uri, scale: { persons: 20, enterprises: 4, merchants: 4, couriers: 4, listEntries: 4 } });
    const bank = await fresh.store.collection('clients').findOne({ _id: BANK });
    await fresh.store.collection('clients').updateOne({ _id: BANK }, { $set: { limits: { ...bank!.limits, requestsPerMinute: 4 } } });
    stores = [await openStore({ mongodbUri: fresh.uri, indexes: INDEXES }), await openStore({ mongodbUri: fresh.uri, indexes: INDEXES })];
    a = await startTestHub({ store: stores[0] });
    b = await startTestHub({ store: stores[1] });
  }, 120_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    for (const s of stores) await s.close().catch(() => undefined);
    await fresh?.dispose();
  });

  it("allows the client its limit across both, not twice it, and keeps the count in the database", async () => {
    // the count is per minute: at the very end of one, start in the next
    const into = Date.now() % 60_000;
    if (into > 50_000) await new Promise((r) => setTimeout(r, 60_500 - into));
    const statuses: number[] = [];
    for (const hub of [a, b, a, b]) statuses.push((await hub.query(BANK, SMALL)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const fifth = await b.query(BANK, SMALL);
    expect(fifth.status).toBe(429);
    expect(fifth.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'REQUESTS_PER_MINUTE', limit: 4 });
    expect((await a.query(BANK, SMALL)).status).toBe(429);
    // the counter lives in the shared collection, under the client's id (never a person's)
    const counters = await fresh.db.collection(RATE_LIMIT_COLLECTION).find({}).toArray();
    expect(counters.some((c) => String(c.key).includes(BANK))).toBe(true);
  });
});

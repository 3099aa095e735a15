/**
 * The supergraph tier once on MongoDB (FerretDB in CI): a fresh database seeded through the real
 * `npm run seed` path (seed() of subgraphs/shared/seed/cli.ts), the hub opened on it the way
 * `npm start` opens it (openStore: connect, ping, ensure indexes), and a representative subset of
 * test/supergraph/federation.test.ts run through the real gateway. Skipped without MONGODB_URI.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import { DEFAULT_SEED, personCodeAt, seedDocuments } from '../../subgraphs/shared/seed/index.ts';
import { seed, type SeedSummary } from '../../subgraphs/shared/seed/cli.ts';
import { openStore } from '../../subgraphs/shared/store/index.ts';
import type { Store } from '../../subgraphs/shared/store/port.ts';
import { SMALL_SCALE, startTestHub, type TestHub } from '../support/hub.ts';
import { describeMongo, freshMongoStore, type FreshMongo } from '../support/mongo.ts';

const REGULATOR = 'regulator-jiangsu-credit';
const BANK = 'bank-jinling';

describeMongo('the supergraph on MongoDB, seeded by npm run seed', () => {
  let fresh: FreshMongo;
  let summary: SeedSummary;
  let store: Store;
  let t: TestHub;

  beforeAll(async () => {
    fresh = await freshMongoStore();
    summary = await seed({ uri: fresh.uri, scale: SMALL_SCALE, batchSize: 500 });
    store = await openStore({ mongodbUri: fresh.uri });
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

  it('joins a showcase person across all five subgraphs', async () => {
    const res = await t.query(REGULATOR, /* GraphQL */ `
      {
        person(creditCode: "320203199507082021") {
          name
          phone
          occupations { licenseNo }
          courierProfile {
            since
            rating
            complaints { ref }
            company { name courierProfile { grade complaintRatePerMillion } redList { honor } }
          }
          sanctions { courtListed }
        }
      }
    `);
    expect(res.errors).toBeUndefined();
    const p = res.data.person;
    const courier = showcase.couriers[0]!;
    expect(p.name).toBe('陈静');
    expect(p.phone).toBe('15251860021');
    expect(p.occupations[0].licenseNo).toBe('快递从业320203-2021-0456');
    expect(p.courierProfile.since).toBe(courier.since);
    expect(p.courierProfile.rating).toBe(courier.rating);
    expect(p.courierProfile.complaints.map((c: any) => c.ref)).toEqual(courier.complaints.map((c) => c.ref));
    expect(p.courierProfile.company.name).toBe('南京诚达物流有限公司');
    expect(p.courierProfile.company.courierProfile).toEqual({ grade: 'A', complaintRatePerMillion: 1.8 });
    expect(p.courierProfile.company.redList[0].honor).toBe('江苏省诚信快递企业');
    expect(p.sanctions.courtListed).toBe(false);
  });

  it('answers 200 persons with fields from all five subgraphs in at most one find per collection per subgraph', async () => {
    const codes = [...showcase.persons.map((p) => p.creditCode), ...Array.from({ length: 200 - showcase.persons.length }, (_, i) => personCodeAt(DEFAULT_SEED, i))];
    for (const c of Object.values(t.counters)) c.reset();
    const res = await t.query(
      REGULATOR,
      /* GraphQL */ `
        query Applicants($codes: [ID!]!) {
          persons(creditCodes: $codes) {
            creditCode
            name
            financialDefaults { ref overdueAmount status }
            enterpriseRoles { role enterprise { creditCode name } }
            merchants { id rating }
            courierProfile { rating company { creditCode } }
            sanctions { courtListed courtListings { ref } }
            redList { honor }
          }
        }
      `,
      { codes },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.persons.map((p: any) => p?.creditCode)).toEqual(codes);
    expect(res.data.persons.every((p: any) => p.name)).toBe(true);
    for (const [subgraph, counter] of Object.entries(t.counters)) {
      const finds = new Map<string, number>();
      for (const call of counter.calls.filter((c) => c.op === 'find')) finds.set(call.collection, (finds.get(call.collection) ?? 0) + 1);
      expect(finds.size, `${subgraph} made no store call at all`).toBeGreaterThan(0);
      for (const [collection, n] of finds) expect({ subgraph, collection, n }).toEqual({ subgraph, collection, n: 1 });
    }
  });

  it('returns persons in the order asked, with null for codes the hub does not hold', async () => {
    const res = await t.query(BANK, `query($c: [ID!]!) { persons(creditCodes: $c) { creditCode } }`, {
      c: ['320502198203174715', '11010519491231002X', '320106197805123519'],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.persons).toEqual([{ creditCode: '320502198203174715' }, null, { creditCode: '320106197805123519' }]);
  });

  it('refuses a batch of more than 1,000 codes, and an invalid code, with BAD_USER_INPUT', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => personCodeAt(DEFAULT_SEED, i % 300));
    const tooMany = await t.query(BANK, `query($c: [ID!]!) { persons(creditCodes: $c) { creditCode } }`, { c: many });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0]?.message).toMatch(/at most 1000/);
    const bad = await t.query(BANK, `query($c: ID!) { person(creditCode: $c) { creditCode } }`, { c: showcase.invalidIdentifiers.citizenIdBadCheckDigit });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/check digit should be 9/);
  });

  it('writes the audit record of an answered query to MongoDB', async () => {
    const res = await t.query(BANK, `{ person(creditCode: "320106197805123519") { name } }`);
    expect(res.errors).toBeUndefined();
    const requestId = res.extensions?.requestId;
    expect(typeof requestId).toBe('string');
    const records = await fresh.db.collection('queryRecords').find({ requestId }).toArray();
    expect(records.map((r) => [r.subject, r.client])).toEqual([['320106197805123519', BANK]]);
  });
});

/**
 * The regulator's desk, statements and outcomes once on MongoDB (FerretDB in CI): the queries the
 * embedded store answers in the tier-1 suites (paged queues with counts, the audit search by
 * period, optimistic replacement of a statement, a second grant on one day, corrections shown
 * by another owner) answer the same on the MongoDB adapter. Skipped without MONGODB_URI.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { INDEXES } from '../../subgraphs/collections.ts';
import { openStore } from '../../subgraphs/shared/platform/store/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { seed } from '../fixtures/seed/cli.ts';
import { TODAY } from '../support/hub.ts';
import { describeMongo, freshMongoStore, type FreshMongo } from '../support/mongo.ts';
import { inProcess, viewers } from '../support/subgraph.ts';

const 张伟 = '320502198203174715';
const 刘洋 = '320583199001011531';
const 周强 = '320982198610092710';

describeMongo('the desk, statements and outcomes on MongoDB', () => {
  let fresh: FreshMongo;
  let store: Store;
  const sub: Record<string, Awaited<ReturnType<typeof inProcess>>> = {};

  beforeAll(async () => {
    fresh = await freshMongoStore();
    await seed({ uri: fresh.uri, scale: { persons: 20, enterprises: 5, merchants: 5, couriers: 5, listEntries: 0 }, batchSize: 500 });
    store = await openStore({ mongodbUri: fresh.uri, indexes: INDEXES });
    for (const name of ['persons', 'sanctions'] as const) sub[name] = await inProcess(SUBGRAPHS[name], store);
  }, 120_000);
  afterAll(async () => {
    for (const s of Object.values(sub)) await s.stop();
    await store?.close();
    await fresh?.dispose();
  });

  const ok = (res: { data?: any; errors?: any[] }) => {
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };
  const persons = (viewer: Parameters<(typeof sub)['persons']['run']>[0], query: string, variables?: Record<string, unknown>) => sub.persons!.run(viewer, query, variables);

  it('pages the open objections with their counts, and rejects a repair request', async () => {
    const filed = ok(await persons(viewers.self(刘洋), /* GraphQL */ `mutation { fileObjection(factRef: "云集黑〔2026〕0042号", reason: "非本人") { ref } }`)).fileObjection.ref;
    const page = ok(await persons(viewers.regulator, /* GraphQL */ `{ openObjections(limit: 1) { total overdue nextOffset items { ref } } }`)).openObjections;
    expect(page).toEqual({ total: 2, overdue: 0, nextOffset: 1, items: [{ ref: 'OBJ-2026-0193' }] });
    const second = ok(await persons(viewers.regulator, /* GraphQL */ `{ openObjections(offset: 1, filter: { dueBy: "2026-12-31" }) { total items { ref } } }`)).openObjections;
    expect(second).toEqual({ total: 2, items: [{ ref: filed }] });

    const requested = ok(await persons(viewers.self(刘洋), /* GraphQL */ `mutation { requestRepair(factRef: "EV-2026-0042", statement: "已整改") { ref } }`)).requestRepair.ref;
    expect(ok(await persons(viewers.regulator, /* GraphQL */ `{ pendingRepairs(filter: { subject: "${刘洋}" }) { total items { ref } } }`)).pendingRepairs).toEqual({ total: 1, items: [{ ref: requested }] });
    ok(await persons(viewers.regulator, /* GraphQL */ `mutation { rejectRepair(ref: "${requested}", reason: "材料不全") { status } }`));
    expect(ok(await persons(viewers.regulator, /* GraphQL */ `{ pendingRepairs { total } }`)).pendingRepairs.total).toBe(0);
  });

  it('attaches and replaces a statement, and the sanctions subgraph shows it with a corrected basis', async () => {
    const ATTACH = /* GraphQL */ `mutation($s: String!) { attachStatement(factRef: "云集黑〔2026〕0042号", statement: $s) { version madeAt updatedAt } }`;
    expect(ok(await persons(viewers.self(刘洋), ATTACH, { s: '第一稿' })).attachStatement).toEqual({ version: 1, madeAt: TODAY, updatedAt: TODAY });
    expect(ok(await persons(viewers.self(刘洋), ATTACH, { s: '第二稿' })).attachStatement.version).toBe(2);
    const open = ok(await persons(viewers.regulator, /* GraphQL */ `{ openObjections(filter: { subject: "${刘洋}" }) { items { ref } } }`)).openObjections.items[0].ref;
    ok(await persons(viewers.regulator, /* GraphQL */ `mutation { resolveObjection(ref: "${open}", outcome: CORRECTED, reason: "更正", corrections: [{ field: "basis", value: "更正后的依据" }]) { status } }`));
    const entry = ok(await sub.sanctions!.run(viewers.regulator, /* GraphQL */ `{ sanctionEntry(ref: "云集黑〔2026〕0042号") { basis statement { text version } corrections { field value } } }`)).sanctionEntry;
    expect(entry).toEqual({ basis: '更正后的依据', statement: { text: '第二稿', version: 2 }, corrections: [{ field: 'basis', value: '更正后的依据' }] });
  });

  it('keeps both grants of one day, and searches the audit log by subject, purpose and period', async () => {
    const GRANT = /* GraphQL */ `mutation($e: String!) { grantConsent(input: { client: "bank-jinling", purpose: "LOAN_UNDERWRITING", expiresAt: $e }) { id effect } }`;
    const a = ok(await persons(viewers.self(周强), GRANT, { e: '2027-03-31' })).grantConsent;
    const b = ok(await persons(viewers.self(周强), GRANT, { e: '2027-01-31' })).grantConsent;
    expect([a.effect, b.effect]).toEqual(['NEW', 'SHORTENED']);
    expect(await store.collection('consents').count({ subject: 周强, client: 'bank-jinling' })).toBe(2);

    const SEARCH = /* GraphQL */ `query($f: AuditRecordsFilter) { auditRecords(filter: $f, limit: 500) { total items { action target } } }`;
    const changes = ok(await persons(viewers.regulator, SEARCH, { f: { subject: 周强, purpose: 'SELF_ACCESS', from: TODAY, to: TODAY } })).auditRecords;
    expect(changes.items.filter((i: any) => i.action === 'grantConsent').map((i: any) => i.target).sort()).toEqual([a.id, b.id].sort());
    expect(ok(await persons(viewers.regulator, SEARCH, { f: { subject: 周强, from: '2026-11-28' } })).auditRecords.total).toBe(0);
    expect(ok(await persons(viewers.regulator, SEARCH, { f: { subject: 张伟, client: 'nobody' } })).auditRecords.total).toBe(0);
  });
});

/**
 * The regulator's anomaly report on MongoDB (FerretDB in CI): the records real answers leave in
 * the store — consent states beside each subject, screening calls' own records — are scanned by
 * period through the MongoDB adapter and give the same report as on the embedded store, paged and
 * filtered; the licences come from the registry in the same database. Skipped without MONGODB_URI.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { INDEXES } from '../../subgraphs/collections.ts';
import { ANOMALY_RULES } from '../../subgraphs/persons/services/anomalies.ts';
import { makeCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import { openStore } from '../../subgraphs/shared/platform/store/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { ClientRegistry } from '../../subgraphs/shared/wire/registry.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';
import { seed } from '../fixtures/seed/cli.ts';
import { TODAY } from '../support/hub.ts';
import { describeMongo, freshMongoStore, type FreshMongo } from '../support/mongo.ts';
import { inProcess, viewers } from '../support/subgraph.ts';

const 张伟 = '320502198203174715';
const 王建国 = '320106197805123519';

const walker: Viewer = { kind: 'CLIENT', client: 'developer-walker', clientKind: 'DEVELOPER', purpose: 'PUBLIC' };
const fishing: Viewer = { kind: 'CLIENT', client: 'bank-fishing', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' };
const burst: Viewer = { kind: 'CLIENT', client: 'platform-burst', clientKind: 'PLATFORM', purpose: 'MERCHANT_ONBOARDING' };
const night: Viewer = { kind: 'CLIENT', client: 'bank-night', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' };

describeMongo('the anomaly report on MongoDB', () => {
  let fresh: FreshMongo;
  let store: Store;
  const sub: Record<string, Awaited<ReturnType<typeof inProcess>>> = {};
  const walked = Array.from({ length: ANOMALY_RULES.enumerationMinIds + 1 }, (_, i) => makeCitizenId('320104', '1991-03-05', 200 + i));

  beforeAll(async () => {
    fresh = await freshMongoStore();
    await seed({ uri: fresh.uri, scale: { persons: 40, enterprises: 5, merchants: 5, couriers: 5, listEntries: 0 }, batchSize: 500 });
    store = await openStore({ mongodbUri: fresh.uri, indexes: INDEXES });
    for (const name of ['persons', 'sanctions'] as const) sub[name] = await inProcess(SUBGRAPHS[name], store);
    // the subgraphs' clock stands at noon in Beijing: a licence from 13:00 puts the bank outside it
    const registry = new ClientRegistry(store);
    await registry.add({ id: 'bank-night', name: '夜行银行', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'], licensedHours: { from: '13:00', to: '20:00' }, licensedRegions: ['3201'] }, 'test');

    const NAMES = /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { name } }`;
    await sub.persons!.run(walker, NAMES, { c: walked });
    const fished = (await store.collection('persons').find({}, { fields: ['_id'], sort: { _id: 1 } })).map((p) => p._id).filter((c) => ![张伟, 王建国].includes(c)).slice(0, ANOMALY_RULES.noConsentMinSubjects);
    expect(fished).toHaveLength(ANOMALY_RULES.noConsentMinSubjects);
    await sub.persons!.run(fishing, NAMES, { c: fished });
    for (let i = 0; i < ANOMALY_RULES.screeningBurstMinCalls; i++) await sub.sanctions!.run(burst, /* GraphQL */ `{ screen(subjects: [{ name: "测试${i}" }]) { hits { ref } } }`);
    await sub.persons!.run(night, NAMES, { c: [王建国, 张伟] });
    // the well-behaved: a bank reading its consented applicants, a platform screening twice
    await sub.persons!.run(viewers.bank, NAMES, { c: [王建国, 张伟] });
    for (let i = 0; i < 2; i++) await sub.sanctions!.run(viewers.platform, /* GraphQL */ `{ screen(subjects: [{ name: "刘洋" }]) { hits { ref } } }`);
  }, 120_000);
  afterAll(async () => {
    for (const s of Object.values(sub)) await s.stop();
    await store?.close();
    await fresh?.dispose();
  });

  const REPORT = /* GraphQL */ `query($f: AnomalyFilter, $o: Int, $l: Int) { clientAnomalies(filter: $f, offset: $o, limit: $l) { total scanned nextOffset items { client anomalies { kind count requests evidence { pattern key count } } } } }`;
  const report = async (f: Record<string, unknown>, o?: number, l?: number) => {
    const res = await sub.persons!.run(viewers.regulator, REPORT, { f, o, l });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data.clientAnomalies;
  };
  const kinds = (r: any) => Object.fromEntries(r.items.map((i: any) => [i.client, i.anomalies.map((a: any) => a.kind)]));

  it('finds each misbehaving client from the records in the store, and no well-behaved one', async () => {
    const r = await report({ from: TODAY, to: TODAY });
    expect(kinds(r)).toEqual({
      'bank-night': ['OUTSIDE_HOURS', 'OUTSIDE_REGIONS'],
      'bank-fishing': ['NO_CONSENT'],
      'developer-walker': ['ENUMERATION'],
      'platform-burst': ['SCREENING_BURST'],
    });
    const byClient = Object.fromEntries(r.items.map((i: any) => [i.client, i.anomalies]));
    expect(byClient['developer-walker'][0]).toMatchObject({ count: walked.length, evidence: [{ pattern: 'SERIAL', key: '320104************', count: walked.length }] });
    expect(byClient['bank-fishing'][0]).toMatchObject({ count: ANOMALY_RULES.noConsentMinSubjects, evidence: [{ pattern: 'NONE', count: ANOMALY_RULES.noConsentMinSubjects }] });
    expect(byClient['platform-burst'][0]).toMatchObject({ count: ANOMALY_RULES.screeningBurstMinCalls, evidence: [{ pattern: 'WINDOW', count: ANOMALY_RULES.screeningBurstMinCalls }] });
    expect(byClient['bank-night']).toMatchObject([
      { kind: 'OUTSIDE_HOURS', evidence: [{ pattern: 'HOUR', key: '12:00', count: 1 }] },
      { kind: 'OUTSIDE_REGIONS', evidence: [{ pattern: 'DIVISION', key: '320502', count: 1 }] },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/\d{17}[\dX]/);
  });

  it('pages and filters by client, kind and period', async () => {
    const first = await report({ from: TODAY, to: TODAY }, 0, 3);
    const rest = await report({ from: TODAY, to: TODAY }, 3, 3);
    expect([first.total, rest.total, first.nextOffset, rest.nextOffset]).toEqual([4, 4, 3, null]);
    expect([...first.items, ...rest.items].map((i: any) => i.client)).toEqual(['bank-night', 'bank-fishing', 'developer-walker', 'platform-burst']);
    expect(kinds(await report({ client: 'platform-burst' }))).toEqual({ 'platform-burst': ['SCREENING_BURST'] });
    expect(kinds(await report({ kind: 'OUTSIDE_HOURS' }))).toEqual({ 'bank-night': ['OUTSIDE_HOURS'] });
    expect(await report({ from: '2026-11-01', to: '2026-11-26' })).toMatchObject({ total: 0, scanned: 0 });
  });
});

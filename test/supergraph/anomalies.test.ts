/**
 * The regulator's anomaly report through the whole hub (issue 13, item 5). Misbehaving clients
 * make real requests — one walks the birth dates behind a masked ID and the people born on one day
 * in one district, one reads files it holds no consent for, one screens in a burst, one asks at
 * night and about a city outside its licence — and each is reported for exactly what it did, with
 * evidence that holds no full ID, name or fact value; well-behaved clients doing the same things
 * in moderation are not reported. Paged, filtered by client, kind and period; refused alike to
 * everyone but the regulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCredentialsToken } from '../../gateway/dev/tokens.ts';
import { addDays, calendarDay, type Clock } from '../../subgraphs/shared/platform/clock.ts';
import { makeCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import { ClientRegistry, type NewClient } from '../../subgraphs/shared/wire/registry.ts';
import { ANOMALY_RULES } from '../../subgraphs/persons/services/anomalies.ts';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import { startTestHub, TODAY, type GraphQLBody, type TestHub } from '../support/hub.ts';

const REGULATOR = 'regulator-jiangsu-credit';
const 张伟 = '320502198203174715';
const 王建国 = '320106197805123519';
const 李梅 = '320102198509231629';
const TZ = 'Asia/Shanghai';

/** The hub's clock, moved by the test: noon in Beijing on the showcase's day to start with. */
let now = Date.parse(`${TODAY}T04:00:00Z`);
const clock: Clock = { now: () => new Date(now), today: () => calendarDay(now, TZ), timeZone: TZ };
const at = (beijing: string) => (now = Date.parse(`${TODAY}T${beijing}:00+08:00`));

let t: TestHub;
const tokens = new Map<string, string>();

/** A client of the test's own, registered in the hub's registry, with a token. */
async function register(c: NewClient): Promise<void> {
  const { secret } = await new ClientRegistry(t.store).add(c, 'test-operator');
  tokens.set(c.id, await clientCredentialsToken(t.issuer.tokenEndpoint, c.id, secret));
}

async function ask<T = any>(asker: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLBody<T>> {
  const token = tokens.get(asker);
  if (!token) return t.query(asker, query, variables);
  const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, ...((await res.json()) as object) } as GraphQLBody<T>;
}

function data<T = any>(res: GraphQLBody<T>): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

/** Valid citizen IDs sharing 李梅's masked form 320102********1629: only the birth date differs. */
function sharingMaskedForm(n: number): string[] {
  const out: string[] = [];
  for (let day = Date.parse('1960-01-01'); out.length < n; day += 86_400_000) {
    const id = makeCitizenId('320102', new Date(day).toISOString().slice(0, 10), 162);
    if (id.endsWith('1629') && id !== 李梅) out.push(id);
  }
  return out;
}

/** Valid citizen IDs sharing their first 14 characters: only the sequence and check differ. */
const sharingBirth = (n: number) => Array.from({ length: n }, (_, i) => makeCitizenId('320104', '1991-03-05', 100 + i));

const REPORT = /* GraphQL */ `query($f: AnomalyFilter, $o: Int, $l: Int) {
  clientAnomalies(filter: $f, offset: $o, limit: $l) {
    from to scanned total offset nextOffset
    items { client clientKind anomalies { kind rule count requests first last groups evidence { pattern key count requests first last examples } } }
  }
}`;
const report = async (f: Record<string, unknown> = { from: TODAY, to: TODAY }, o?: number, l?: number) => data(await ask(REGULATOR, REPORT, { f, o, l })).clientAnomalies;
const kindsOf = (r: any): Record<string, string[]> => Object.fromEntries(r.items.map((i: any) => [i.client, i.anomalies.map((a: any) => a.kind)]));
const anomaly = (r: any, client: string, kind: string) => r.items.find((i: any) => i.client === client)?.anomalies.find((a: any) => a.kind === kind);

const masked = sharingMaskedForm(ANOMALY_RULES.enumerationMinIds + 5);
const serial = sharingBirth(ANOMALY_RULES.enumerationMinIds + 2);
let fished: string[] = [];
let fishingRequest = '';

beforeAll(async () => {
  t = await startTestHub({ clock });
  await register({ id: 'developer-walker', name: '遍历者', kind: 'DEVELOPER', purposes: ['PUBLIC'] });
  await register({ id: 'bank-fishing', name: '撒网银行', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] });
  await register({ id: 'platform-burst', name: '连筛平台', kind: 'PLATFORM', purposes: ['MERCHANT_ONBOARDING'] });
  await register({ id: 'bank-night', name: '夜行银行', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'], licensedHours: { from: '08:00', to: '20:00' }, licensedRegions: ['3201'] });
  await register({ id: 'bank-daytime', name: '守时银行', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'], licensedHours: { from: '08:00', to: '20:00' }, licensedRegions: ['32'] });

  at('12:00');
  // the enumerating client: birth dates behind a masked ID in one request, the people of one birthday in another
  // (every name is withheld from the public: the walk is recorded all the same)
  for (const c of [masked, serial]) expect((await ask('developer-walker', /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { name } }`, { c })).data.persons).toHaveLength(c.length);
  // a bank reading files it holds no consent for, with fields of every owner
  const synthetic = await t.store.collection('persons').find({}, { sort: { _id: 1 }, limit: 200, fields: ['_id'] });
  fished = synthetic.map((p) => p._id).filter((c) => c.startsWith('32') && ![张伟, 王建国, 李梅].includes(c)).slice(0, ANOMALY_RULES.noConsentMinSubjects + 4);
  const fishing = await ask('bank-fishing', /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { name enterpriseRoles { role } merchants { id } courierProfile { since } sanctions { taxViolations { ref } } } }`, { c: fished });
  expect(fishing.status).toBe(200);
  fishingRequest = fishing.extensions!.requestId as string;
  // a platform screening one name a second
  for (let i = 0; i < ANOMALY_RULES.screeningBurstMinCalls + 5; i++) {
    now += 1000;
    data(await ask('platform-burst', /* GraphQL */ `query($n: String!) { screen(subjects: [{ name: $n }]) { hits { ref } } }`, { n: `测试${i}` }));
  }
  // within its hours, about Nanjing (its licence), then about Suzhou; then at night
  at('14:00');
  await ask('bank-night', /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { name } }`, { c: 王建国 });
  await ask('bank-night', /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { name } }`, { c: 张伟 });
  at('23:30');
  await ask('bank-night', /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { name } }`, { c: 王建国 });

  // the well-behaved: the same things in moderation
  at('10:00');
  for (const c of [张伟, 王建国]) data(await ask('bank-jinling', /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { name financialDefaults { ref } } }`, { c }));
  // as many applicants as the fishing bank read, each of whom consented: read in one batch
  const applicants = synthetic.map((p) => p._id).filter((c) => c.startsWith('32') && !fished.includes(c) && ![张伟, 王建国, 李梅].includes(c)).slice(0, fished.length);
  for (const c of applicants) {
    data(await t.query(c, /* GraphQL */ `mutation { grantConsent(input: { client: "bank-jinling", purpose: "LOAN_UNDERWRITING", expiresAt: "2027-06-30" }) { state } }`));
  }
  data(await ask('bank-jinling', /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { name financialDefaults { ref } } }`, { c: applicants }));
  expect((await ask('developer-sandbox', /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { name } }`, { c: [...masked.slice(0, 3), ...serial.slice(0, 3)] })).data.persons).toHaveLength(6);
  for (let i = 0; i < 6; i++) {
    now += 30_000;
    data(await ask('platform-yunji', /* GraphQL */ `{ screen(subjects: [{ name: "刘洋" }, { name: "李梅" }]) { hits { ref } } }`));
  }
  await ask('bank-daytime', /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { name } }`, { c: 张伟 });
  at('19:59');
  await ask('bank-daytime', /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { name } }`, { c: 王建国 });
  at('12:30');
}, 120_000);
afterAll(() => t?.stop());

describe('each misbehaving client is reported for what it did, and no well-behaved one', () => {
  it('names exactly the misbehaving clients, each with its kinds', async () => {
    const r = await report();
    expect(kindsOf(r)).toEqual({
      'bank-night': ['OUTSIDE_HOURS', 'OUTSIDE_REGIONS'],
      'bank-fishing': ['NO_CONSENT'],
      'developer-walker': ['ENUMERATION'],
      'platform-burst': ['SCREENING_BURST'],
    });
    expect(r).toMatchObject({ from: TODAY, to: TODAY, total: 4, offset: 0, nextOffset: null });
    expect(r.scanned).toBeGreaterThan(40);
    expect(r.items.map((i: any) => [i.client, i.clientKind])).toContainEqual(['bank-night', 'BANK']);
  });

  it('ENUMERATION: the masked form walked, and the people of one birthday walked, without their birth date', async () => {
    const e = anomaly(await report(), 'developer-walker', 'ENUMERATION');
    expect(e).toMatchObject({ count: masked.length + serial.length, requests: 2, groups: 2 });
    expect(e.evidence).toEqual([
      { pattern: 'MASKED_FORM', key: '320102********1629', count: masked.length, requests: 1, first: expect.any(String), last: expect.any(String), examples: [] },
      { pattern: 'SERIAL', key: '320104************', count: serial.length, requests: 1, first: expect.any(String), last: expect.any(String), examples: serial.slice(0, 5).map((c) => `${c.slice(0, 6)}********${c.slice(-4)}`) },
    ]);
    expect(e.rule).toContain(String(ANOMALY_RULES.enumerationMinIds));
  });

  it('NO_CONSENT: the persons read without consent, counted once across the five owners that recorded them', async () => {
    const records = await t.store.collection('queryRecords').find({ requestId: fishingRequest });
    expect(new Set(records.map((r) => r.subgraph))).toEqual(new Set(['persons', 'enterprises', 'ecommerce', 'couriers', 'sanctions']));
    for (const r of records) expect(new Set(r.consentStates), r.subgraph).toEqual(new Set(['NONE']));
    const e = anomaly(await report(), 'bank-fishing', 'NO_CONSENT');
    expect(e).toMatchObject({ count: fished.length, requests: 1, groups: 1 });
    expect(e.evidence).toEqual([{ pattern: 'NONE', key: 'NONE', count: fished.length, requests: 1, first: expect.any(String), last: expect.any(String), examples: [] }]);
  });

  it('SCREENING_BURST: the calls of the burst and the names they screened, the slow screenings of another platform not', async () => {
    const e = anomaly(await report(), 'platform-burst', 'SCREENING_BURST');
    const calls = ANOMALY_RULES.screeningBurstMinCalls + 5;
    expect(e).toMatchObject({ count: calls, requests: calls, groups: 1 });
    expect(e.evidence[0]).toMatchObject({ pattern: 'WINDOW', count: calls, requests: calls, key: e.evidence[0].first });
    expect(Date.parse(e.last) - Date.parse(e.first)).toBe((calls - 1) * 1000);
  });

  it('OUTSIDE_HOURS and OUTSIDE_REGIONS: the request at 23:30 Beijing time, the person of Suzhou; a request at 19:59 is within 08:00-20:00', async () => {
    const r = await report();
    const hours = anomaly(r, 'bank-night', 'OUTSIDE_HOURS');
    expect(hours).toMatchObject({ count: 1, requests: 1, rule: expect.stringContaining('08:00-20:00 (Asia/Shanghai)') });
    expect(hours.evidence).toEqual([{ pattern: 'HOUR', key: '23:00', count: 1, requests: 1, first: `${addDays(TODAY, 0)}T15:30:00.000Z`, last: `${TODAY}T15:30:00.000Z`, examples: [] }]);
    const regions = anomaly(r, 'bank-night', 'OUTSIDE_REGIONS');
    expect(regions).toMatchObject({ count: 1, requests: 1, rule: expect.stringContaining('3201') });
    expect(regions.evidence).toEqual([expect.objectContaining({ pattern: 'DIVISION', key: '320502', count: 1 })]);
  });

  it('the evidence holds no full ID, no name and no fact value', async () => {
    const text = JSON.stringify(await report());
    expect(text).not.toMatch(/\d{17}[\dX]/);
    for (const name of [...showcase.persons.map((p: any) => p.name), '遍历者', '撒网银行']) expect(text, name).not.toContain(name);
  });
});

describe('paged and filtered', () => {
  it('pages through the clients with the same total on every page, each once, the most kinds first', async () => {
    const seen: string[] = [];
    for (let o: number | null = 0; o !== null; ) {
      const page = await report({ from: TODAY, to: TODAY }, o, 1);
      expect(page).toMatchObject({ total: 4, offset: o });
      expect(page.items).toHaveLength(1);
      seen.push(page.items[0].client);
      o = page.nextOffset;
    }
    expect(seen).toEqual(['bank-night', 'bank-fishing', 'developer-walker', 'platform-burst']);
  });

  it('by client, by kind and by period', async () => {
    expect(kindsOf(await report({ client: 'bank-night' }))).toEqual({ 'bank-night': ['OUTSIDE_HOURS', 'OUTSIDE_REGIONS'] });
    expect(kindsOf(await report({ client: 'bank-jinling' }))).toEqual({});
    expect(kindsOf(await report({ kind: 'OUTSIDE_REGIONS' }))).toEqual({ 'bank-night': ['OUTSIDE_REGIONS'] });
    expect(kindsOf(await report({ kind: 'NO_CONSENT', client: 'developer-walker' }))).toEqual({});
    // the default period is the last 7 days, today included
    expect(await report({})).toMatchObject({ from: addDays(TODAY, -6), to: TODAY, total: 4 });
    expect(await report({ from: addDays(TODAY, -3), to: addDays(TODAY, -1) })).toMatchObject({ total: 0, scanned: 0, items: [] });
    expect(await report({ from: addDays(TODAY, 1), to: addDays(TODAY, 2) })).toMatchObject({ total: 0, items: [] });
  });

  it('refuses a period longer than 31 days, a reversed one, and a bad page, saying what to fix', async () => {
    const long = await ask(REGULATOR, REPORT, { f: { from: addDays(TODAY, -31), to: TODAY } });
    expect(long.errors?.[0]).toMatchObject({ message: expect.stringContaining('at most 31'), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) });
    const reversed = await ask(REGULATOR, REPORT, { f: { from: TODAY, to: addDays(TODAY, -1) } });
    expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const page = await ask(REGULATOR, REPORT, { l: 501 });
    expect(page.errors?.[0]?.message).toMatch(/limit must be from 1 to 500/);
  });
});

describe('the report answers the regulator alone', () => {
  it('FORBIDDEN naming who may ask, the same whatever the filter names', async () => {
    const others = [...showcase.clients.map((c) => c.id).filter((id) => id !== REGULATOR), 'bank-night', 'developer-walker', 张伟, 李梅];
    const strip = (res: GraphQLBody<unknown>) => {
      const { requestId: _r, ...ext } = res.extensions ?? {};
      return JSON.stringify({ status: res.status, data: res.data, errors: res.errors, extensions: ext });
    };
    for (const asker of others) {
      const [a, b] = await Promise.all([{ client: 'bank-night' }, { client: 'bank-jinling' }].map((f) => ask(asker, REPORT, { f })));
      expect(a!.data?.clientAnomalies ?? null, asker).toBeNull();
      expect(a!.errors, asker).toEqual([expect.objectContaining({ message: 'clientAnomalies is for a regulator acting under SUPERVISION only.', extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
      expect(strip(a!), asker).toBe(strip(b!));
    }
  });
});

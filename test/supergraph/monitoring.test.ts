/**
 * Monitoring (贷后监控, issue 14 item 3) through the whole hub: a bank registers its endpoint and
 * watches its consenting borrowers; an authority publishes; the worker delivers the change to a
 * real local HTTP endpoint, signed per Standard Webhooks, retried after a failure, a dead letter
 * after the last attempt; a watch ends with its consent; a platform is told only what its column
 * allows; the pull feed; a stopped worker loses nothing.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MonitorWorker, type WorkerOptions } from '../../subgraphs/persons/monitor/worker.ts';
import { FEED_SETTLE_MS } from '../../subgraphs/persons/services/monitoring.ts';
import { fixedClock } from '../../subgraphs/shared/platform/clock.ts';
import { makeCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import { startTestHub, TODAY, type GraphQLBody, type TestHub } from '../support/hub.ts';

const BANK = 'bank-jinling';
const PLATFORM = 'platform-yunji';
const EMPLOYER = 'employer-suzhou-hr';
const COURT = 'court-nanjing-intermediate';
const TAX = 'tax-jiangsu-inspection';
/** consented to the bank (showcase) */
const 王建国 = '320106197805123519';
const 张伟 = '320502198203174715';
/** has a file, no consent to the bank */
const 李梅 = '320102198509231629';
/** consented to the platform (showcase) */
const 刘洋 = '320583199001011531';
/** valid, no file */
const NO_FILE = '11010519491231002X';
/** a borrower whose consent to the bank ends on 2026-11-30 */
const 短期 = makeCitizenId('320106', '1988-08-08', 411);

const REGISTER = /* GraphQL */ `mutation($url: String!) { registerWebhook(url: $url) { url secret createdAt } }`;
const WATCH = /* GraphQL */ `mutation($c: [ID!]!) { watch(input: { creditCodes: $c }) { watches { id creditCode purpose status } refused } }`;
const WATCHES = /* GraphQL */ `query { watches(first: 100) { total items { creditCode status endReason } nextCursor } }`;
const PUBLISH = /* GraphQL */ `mutation($l: ListingInput!) { publishListing(listing: $l) { ref outcome version } }`;
const FEED = /* GraphQL */ `query($since: String) { changes(since: $since, limit: 100) { items { id type creditCode payload delivery } cursor } }`;

function courtListing(ref: string, subject: string, name: string) {
  return {
    ref,
    list: 'DISHONEST_JUDGMENT_DEBTOR',
    subjectCode: subject,
    subjectName: name,
    basis: '有履行能力而拒不履行生效法律文书确定义务',
    obligation: '偿还借款本息 86,000 元',
    severity: 'SERIOUS',
    listedAt: '2026-11-20',
    displayUntil: null,
    measures: ['HIGH_CONSUMPTION', 'AIR_TRAVEL'],
    sourceDocument: `${ref}决定书`,
  };
}

// ---------- a bank's receiver: a real HTTP server on a free port ----------

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
let server: Server;
let receiverUrl: string;
let received: Received[] = [];
/** the statuses the next requests get, in order; 204 once used up */
let replies: number[] = [];

let t: TestHub;
let secret: string;

function data<T = any>(res: GraphQLBody<T>): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

const fast: Partial<WorkerOptions> = { pollMs: 20, backoffMs: 1, maxBackoffMs: 2, attempts: 3, allowPrivate: true, allowHttp: true, timeoutMs: 5_000, leaseMs: 60_000 };
const worker = (day = TODAY, options: Partial<WorkerOptions> = {}) => new MonitorWorker(t.store, fixedClock(day), { ...fast, ...options });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** As if FEED_SETTLE_MS had passed since these deliveries were made. */
async function settle(subject: string, client: string) {
  for (const d of await deliveriesTo(subject, client)) {
    await t.store.collection('deliveries').updateOne({ _id: d._id }, { $set: { createdAt: new Date(Date.parse(d.createdAt) - FEED_SETTLE_MS - 1).toISOString() } });
  }
}

async function deliveriesTo(subject: string, client = BANK) {
  return t.store.collection('deliveries').find({ subject, client }, { sort: { createdAt: 1 } });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = replies.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/credithub`;
  t = await startTestHub();
  await t.store.collection('persons').insertOne({ _id: 短期, creditCode: 短期, name: '短期', gender: 'MALE', birthDate: '1988-08-08', phone: '13800000000', address: '南京市鼓楼区', occupations: [] });
  await t.store.collection('consents').insertOne({ _id: `${短期}:${BANK}:LOAN_UNDERWRITING:2026-11-01`, subject: 短期, client: BANK, purpose: 'LOAN_UNDERWRITING', grantedAt: '2026-11-01', expiresAt: '2026-11-30' });
  secret = data(await t.query(BANK, REGISTER, { url: receiverUrl })).registerWebhook.secret;
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await new Promise((r) => server?.close(r));
});
beforeEach(() => {
  received = [];
  replies = [];
});

describe('registering an endpoint and watches', () => {
  it('answers a Standard Webhooks secret once; refuses a URL that is not http(s), and callers that may not monitor', async () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(data(await t.query(BANK, /* GraphQL */ `{ webhookEndpoint { url } }`)).webhookEndpoint).toEqual({ url: receiverUrl });
    for (const url of ['ftp://example.com/x', 'not a url', 'https://user:pw@example.com/x']) {
      const res = await t.query(BANK, REGISTER, { url });
      expect(res.errors?.[0]?.extensions?.code, url).toBe('BAD_USER_INPUT');
    }
    const employer = await t.query(EMPLOYER, REGISTER, { url: receiverUrl });
    expect(employer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(employer.data?.registerWebhook).toBeNull();
  });

  it('watches only borrowers with a consent in force; a file without consent and no file at all are refused alike', async () => {
    const res = data(await t.query(BANK, WATCH, { c: [王建国, 李梅, NO_FILE, 短期, 张伟] }));
    expect(res.watch.watches.map((w: any) => [w.creditCode, w.purpose, w.status])).toEqual([
      [王建国, 'LOAN_UNDERWRITING', 'ACTIVE'],
      [短期, 'LOAN_UNDERWRITING', 'ACTIVE'],
      [张伟, 'LOAN_UNDERWRITING', 'ACTIVE'],
    ]);
    expect(res.watch.refused).toEqual([李梅, NO_FILE]);
    // asked alone, a person with a file and no consent, and a code with no file, get the same answer
    const [withFile, withoutFile] = await Promise.all([李梅, NO_FILE].map((c) => t.query(BANK, WATCH, { c: [c] })));
    const same = (r: GraphQLBody<unknown>, id: string) => JSON.stringify({ ...r, extensions: { ...r.extensions, requestId: undefined } }).split(id).join('<ID>');
    expect(same(withFile!, 李梅)).toBe(same(withoutFile!, NO_FILE));
    // watching again changes nothing
    expect(data(await t.query(BANK, WATCH, { c: [王建国] })).watch.watches).toEqual([res.watch.watches[0]]);
    expect(data(await t.query(BANK, WATCHES)).watches.total).toBe(3);
  });

  it('an employer may not watch at all (screening is not monitoring); an invalid ID is BAD_USER_INPUT', async () => {
    expect((await t.query(EMPLOYER, WATCH, { c: [张伟] })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await t.query(BANK, WATCH, { c: ['320106197805123510'] });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('a watch fires on a published listing', () => {
  it('delivers a signed webhook to the endpoint, with what the bank may read, and writes the borrower’s audit record', async () => {
    const ref = '(2026)苏01执901号';
    data(await t.query(COURT, PUBLISH, { l: courtListing(ref, 王建国, '王建国') }));
    const r = await worker().tick();
    expect(r).toMatchObject({ delivered: 1, failed: 0 });
    expect(received).toHaveLength(1);
    const [hit] = received;
    const h = hit!.headers as Record<string, string>;
    // verified by the library, and by hand: HMAC-SHA256 of "id.timestamp.body" under the secret's key
    expect(new Webhook(secret).verify(hit!.body, h)).toEqual(JSON.parse(hit!.body));
    const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${h['webhook-id']}.${h['webhook-timestamp']}.${hit!.body}`).digest('base64');
    expect(h['webhook-signature']).toBe(`v1,${expected}`);
    expect(() => new Webhook(secret).verify(hit!.body.replace('AIR_TRAVEL', 'NOTHING'), h)).toThrow();
    const body = JSON.parse(hit!.body);
    expect(body).toMatchObject({
      type: 'credithub.listed',
      data: { creditCode: 王建国, class: 'COURT_LIST', fact: { ref, list: 'DISHONEST_JUDGMENT_DEBTOR', authority: '南京市中级人民法院', severity: 'SERIOUS', measures: ['AIR_TRAVEL', 'HIGH_CONSUMPTION'] } },
    });
    const [delivery] = await deliveriesTo(王建国);
    expect(delivery).toMatchObject({ _id: h['webhook-id'], status: 'DELIVERED', attempts: 1 });
    const records = await t.store.collection('queryRecords').find({ subjects: 王建国, client: BANK, subgraph: 'persons', classes: 'COURT_LIST' });
    expect(records.map((x) => [x.purpose, x.consents[x.subjects.indexOf(王建国)]])).toEqual([['LOAN_UNDERWRITING', `${王建国}:${BANK}:LOAN_UNDERWRITING:2026-11-01`]]);
  });

  it('a publication sent again makes no second event and no second delivery', async () => {
    const ref = '(2026)苏01执901号';
    expect(data(await t.query(COURT, PUBLISH, { l: courtListing(ref, 王建国, '王建国') })).publishListing.outcome).toBe('UNCHANGED');
    await worker().tick();
    expect(received).toHaveLength(0);
    expect(await deliveriesTo(王建国)).toHaveLength(1);
  });

  it('retries after a 500, with the same webhook-id', async () => {
    replies = [500];
    data(await t.query(COURT, PUBLISH, { l: courtListing('(2026)苏01执902号', 王建国, '王建国') }));
    const w = worker();
    expect(await w.tick()).toMatchObject({ delivered: 0, failed: 1 });
    await pause(10);
    expect(await w.tick()).toMatchObject({ delivered: 1, failed: 0 });
    expect(received.map((r) => r.headers['webhook-id'])).toEqual([received[0]!.headers['webhook-id'], received[0]!.headers['webhook-id']]);
    const d = (await deliveriesTo(王建国)).find((x) => x._id === received[0]!.headers['webhook-id']);
    expect(d).toMatchObject({ status: 'DELIVERED', attempts: 2, lastError: 'HTTP 500' });
  });

  it('after the last attempt, a dead letter: listed for the bank, and delivered again when it asks', async () => {
    replies = [500, 503, 500];
    data(await t.query(COURT, PUBLISH, { l: courtListing('(2026)苏01执903号', 王建国, '王建国') }));
    const w = worker();
    for (let i = 0; i < 4; i++) {
      await w.tick();
      await pause(10);
    }
    expect(received).toHaveLength(3);
    const dead = data(await t.query(BANK, /* GraphQL */ `{ deadLetters { id type delivery attempts lastError } }`)).deadLetters;
    expect(dead).toEqual([{ id: received[0]!.headers['webhook-id'], type: 'LISTED', delivery: 'DEAD', attempts: 3, lastError: 'HTTP 500' }]);
    expect(data(await t.query(BANK, /* GraphQL */ `mutation($ids: [ID!]!) { redeliver(ids: $ids) }`, { ids: [dead[0].id] })).redeliver).toBe(1);
    expect(await w.tick()).toMatchObject({ delivered: 1 });
    expect(data(await t.query(BANK, /* GraphQL */ `{ deadLetters { id } }`)).deadLetters).toEqual([]);
  });
});

describe('a watch ends with the consent', () => {
  it('when the borrower revokes it: at once, and nothing is delivered after', async () => {
    // a change made before the revocation, not yet delivered when it comes
    data(await t.query(COURT, PUBLISH, { l: courtListing('(2026)苏01执910号', 张伟, '张伟') }));
    await worker().fanOut();
    const revoked = await t.query(张伟, /* GraphQL */ `mutation($id: ID!) { revokeConsent(id: $id) { revokedAt } }`, { id: `${张伟}:${BANK}:LOAN_UNDERWRITING:2026-10-15` });
    data(revoked);
    const watches = data(await t.query(BANK, WATCHES)).watches.items;
    expect(watches.find((w: any) => w.creditCode === 张伟)).toEqual({ creditCode: 张伟, status: 'ENDED', endReason: 'CONSENT_REVOKED' });
    data(await t.query(COURT, PUBLISH, { l: courtListing('(2026)苏01执911号', 张伟, '张伟') }));
    await worker().tick();
    expect(received).toEqual([]);
    expect((await deliveriesTo(张伟)).map((d) => d.status)).toEqual(['CANCELLED']);
  });

  it('when it passes its last day (Beijing calendar day): nothing is delivered from the next day on', async () => {
    data(await t.query(COURT, PUBLISH, { l: courtListing('(2026)苏01执920号', 短期, '短期') }));
    // fanned out on the consent's last day, attempted the day after
    await worker('2026-11-30').fanOut();
    expect((await deliveriesTo(短期)).map((d) => d.status)).toEqual(['PENDING']);
    await worker('2026-12-01').tick();
    expect(received).toEqual([]);
    expect((await deliveriesTo(短期)).map((d) => d.status)).toEqual(['CANCELLED']);
    const w = (await t.store.collection('watches').find({ subject: 短期 }))[0];
    expect(w).toMatchObject({ status: 'ENDED', endReason: 'CONSENT_EXPIRED' });
  });
});

describe('what a watcher is told follows its own view', () => {
  it('a platform (MERCHANT_ONBOARDING) is told of a tax listing only that there is one; with no endpoint, through the pull feed', async () => {
    expect(data(await t.query(PLATFORM, WATCH, { c: [刘洋] })).watch.refused).toEqual([]);
    data(
      await t.query(TAX, PUBLISH, {
        l: { ref: '苏税稽罚〔2026〕930号', list: 'MAJOR_TAX_VIOLATION', subjectCode: 刘洋, subjectName: '刘洋', basis: '偷税 1,200,000 元', severity: 'SERIOUS', listedAt: '2026-11-20', measures: ['FINANCING'], sourceDocument: '苏税稽罚〔2026〕930号' },
      }),
    );
    await worker().tick();
    expect(received).toEqual([]);
    // the feed serves a delivery once its stamp has settled (FEED_SETTLE_MS)
    expect(data(await t.query(PLATFORM, FEED, { since: null })).changes.items).toEqual([]);
    await settle(刘洋, PLATFORM);
    const feed = data(await t.query(PLATFORM, FEED, { since: null })).changes;
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({ type: 'LISTED', creditCode: 刘洋, delivery: 'FEED' });
    expect(JSON.parse(feed.items[0].payload).data).toEqual({ creditCode: 刘洋, class: 'TAX_VIOLATION', fact: { listed: true } });
    expect(feed.items[0].payload).not.toContain('1,200,000');
    expect(feed.items[0].payload).not.toContain('苏税稽罚');
    // the cursor: nothing new after it
    expect(data(await t.query(PLATFORM, FEED, { since: feed.cursor })).changes).toEqual({ items: [], cursor: feed.cursor });
    // reading the feed is recorded on the person's file
    const records = await t.store.collection('queryRecords').find({ subjects: 刘洋, client: PLATFORM, classes: 'TAX_VIOLATION' });
    expect(records.length).toBeGreaterThan(0);
    // a bank without the person's consent learns nothing of it
    expect((await t.store.collection('deliveries').find({ subject: 刘洋, client: BANK })).length).toBe(0);
  });
});

describe('the other changes a watch fires on', () => {
  it('a listing of an organisation reaches the watched borrower who holds a role there; not a platform, which may not see his full identity', async () => {
    const 诚达物流 = '91320106MA1W2K3L48';
    // 王建国 is its legal representative (showcase); 刘洋, watched by the platform, a supervisor there
    await t.store.collection('officers').insertOne({ _id: `${诚达物流}:${刘洋}:SUPERVISOR`, enterprise: 诚达物流, person: 刘洋, name: '刘洋', role: 'SUPERVISOR', since: '2020-01-01' });
    data(
      await t.query(TAX, PUBLISH, {
        l: { ref: '苏税稽罚〔2026〕950号', list: 'MAJOR_TAX_VIOLATION', subjectCode: 诚达物流, subjectName: '南京诚达物流有限公司', basis: '虚开发票', severity: 'SERIOUS', listedAt: '2026-11-21', measures: ['FINANCING', 'DIRECTOR_ROLE'], sourceDocument: '苏税稽罚〔2026〕950号' },
      }),
    );
    await worker().tick();
    expect(received).toHaveLength(1);
    const body = JSON.parse(received[0]!.body);
    expect(body).toMatchObject({
      type: 'credithub.restriction_via_organisation',
      data: { creditCode: 王建国, class: 'TAX_VIOLATION', fact: { ref: '苏税稽罚〔2026〕950号', organisation: 诚达物流, role: 'LEGAL_REPRESENTATIVE', measures: ['DIRECTOR_ROLE', 'FINANCING'] } },
    });
    expect(await t.store.collection('deliveries').find({ subject: 刘洋, type: 'RESTRICTION_VIA_ORGANISATION' })).toEqual([]);
  });

  it("the borrower's objection, with the fact's ref, to a watcher who may read the fact", async () => {
    const res = await t.query(王建国, /* GraphQL */ `mutation { fileObjection(factRef: "(2026)苏01执901号", reason: "已履行完毕") { ref } }`);
    data(res);
    await worker().tick();
    expect(received.map((r) => JSON.parse(r.body))).toEqual([
      expect.objectContaining({ type: 'credithub.objection_filed', data: { creditCode: 王建国, class: 'COURT_LIST', fact: { ref: '(2026)苏01执901号', authority: '南京市中级人民法院' } } }),
    ]);
  });

  it('a watched fact whose display period ended: the daily sweep says so, once, and names only its ref', async () => {
    await t.store.collection('sanctionEntries').insertOne({
      _id: '宁市监罚〔2025〕960号',
      ref: '宁市监罚〔2025〕960号',
      list: 'ADMINISTRATIVE_PENALTY',
      subject: 王建国,
      subjectKind: 'PERSON',
      subjectName: '王建国',
      authority: '南京市市场监督管理局',
      basis: '虚假宣传',
      severity: 'GENERAL',
      decidedAt: '2025-12-01',
      displayUntil: '2026-11-20',
      status: 'ACTIVE',
      measures: [],
    });
    await worker().tick();
    await worker().tick();
    expect(received.map((r) => JSON.parse(r.body))).toEqual([
      expect.objectContaining({ type: 'credithub.expired', data: { creditCode: 王建国, class: 'ADMIN_PENALTY', fact: { ref: '宁市监罚〔2025〕960号' } } }),
    ]);
  });

  it('unwatching ends a watch; the watches come a page at a time', async () => {
    const page1 = data(await t.query(BANK, /* GraphQL */ `{ watches(first: 2) { total items { creditCode } nextCursor } }`)).watches;
    expect(page1.items).toHaveLength(2);
    const page2 = data(await t.query(BANK, /* GraphQL */ `query($a: String) { watches(first: 2, after: $a) { items { creditCode } nextCursor } }`, { a: page1.nextCursor })).watches;
    expect([...page1.items, ...page2.items].map((w: any) => w.creditCode)).toEqual([王建国, 短期, 张伟]);
    expect(page2.nextCursor).toBeNull();
    const un = data(await t.query(BANK, /* GraphQL */ `mutation($c: [ID!]!) { unwatch(input: { creditCodes: $c }) { watches { creditCode status endReason } refused } }`, { c: [张伟, 李梅] })).unwatch;
    // 张伟's watch had ended with his consent already
    expect(un).toEqual({ watches: [], refused: [张伟, 李梅] });
  });
});

describe('the outbox survives the worker', () => {
  it('a change published while no worker runs waits in the outbox; one claimed by a worker that stopped is delivered, once, when its lease expires', async () => {
    data(await t.query(COURT, PUBLISH, { l: courtListing('(2026)苏01执940号', 王建国, '王建国') }));
    const event = 'sanctions:(2026)苏01执940号#1';
    expect(await t.store.collection('changeEvents').findOne({ _id: event })).toMatchObject({ fanOut: 'PENDING' });
    // a worker fans it out, claims the delivery and stops before its POST (its lease still runs)
    const first = worker();
    await first.fanOut();
    const [pending] = (await deliveriesTo(王建国)).filter((d) => d.event === event);
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 0 });
    await t.store.collection('deliveries').updateOne({ _id: pending!._id }, { $set: { leaseOwner: first.id, leaseUntil: new Date(Date.now() + 60_000).toISOString() } });
    await first.stop();
    const second = worker();
    expect(await second.tick()).toMatchObject({ deliveries: 0 });
    expect(received).toEqual([]);
    await t.store.collection('deliveries').updateOne({ _id: pending!._id }, { $set: { leaseUntil: new Date(Date.now() - 1).toISOString() } });
    expect(await second.tick()).toMatchObject({ delivered: 1 });
    await second.tick();
    expect(received.map((r) => r.headers['webhook-id'])).toEqual([pending!._id]);
    expect((await deliveriesTo(王建国)).filter((d) => d.event === event).map((d) => d.status)).toEqual(['DELIVERED']);
  });

  it('a started worker delivers by itself, and stops without losing what it has not reached', async () => {
    const running = worker();
    running.start();
    data(await t.query(COURT, PUBLISH, { l: courtListing('(2026)苏01执941号', 王建国, '王建国') }));
    for (let i = 0; i < 100 && received.length === 0; i++) await pause(20);
    await running.stop();
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body).data.fact.ref).toBe('(2026)苏01执941号');
  });
});

describe('where a production worker does not deliver', () => {
  it('not over plain http, and not to a loopback or private address: the attempt fails without a request, and is retried', async () => {
    data(await t.query(COURT, PUBLISH, { l: courtListing('(2026)苏01执970号', 王建国, '王建国') }));
    await worker().fanOut();
    const production = { allowHttp: false, allowPrivate: false, attempts: 8 };
    await worker(TODAY, production).deliverDue();
    const mine = async () => (await deliveriesTo(王建国)).filter((x) => x.event === 'sanctions:(2026)苏01执970号#1');
    expect((await mine())[0]).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'HTTPS_REQUIRED' });
    await pause(10);
    await worker(TODAY, { ...production, allowHttp: true }).deliverDue();
    expect(received).toEqual([]);
    expect((await mine())[0]).toMatchObject({ status: 'PENDING', attempts: 2, lastError: 'ADDRESS_NOT_ALLOWED' });
    await pause(10);
    await worker().tick();
    expect(received).toHaveLength(1);
  });
});

describe('a suspended client', () => {
  it('is sent nothing while suspended; its changes wait, retried, and reach it once it is reinstated', async () => {
    await t.store.collection('clients').updateOne({ _id: BANK }, { $set: { status: 'SUSPENDED' } });
    try {
      data(await t.query(COURT, PUBLISH, { l: courtListing('(2026)苏01执975号', 王建国, '王建国') }));
      await worker().tick();
      expect(received).toEqual([]);
      const [d] = (await deliveriesTo(王建国)).filter((x) => x.event === 'sanctions:(2026)苏01执975号#1');
      expect(d).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'CLIENT_SUSPENDED' });
    } finally {
      await t.store.collection('clients').updateOne({ _id: BANK }, { $set: { status: 'ACTIVE' } });
    }
    await pause(10);
    await worker().tick();
    expect(received).toHaveLength(1);
  });
});

describe('rotating the signing secret', () => {
  const ROTATE = /* GraphQL */ `mutation($url: String!, $h: Int) { registerWebhook(url: $url, previousSecretHours: $h) { secret previousSecretUntil } }`;

  it('registering again answers a new secret; the previous one signs beside it for the overlap, or not at all with 0 hours', async () => {
    const rotated = data(await t.query(BANK, ROTATE, { url: receiverUrl, h: 24 })).registerWebhook;
    expect(rotated.secret).not.toBe(secret);
    expect(Date.parse(rotated.previousSecretUntil) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    data(await t.query(COURT, PUBLISH, { l: courtListing('(2026)苏01执960号', 王建国, '王建国') }));
    await worker().tick();
    expect(received).toHaveLength(1);
    const first = received[0]!;
    // a receiver still on the old secret and one already on the new both verify it
    for (const s of [secret, rotated.secret]) expect(new Webhook(s).verify(first.body, first.headers as Record<string, string>)).toBeTruthy();

    const leaked = data(await t.query(BANK, ROTATE, { url: receiverUrl, h: 0 })).registerWebhook;
    expect(leaked.previousSecretUntil).toBeNull();
    data(await t.query(COURT, PUBLISH, { l: courtListing('(2026)苏01执961号', 王建国, '王建国') }));
    await worker().tick();
    const second = received[1]!;
    expect(new Webhook(leaked.secret).verify(second.body, second.headers as Record<string, string>)).toBeTruthy();
    for (const s of [secret, rotated.secret]) expect(() => new Webhook(s).verify(second.body, second.headers as Record<string, string>)).toThrow();
  });
});

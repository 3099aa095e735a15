/**
 * The gateway's limits through HTTP (issue 12, item 6): the cost, lists multiplied, refused above
 * HUB_MAX_QUERY_COST with a message that says what to do; the client's requests a minute from the
 * registry, answered 429 with Retry-After; the allow-list mode, in which only safelisted
 * operations run; and fairness — while one client's fan-out queries wait for its own cost in
 * flight, another client's small query is answered: it is not queued behind them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../gateway/allowList.ts';
import { DEFAULT_SEED, personCodeAt } from '../fixtures/seed/index.ts';
import { seededEmbeddedStore, startTestHub, type TestHub } from '../support/hub.ts';

const 陈静 = '320203199507082021';
const BANK = 'bank-jinling';
const REGULATOR = 'regulator-jiangsu-credit';
const FAN_OUT = /* GraphQL */ `
  query FanOut($codes: [ID!]!) {
    persons(creditCodes: $codes) { name financialDefaults { ref overdueAmount } sanctions { courtListed } }
  }
`;
const SMALL = /* GraphQL */ `{ person(creditCode: "${陈静}") { name } }`;
const codes = (n: number) => Array.from({ length: n }, (_, i) => personCodeAt(DEFAULT_SEED, i));

describe('query cost (HUB_MAX_QUERY_COST)', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { HUB_MAX_QUERY_COST: '20000' } });
  });
  afterAll(() => t?.stop());

  it('refuses a batch whose codes multiply its cost above the maximum, 400 BAD_USER_INPUT, saying what to do', async () => {
    const res = await t.query(REGULATOR, FAN_OUT, { codes: codes(1000) });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_COST', max: 20000 });
    expect(res.errors![0]!.extensions!.cost).toBeGreaterThan(20000);
    expect(res.errors![0]!.message).toMatch(/fewer subjects, or split the request/);
  });

  it('runs the same query with fewer codes', async () => {
    const res = await t.query(REGULATOR, FAN_OUT, { codes: codes(20) });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.persons).toHaveLength(20);
  });
});

describe("a client's requests a minute, from the registry", () => {
  let t: TestHub;
  beforeAll(async () => {
    const store = await seededEmbeddedStore();
    const bank = await store.collection('clients').findOne({ _id: BANK });
    await store.collection('clients').updateOne({ _id: BANK }, { $set: { limits: { ...bank!.limits, requestsPerMinute: 3 } } });
    t = await startTestHub({ store });
  });
  afterAll(() => t?.stop());

  it('answers 429 with Retry-After past the limit, and other clients are not counted with it', async () => {
    // the count is per minute: at the very end of one, start in the next
    const into = Date.now() % 60_000;
    if (into > 55_000) await new Promise((r) => setTimeout(r, 60_500 - into));
    for (let i = 0; i < 3; i++) expect((await t.query(BANK, SMALL)).status).toBe(200);
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token(BANK)}` },
      body: JSON.stringify({ query: SMALL }),
    });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'REQUESTS_PER_MINUTE', limit: 3 });
    expect(body.errors[0]!.message).toMatch(/retry in \d+ s/);
    expect((await t.query(REGULATOR, SMALL)).status).toBe(200);
  });
});

describe('the allow-list mode (HUB_OPERATION_ALLOWLIST)', () => {
  let t: TestHub;
  let dir: string;
  const LISTED = /* GraphQL */ `query Name($code: ID!) { person(creditCode: $code) { name } }`;
  const post = async (body: unknown) => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token(REGULATOR)}` }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'credithub-allow-'));
    const manifest = join(dir, 'operations.json');
    writeFileSync(manifest, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: sha256(LISTED), name: 'Name', type: 'query', body: LISTED }] }));
    t = await startTestHub({ env: { HUB_OPERATION_ALLOWLIST: manifest } });
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs a listed operation sent as text, or by its id alone", async () => {
    const text = await post({ query: LISTED, variables: { code: 陈静 } });
    expect(text.status).toBe(200);
    expect(text.body.data.person.name).toBe('陈静');
    const byId = await post({ variables: { code: 陈静 }, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(LISTED) } } });
    expect(byId.status).toBe(200);
    expect(byId.body.data.person.name).toBe('陈静');
  });

  it('refuses any other operation, 400 PERSISTED_QUERY_NOT_IN_LIST, before it runs', async () => {
    const other = await post({ query: SMALL });
    expect(other.status).toBe(400);
    expect(other.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(other.body.errors[0].message).toMatch(/allow-list/);
    // a change of one space is another operation
    expect((await post({ query: `${LISTED} `, variables: { code: 陈静 } })).status).toBe(400);
  });

  it('lets no client add an operation as an automatic persisted query', async () => {
    const register = await post({ query: SMALL, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(SMALL) } } });
    expect(register.status).toBe(400);
    const again = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(SMALL) } } });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  });
});

describe("fairness: one client's fan-out queries do not stall another's small query", () => {
  let t: TestHub;
  beforeAll(async () => {
    // each 300-person fan-out costs more than half the cap: the regulator's run one at a time
    t = await startTestHub({ env: { HUB_CLIENT_COST_IN_FLIGHT: '8000' } });
  });
  afterAll(() => t?.stop());

  it("answers the small query while the fan-outs still wait in their client's own queue, and then answers every fan-out", async () => {
    const limits = t.hub.gateway!.limits;
    const fanOuts = Array.from({ length: 4 }, () => t.query(REGULATOR, FAN_OUT, { codes: codes(300) }));
    // bounded wait until the regulator's later fan-outs are queued behind its first
    const deadline = Date.now() + 10_000;
    while (limits.waiting(REGULATOR) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(limits.waiting(REGULATOR)).toBeGreaterThanOrEqual(2);
    // the bank holds no consent for her: it is answered (200) with her public facts, and the name withheld
    const small = await t.query(BANK, SMALL);
    expect(small.status).toBe(200);
    expect(small.data).toHaveProperty('person');
    expect((small.errors ?? []).map((e) => e.extensions?.code).filter((c) => c !== 'FORBIDDEN')).toEqual([]);
    // structurally: the small query was answered while the fan-outs were still queued
    expect(limits.waiting(REGULATOR)).toBeGreaterThanOrEqual(1);
    for (const r of await Promise.all(fanOuts)) {
      expect(r.status).toBe(200);
      expect(r.errors).toBeUndefined();
      expect(r.data.persons).toHaveLength(300);
    }
    expect(limits.waiting(REGULATOR)).toBe(0);
    expect(limits.costInFlight(REGULATOR)).toBe(0);
  });
});

/**
 * When the store is not there. At start: one clear line and a non-zero exit, not a stack of
 * retries (needs no server at all: a port nobody listens on). During a request: the affected
 * fields fail with SERVICE_UNAVAILABLE, nothing internal leaks, and the hub answers again once
 * the store is back — proven on a FerretDB of the test's own, stopped and restarted on the same
 * port and state dir. That part runs with MONGODB_URI (CI) and the FerretDB binary, and is
 * skipped, visibly, otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../subgraphs/shared/seed/cli.ts';
import { openStore } from '../../subgraphs/shared/store/index.ts';
import { StoreError, type Store } from '../../subgraphs/shared/store/port.ts';
import { startTestHub, type GraphQLBody, type TestHub } from '../support/hub.ts';
import { closedPort, FERRETDB_BIN, HAVE_FERRETDB, INTERNALS, MONGODB_URI, run, startFerretDB, type FerretDB } from '../support/mongo.ts';

const REGULATOR = 'regulator-jiangsu-credit';
const UNAVAILABLE = 'The credit store is unavailable right now; retry shortly.';

describe.concurrent('a store that is down at start', () => {
  it('openStore rejects with one StoreError of kind UNAVAILABLE, naming no driver internals', async ({ expect }) => {
    const port = await closedPort();
    let caught: unknown;
    try {
      const store = await openStore({ mongodbUri: `mongodb://127.0.0.1:${port}/credithub` });
      await store.close();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as StoreError).kind).toBe('UNAVAILABLE');
    expect((caught as StoreError).message).not.toMatch(INTERNALS);
  });

  it('`npm start` (gateway/hub.ts) exits non-zero on its own with exactly one clear line on stderr', async ({ expect }) => {
    const port = await closedPort();
    const ports = { GATEWAY_PORT: '0', PERSONS_PORT: '0', ENTERPRISES_PORT: '0', ECOMMERCE_PORT: '0', COURIERS_PORT: '0', SANCTIONS_PORT: '0' };
    const done = await run('npx', ['tsx', 'gateway/hub.ts'], { ...ports, MONGODB_URI: `mongodb://127.0.0.1:${port}/credithub`, NODE_ENV: 'development' });
    expect(done.signal, 'it had to be killed: it did not give up on its own').toBeNull();
    expect(done.code).toBe(1);
    expect(done.errorLines).toEqual(['credithub: cannot reach the MongoDB store at MONGODB_URI: check that it is running and reachable']);
    expect(done.stdout).not.toMatch(/ready/);
  });

  it('`npm run seed` exits 1 on its own with exactly one clear line on stderr', async ({ expect }) => {
    const port = await closedPort();
    const done = await run('npx', ['tsx', 'subgraphs/shared/seed/cli.ts', '--persons', '10', '--couriers', '5'], { MONGODB_URI: `mongodb://127.0.0.1:${port}/credithub` });
    expect(done.signal, 'it had to be killed: it did not give up on its own').toBeNull();
    expect(done.code).toBe(1);
    expect(done.errorLines).toEqual(['seed: cannot reach the MongoDB store at MONGODB_URI: check that it is running and reachable']);
    expect(done.stdout).toBe('');
  });
});

/** Asks until `ok` holds, for up to `limitMs`; returns the last answer either way. */
async function askUntil<T>(ask: () => Promise<T>, ok: (answer: T) => boolean, limitMs: number): Promise<T> {
  const deadline = Date.now() + limitMs;
  let answer = await ask();
  while (!ok(answer) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    answer = await ask();
  }
  return answer;
}

const canStopTheStore = !!MONGODB_URI && HAVE_FERRETDB;
const why = canStopTheStore ? '' : ` [skipped: needs MONGODB_URI and ${FERRETDB_BIN}]`;

describe.skipIf(!canStopTheStore)(`a store lost during requests (a FerretDB of its own, stopped and restarted)${why}`, () => {
  const TINY = { persons: 30, enterprises: 6, merchants: 6, couriers: 6, listEntries: 6 };
  // a showcase courier: the answer needs the persons, couriers and sanctions subgraphs
  const QUERY = /* GraphQL */ `
    {
      person(creditCode: "320203199507082021") {
        name
        courierProfile { rating company { name } }
        redList { honor }
      }
    }
  `;
  let dir: string;
  let ferret: FerretDB;
  let store: Store;
  let t: TestHub;
  const ask = () => t.query(REGULATOR, QUERY);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'credithub-outage-'));
    ferret = await startFerretDB(join(dir, 'state'));
    const uri = ferret.uri('credithub_outage');
    await seed({ uri, scale: TINY });
    store = await openStore({ mongodbUri: uri });
    t = await startTestHub({ store });
  });
  afterAll(async () => {
    await t?.stop();
    await store?.close().catch(() => undefined);
    await ferret?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers while the store is up', async () => {
    const res = await ask();
    expect(res.errors).toBeUndefined();
    expect(res.data.person).toMatchObject({ name: '陈静', courierProfile: { company: { name: '南京诚达物流有限公司' } } });
  });

  it('with the store stopped, the affected fields get SERVICE_UNAVAILABLE and nothing internal', async () => {
    await ferret.stop();
    const res: GraphQLBody<any> = await ask();
    expect(res.data?.person ?? null).toBeNull();
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.errors!.map((e) => e.path)).toContainEqual(['person']);
    for (const e of res.errors!) {
      expect(e.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(e.message).toBe(UNAVAILABLE);
    }
    expect(JSON.stringify(res)).not.toMatch(INTERNALS);
  });

  it('keeps answering SERVICE_UNAVAILABLE, not hanging, while the store stays down', async () => {
    const res = await ask();
    expect(res.errors?.map((e) => e.extensions?.code)).toContain('SERVICE_UNAVAILABLE');
  });

  it('writes fail as UNAVAILABLE too, bulk ones included (the driver wraps their network error in a bulk-write error)', async () => {
    const record = { _id: 'outage-1', subject: '320203199507082021', at: '2026-11-27T00:00:00.000Z', requestId: 'outage' } as never;
    const attempts = await Promise.allSettled([
      store.collection('queryRecords').insertMany([record]),
      store.collection('queryRecords').upsertMany([record]),
      store.collection('queryRecords').insertOne(record),
      store.collection('consents').updateOne({ _id: 'x', subject: 'y' }, { $set: { revokedAt: 'now' } }),
    ]);
    expect(attempts.map((a) => (a.status === 'rejected' && a.reason instanceof StoreError ? a.reason.kind : a.status))).toEqual([
      'UNAVAILABLE',
      'UNAVAILABLE',
      'UNAVAILABLE',
      'UNAVAILABLE',
    ]);
  });

  it('answers again once the store is back on the same port, without a restart of the hub', async () => {
    await ferret.start();
    const res = await askUntil(ask, (r) => !r.errors, 10_000);
    expect(res.errors).toBeUndefined();
    expect(res.data.person).toMatchObject({ name: '陈静', courierProfile: { company: { name: '南京诚达物流有限公司' } } });
  });
});

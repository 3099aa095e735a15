/**
 * Faults, with real processes (test/support/processes.ts, on a FerretDB of the test's own): a subgraph paused (SIGSTOP), killed
 * (SIGKILL) and started again; the store (a FerretDB of the test's own) stopped, paused and
 * started again. Each gives SERVICE_UNAVAILABLE on exactly the fields it would have filled, on
 * their paths, within the configured timeout, with the rest of the answer; nothing internal in
 * the answer, no stack on the operator's terminal; and the hub answers in full again afterwards
 * without a restart. Needs the FerretDB binary (.ci/run builds it); skipped, visibly, without.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../fixtures/seed/cli.ts';
import { FERRETDB_BIN, HAVE_FERRETDB, INTERNALS, startFerretDB, type FerretDB } from '../support/mongo.ts';
import { STACK_LINE, startProcessHub, type ProcessHub } from '../support/processes.ts';
import { startTestIssuer, type TestIssuer } from '../support/testIssuer.ts';

const SUBGRAPH_TIMEOUT_MS = 1500;
const STORE_TIMEOUT_MS = 1000;
/** what a loaded 2-CPU machine may add to a timeout before the answer is back */
const SLACK_MS = 2500;

const REGULATOR = 'regulator-jiangsu-credit';
// a showcase courier: persons answers the root field, couriers and sanctions their own fields
const QUERY = /* GraphQL */ `
  {
    person(creditCode: "320203199507082021") {
      name
      courierProfile { rating company { name } }
      redList { honor }
    }
  }
`;
const FULL = { name: '陈静', courierProfile: { company: { name: '南京诚达物流有限公司' } } };

const why = HAVE_FERRETDB ? '' : ` [skipped: needs ${FERRETDB_BIN}; build it with: source .ci/ferretdb.sh && ferretdb_build]`;

/** Asks until `ok` holds, for up to `limitMs`; returns the last answer either way. */
async function askUntil<T extends { body: any; ms: number }>(ask: () => Promise<T>, ok: (answer: T) => boolean, limitMs: number): Promise<T> {
  const deadline = Date.now() + limitMs;
  let answer = await ask();
  while (!ok(answer) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    answer = await ask();
  }
  return answer;
}

const DEBUG = !!process.env.DEBUG_FAULTS;
const show = (label: string, r: { ms: number; body: unknown }) => DEBUG && console.log(label, Math.round(r.ms), JSON.stringify(r.body));
const codes = (body: any) => (body.errors ?? []).map((e: any) => `${e.extensions?.code}@${(e.path ?? []).join('.')}`).sort();

describe.skipIf(!HAVE_FERRETDB)(`faults, with the hub as separate processes on a FerretDB of its own${why}`, () => {
  let dir: string;
  let ferret: FerretDB;
  let issuer: TestIssuer;
  let hub: ProcessHub;
  const pid = (name: keyof ProcessHub['processes']) => hub.processes[name].child.pid!;
  /** POSTs a query as a client with a freshly minted token; the status, the body and how long it took */
  const query = async (client: string, text: string) => {
    const token = await issuer.mint(client);
    const t0 = performance.now();
    const res = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: text }) });
    const body = (await res.json()) as any;
    return { status: res.status, body, ms: performance.now() - t0 };
  };
  const ask = () => query(REGULATOR, QUERY);
  /** the gateway's log lines (JSON on stdout) at warn or worse since a mark */
  const failureLines = (from: number) =>
    hub.processes.gateway.stdout
      .slice(from)
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .filter((l) => l.level === 'error' || l.level === 'warn');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'credithub-faults-'));
    ferret = await startFerretDB(join(dir, 'state'));
    const uri = ferret.uri('credithub_faults');
    await seed({ uri, scale: { persons: 30, enterprises: 6, merchants: 6, couriers: 6, listEntries: 6 } });
    issuer = await startTestIssuer();
    hub = await startProcessHub({
      mongodbUri: uri,
      issuer: issuer.url,
      env: { HUB_SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS), HUB_STORE_TIMEOUT_MS: String(STORE_TIMEOUT_MS) },
    });
    // warm-up: on a loaded machine the first writes into a fresh FerretDB (the first audit
    // records) can take longer than this test's short store timeout; the tests start from a warm hub
    await askUntil(ask, (r) => !r.body.errors, 30_000);
  }, 180_000);
  afterAll(async () => {
    await hub?.stop();
    await issuer?.close();
    await ferret?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('answers in full while everything is up', async () => {
    const res = await ask();
        show(expect.getState().currentTestName ?? '', res);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.person).toMatchObject(FULL);
  });

  describe('a paused subgraph (SIGSTOP)', () => {
    it('costs only its own fields, SERVICE_UNAVAILABLE on their paths, within the subgraph timeout', async () => {
      process.kill(pid('couriers'), 'SIGSTOP');
      const mark = hub.processes.gateway.stdout.length;
      try {
        const res = await ask();
        show(expect.getState().currentTestName ?? '', res);
        expect(res.status).toBe(200);
        expect(res.ms).toBeGreaterThanOrEqual(SUBGRAPH_TIMEOUT_MS - 100);
        expect(res.ms).toBeLessThan(SUBGRAPH_TIMEOUT_MS + SLACK_MS);
        // the rest of the answer: persons and sanctions answered
        expect(res.body.data.person.name).toBe('陈静');
        expect(res.body.data.person.redList).toEqual(expect.any(Array));
        expect(res.body.data.person.courierProfile).toBeNull();
        expect(codes(res.body)).toEqual(['SERVICE_UNAVAILABLE@person.courierProfile']);
        expect(res.body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'TIMEOUT' });
        expect(JSON.stringify(res.body)).not.toMatch(INTERNALS);
        expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|localhost|:\d{4,5}\/graphql|couriers/);
        // a query that does not touch it is not held up at all
        const other = await query(REGULATOR, '{ person(creditCode: "320203199507082021") { name } }');
        expect(other.body).toMatchObject({ data: { person: { name: '陈静' } } });
        expect(other.body.errors).toBeUndefined();
        expect(other.ms).toBeLessThan(SUBGRAPH_TIMEOUT_MS);
        // a second request into the same pause: still one line for the cause, the timeout
        await ask();
        const causes = failureLines(mark).map((l) => l.cause);
        expect(causes).toEqual(['subgraph:couriers:timeout']);
      } finally {
        process.kill(pid('couriers'), 'SIGCONT');
      }
    });

    it('answers in full again once it runs again, without a restart of anything', async () => {
      const res = await askUntil(ask, (r) => !r.body.errors, 10_000);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.person).toMatchObject(FULL);
    });
  });

  describe('a killed subgraph (SIGKILL)', () => {
    it('costs only its own fields, SERVICE_UNAVAILABLE (unreachable), at once', async () => {
      const sanctions = hub.processes.sanctions;
      sanctions.child.kill('SIGKILL');
      await sanctions.exited;
      const res = await ask();
        show(expect.getState().currentTestName ?? '', res);
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(SUBGRAPH_TIMEOUT_MS);
      expect(res.body.data.person).toMatchObject(FULL);
      expect(res.body.data.person.redList).toBeNull();
      expect(codes(res.body)).toEqual(['SERVICE_UNAVAILABLE@person.redList']);
      expect(res.body.errors[0].extensions.reason).toBe('UNREACHABLE');
      expect(JSON.stringify(res.body)).not.toMatch(INTERNALS);
    });

    it('puts one line per cause in the gateway log, not a stack per request', async () => {
      await Promise.all(Array.from({ length: 20 }, () => ask()));
      const gateway = hub.processes.gateway;
      expect(gateway.stderr.join('\n')).not.toMatch(STACK_LINE);
      expect(gateway.stdout.join('\n')).not.toMatch(STACK_LINE);
      const causes = failureLines(0).map((l) => l.cause).filter((c) => /sanctions/.test(String(c)));
      expect(causes).toEqual(['subgraph:sanctions:unreachable']);
    });

    it('answers in full again once it is started again, without a restart of the gateway', async () => {
      await hub.restart('sanctions');
      const res = await askUntil(ask, (r) => !r.body.errors, 10_000);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.person).toMatchObject(FULL);
      expect(res.body.data.person.redList).toEqual(expect.any(Array));
    });
  });

  describe('the store', () => {
    const UNAVAILABLE = /unavailable|registry/;
    it('stopped: SERVICE_UNAVAILABLE within the store timeout, nothing internal', async () => {
      await ferret.stop();
      const res = await ask();
        show(expect.getState().currentTestName ?? '', res);
      expect(res.ms).toBeLessThan(STORE_TIMEOUT_MS + SLACK_MS);
      expect(res.body.data?.person ?? null).toBeNull();
      expect(res.body.errors.length).toBeGreaterThan(0);
      for (const e of res.body.errors) {
        expect(e.extensions.code).toBe('SERVICE_UNAVAILABLE');
        expect(e.message).toMatch(UNAVAILABLE);
      }
      expect(JSON.stringify(res.body)).not.toMatch(INTERNALS);
      await ferret.start();
    });

    it('paused (SIGSTOP: connections accepted, nothing answered): SERVICE_UNAVAILABLE on the fields that needed it, within the store timeout', async () => {
      // a full answer first: every process holds open connections to the store, and has the
      // client's registry entry in its cache (for 2 s), so that only the data reads are cut off
      // (a quick one: the gateway looked the client up at its start)
      show('warm', await askUntil(ask, (r) => !r.body.errors && r.ms < 1000, 15_000));
      const storePid = ferret.pid!;
      process.kill(storePid, 'SIGSTOP');
      try {
        const res = await ask();
        show('paused store, registry cached', res);
        expect(res.ms).toBeLessThan(STORE_TIMEOUT_MS + SLACK_MS);
        // the persons subgraph could not read the person: the root field, on its path
        expect(res.body.data).toEqual({ person: null });
        expect(codes(res.body)).toEqual(['SERVICE_UNAVAILABLE@person']);
        expect(res.body.errors[0].message).toBe('The credit store is unavailable right now; retry shortly.');
        // past the registry's 2 s cache every process must ask the store who asks, and cannot
        await new Promise((r) => setTimeout(r, 2100));
        const later = await ask();
        show('paused store, registry not cached', later);
        expect(later.ms).toBeLessThan(STORE_TIMEOUT_MS + SLACK_MS);
        expect(later.status).toBe(503);
        expect(codes(later.body)).toEqual(['SERVICE_UNAVAILABLE@']);
        expect(JSON.stringify([res.body, later.body])).not.toMatch(INTERNALS);
      } finally {
        process.kill(storePid, 'SIGCONT');
      }
    });

    it('answers in full again once the store is back, without a restart', async () => {
      const res = await askUntil(ask, (r) => !r.body.errors, 20_000);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.person).toMatchObject(FULL);
    });

    it('never floods a terminal with stacks', () => {
      for (const p of Object.values(hub.processes)) expect([...p.stderr, ...p.stdout].join('\n'), p.name).not.toMatch(STACK_LINE);
    });
  });
});

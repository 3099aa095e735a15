/**
 * Monitoring on MongoDB (FerretDB in CI): watches and the endpoint made through the persons
 * subgraph, a listing published through sanctions, and two workers, each with its own connection,
 * ticking at once over the same outbox: every delivery reaches the endpoint once (the lease is a
 * compare-and-set the database decides), and the pull feed's cursor query runs as on the embedded
 * store; and the worker as the process `npm run worker` starts, killed and started again, loses
 * nothing. Skipped without MONGODB_URI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { INDEXES } from '../../subgraphs/collections.ts';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { MonitorWorker } from '../../subgraphs/persons/monitor/worker.ts';
import { FEED_SETTLE_MS } from '../../subgraphs/persons/services/monitoring.ts';
import { fixedClock } from '../../subgraphs/shared/platform/clock.ts';
import { makeCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import { openStore } from '../../subgraphs/shared/platform/store/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { seed } from '../fixtures/seed/cli.ts';
import { clientViewer } from '../support/askers.ts';
import { describeMongo, freshMongoStore, REPO_ROOT, type FreshMongo } from '../support/mongo.ts';
import { unusedPort } from '../support/ports.ts';
import { inProcess } from '../support/subgraph.ts';
import { TODAY } from '../support/today.ts';

const BANK = clientViewer('bank-jinling');
const COURT = clientViewer('court-nanjing-intermediate');
const BORROWERS = Array.from({ length: 30 }, (_, i) => makeCitizenId('320102', '1980-01-01', 600 + i));

describeMongo('monitoring on MongoDB', () => {
  let fresh: FreshMongo;
  let one: Store;
  let two: Store;
  let server: Server;
  const received: string[] = [];

  beforeAll(async () => {
    fresh = await freshMongoStore();
    await seed({ uri: fresh.uri, scale: { persons: 5, enterprises: 2, merchants: 2, couriers: 2, listEntries: 5 }, batchSize: 500 });
    one = await openStore({ mongodbUri: fresh.uri, indexes: INDEXES });
    two = await openStore({ mongodbUri: fresh.uri, indexes: INDEXES });
    await one.collection('consents').insertMany(
      BORROWERS.map((subject) => ({ _id: `${subject}:bank-jinling:LOAN_UNDERWRITING:2026-11-01`, subject, client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING' as const, grantedAt: '2026-11-01', expiresAt: '2027-11-01' })),
    );
    server = createServer((req, res) => {
      received.push(String(req.headers['webhook-id']));
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  }, 120_000);
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await one?.close();
    await two?.close();
    await fresh?.dispose();
  });

  it('two workers at once deliver each change once; the pull feed pages by its cursor', async () => {
    const persons = await inProcess(SUBGRAPHS.persons, one);
    const sanctions = await inProcess(SUBGRAPHS.sanctions, one);
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      expect((await persons.run(BANK, /* GraphQL */ `mutation($u: String!) { registerWebhook(url: $u) { url } }`, { u: url })).errors).toBeUndefined();
      const watched = await persons.run(BANK, /* GraphQL */ `mutation($c: [ID!]!) { watch(input: { creditCodes: $c }) { refused } }`, { c: BORROWERS });
      expect(watched.data?.watch.refused).toEqual([]);
      const lines = BORROWERS.map((code, i) =>
        JSON.stringify({ ref: `(2026)苏01执${7700 + i}号`, list: 'DISHONEST_JUDGMENT_DEBTOR', subjectCode: code, subjectName: '某人', basis: '拒不履行', obligation: '偿还', severity: 'SERIOUS', listedAt: '2026-11-03', displayUntil: null, measures: ['AIR_TRAVEL'], sourceDocument: '决定书' }),
      );
      const fed = await sanctions.run(COURT, /* GraphQL */ `mutation($l: [String!]!) { publishListings(lines: $l) { applied } }`, { l: lines });
      expect(fed.data?.publishListings.applied).toBe(BORROWERS.length);
      expect(await one.collection('changeEvents').count({ fanOut: 'PENDING' })).toBe(BORROWERS.length);

      const options = { allowPrivate: true, allowHttp: true, batch: 10, concurrency: 4 };
      const a = new MonitorWorker(one, fixedClock(TODAY), options);
      const b = new MonitorWorker(two, fixedClock(TODAY), options);
      for (let i = 0; i < 10; i++) await Promise.all([a.tick(), b.tick()]);
      expect(received).toHaveLength(BORROWERS.length);
      expect(new Set(received).size).toBe(BORROWERS.length);
      expect(await one.collection('deliveries').count({ status: 'DELIVERED' })).toBe(BORROWERS.length);

      // as if the feed's settling time had passed
      for (const d of await one.collection('deliveries').find({})) {
        await one.collection('deliveries').updateOne({ _id: d._id }, { $set: { createdAt: new Date(Date.parse(d.createdAt) - FEED_SETTLE_MS - 1).toISOString() } });
      }
      const FEED = /* GraphQL */ `query($s: String) { changes(since: $s, limit: 20) { items { id } cursor } }`;
      const first = (await persons.run(BANK, FEED, { s: null })).data!.changes;
      const second = (await persons.run(BANK, FEED, { s: first.cursor })).data!.changes;
      expect(first.items).toHaveLength(20);
      expect(second.items).toHaveLength(BORROWERS.length - 20);
      expect(new Set([...first.items, ...second.items].map((x: { id: string }) => x.id))).toEqual(new Set(received));
    } finally {
      await persons.stop();
      await sanctions.stop();
    }
  }, 120_000);

  // the bank's endpoint and watches are the previous test's
  it('the worker as its own process: killed, it loses nothing; started again, it delivers what was published meanwhile, once', async () => {
    const sanctions = await inProcess(SUBGRAPHS.sanctions, one);
    const port = await unusedPort();
    const startWorker = async (): Promise<ChildProcess> => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/worker.ts'], {
        cwd: REPO_ROOT,
        env: { ...process.env, MONGODB_URI: fresh.uri, WORKER_PORT: String(port), HUB_WEBHOOK_POLL_MS: '50', HUB_WEBHOOK_ALLOW_PRIVATE: '1', HUB_WEBHOOK_ALLOW_HTTP: '1', LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      for (let i = 0; i < 200; i++) {
        if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)) return child;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the worker process did not get ready');
    };
    const waitFor = async (n: number) => {
      // up to 30 s: the worker polls every 50 ms, but a loaded CI machine runs many suites at once
      for (let i = 0; i < 600 && received.length < n; i++) await new Promise((r) => setTimeout(r, 50));
    };
    const publish = async (i: number) => {
      const l = JSON.stringify({ ref: `(2026)苏01执${7800 + i}号`, list: 'DISHONEST_JUDGMENT_DEBTOR', subjectCode: BORROWERS[i], subjectName: '某人', basis: '拒不履行', obligation: '偿还', severity: 'SERIOUS', listedAt: '2026-11-03', displayUntil: null, measures: ['AIR_TRAVEL'], sourceDocument: '决定书' });
      expect((await sanctions.run(COURT, /* GraphQL */ `mutation($l: [String!]!) { publishListings(lines: $l) { applied } }`, { l: [l] })).data?.publishListings.applied).toBe(1);
    };
    try {
      received.length = 0;
      const delivered = () => one.collection('deliveries').count({ status: 'DELIVERED' });
      const before = await delivered();
      let worker = await startWorker();
      await publish(0);
      await waitFor(1);
      expect(received).toHaveLength(1);
      // killed only once it has marked that delivery: one killed between the receiver's answer and
      // the mark would send it again after its lease (at least once), which is not what this tests
      for (let i = 0; i < 600 && (await delivered()) < before + 1; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await delivered()).toBe(before + 1);
      worker.kill('SIGKILL');
      await once(worker, 'exit');
      await publish(1);
      await publish(2);
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toHaveLength(1);
      worker = await startWorker();
      await waitFor(3);
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toHaveLength(3);
      expect(new Set(received).size).toBe(3);
      // its metrics say so, with bounded labels only; a delivery is marked just after its answer
      // arrives, so the backlog is read until it has caught up (or the deadline passes)
      const scrape = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      let metrics = await scrape();
      for (const deadline = Date.now() + 30_000; !metrics.includes('credithub_monitor_backlog{queue="deliveries",service="monitor"} 0') && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 200));
        metrics = await scrape();
      }
      expect(metrics).toContain('credithub_webhook_attempts_total{outcome="delivered",service="monitor"} 2');
      expect(metrics).toContain('credithub_monitor_backlog{queue="deliveries",service="monitor"} 0');
      worker.kill('SIGTERM');
      const [code] = (await once(worker, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      await sanctions.stop();
    }
  }, 120_000);
});

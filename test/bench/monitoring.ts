/**
 * Monitoring benchmark (issue 14 item 3): webhook fan-out for 10,000 watches. A bank watches
 * 10,000 consenting borrowers; a court sends one file listing each of them through the running
 * hub (`POST /feeds`), while a monitoring worker runs beside it on the same (embedded) store and a
 * local HTTP receiver takes the bank's webhooks. Timed from the first byte of the file sent to the
 * last webhook received: events per second from publication to delivery, each one signed, its
 * audit record written, its payload made from the bank's view.
 *
 *   npx tsx test/bench/monitoring.ts [watches]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { MonitorWorker } from '../../subgraphs/persons/monitor/worker.ts';
import { fixedClock } from '../../subgraphs/shared/platform/clock.ts';
import { startTestHub, TODAY } from '../support/hub.ts';
import { courtFile } from './feed.ts';

export interface FanOutBench {
  watches: number;
  delivered: number;
  seconds: number;
  perSecond: number;
  /** the feed's own share: publication of the whole file */
  publishSeconds: number;
}

const BANK = 'bank-jinling';

export async function benchFanOut(watches = 10_000): Promise<FanOutBench> {
  const t = await startTestHub({ env: { LOG_LEVEL: 'silent' } });
  let received = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = 204;
      res.end();
      if (++received === watches) done();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const worker = new MonitorWorker(t.store, fixedClock(TODAY), { allowPrivate: true, allowHttp: true, concurrency: 64, batch: 1000, pollMs: 20 });
  try {
    const file = courtFile(watches);
    const codes = file.split('\n').map((l) => (JSON.parse(l) as { subjectCode: string }).subjectCode);
    await t.store.collection('consents').insertMany(
      codes.map((subject) => ({ _id: `${subject}:${BANK}:LOAN_UNDERWRITING:2026-11-01`, subject, client: BANK, purpose: 'LOAN_UNDERWRITING' as const, grantedAt: '2026-11-01', expiresAt: '2027-11-01' })),
    );
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    await t.query(BANK, /* GraphQL */ `mutation($url: String!) { registerWebhook(url: $url) { url } }`, { url });
    for (let i = 0; i < codes.length; i += 1000) {
      const res = await t.query(BANK, /* GraphQL */ `mutation($c: [ID!]!) { watch(input: { creditCodes: $c }) { refused } }`, { c: codes.slice(i, i + 1000) });
      if (res.errors || res.data.watch.refused.length) throw new Error(`bench: watching failed: ${JSON.stringify(res.errors ?? res.data.watch.refused.length)}`);
    }
    worker.start();
    const token = await t.token('court-nanjing-intermediate');
    const started = performance.now();
    const res = await fetch(t.url.replace(/\/graphql$/, '/feeds'), { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` }, body: file });
    await res.text();
    const publishSeconds = (performance.now() - started) / 1000;
    await Promise.race([all, new Promise((_, reject) => setTimeout(() => reject(new Error(`bench: only ${received} of ${watches} webhooks within 10 minutes`)), 600_000))]);
    const seconds = (performance.now() - started) / 1000;
    return { watches, delivered: received, seconds, perSecond: received / seconds, publishSeconds };
  } finally {
    await worker.stop();
    await new Promise((r) => server.close(r));
    await t.stop();
  }
}

export function printFanOut(r: FanOutBench): void {
  console.log(
    `   ${r.delivered.toLocaleString('en')} webhooks for ${r.watches.toLocaleString('en')} watches in ${r.seconds.toFixed(1)} s from the first byte published to the last delivered = ` +
      `${Math.round(r.perSecond).toLocaleString('en')} events/s (the publication itself: ${r.publishSeconds.toFixed(1)} s)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printFanOut(await benchFanOut(Number(process.argv[2] ?? 10_000)));
  process.exit(0);
}

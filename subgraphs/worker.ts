/**
 * The monitoring worker as its own process (`npm run worker`; docker compose's `worker`): the same
 * store configuration as the subgraphs (MONGODB_URI), and the delivery settings HUB_WEBHOOK_*
 * (README, "Monitoring"). It may run beside other workers: each delivery is claimed with a lease.
 * SIGTERM (or SIGINT) stops it after the tick under way; what is left waits in the store.
 */
import { createServer } from 'node:http';
import { INDEXES } from './collections.ts';
import { MonitorWorker } from './persons/monitor/worker.ts';
import { systemClock } from './shared/platform/clock.ts';
import { loadConfig } from './shared/platform/config.ts';
import { createLogger } from './shared/platform/log.ts';
import { describeStartError } from './shared/platform/startErrors.ts';
import { openStore } from './shared/platform/store/index.ts';

export async function runWorker(): Promise<void> {
  try {
    const config = loadConfig();
    const log = createLogger({ level: config.logLevel, service: 'monitor' });
    const store = await openStore({ mongodbUri: config.mongodbUri, indexes: INDEXES, production: config.production, timeoutMs: config.storeTimeoutMs });
    // counts and reasons only: never a subject, a URL or a payload
    const worker = new MonitorWorker(store, systemClock(config.timeZone), config.webhooks, {
      delivered: (n) => n > 0 && log.info({ delivered: n }, 'webhooks delivered'),
      failed: (reason) => log.warn({ reason }, 'webhook attempt failed'),
    });
    worker.start();
    // health only: alive, and ready while the store answers and the last tick did not fail
    const health = createServer((req, res) => {
      const ready = req.url === '/readyz' ? store.ping().then(() => worker.healthy, () => false) : Promise.resolve(req.url === '/healthz');
      void ready.then((ok) => {
        res.statusCode = ok ? 200 : req.url === '/readyz' || req.url === '/healthz' ? 503 : 404;
        res.end(ok ? 'ok' : 'not ready');
      });
    });
    await new Promise<void>((r) => health.listen(config.workerPort, config.host, r));
    console.log(`monitoring worker ${worker.id} running (store: ${store.kind}; health on port ${config.workerPort})`);
    const stop = async () => {
      health.close();
      await worker.stop();
      await store.close();
      log.flush();
      process.exit(0);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  } catch (err) {
    console.error(describeStartError(err, 'monitor'));
    process.exit(1);
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) await runWorker();

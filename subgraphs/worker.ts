/**
 * The monitoring worker as its own process (`npm run worker`; docker compose's `worker`): the same
 * store configuration as the subgraphs (MONGODB_URI), and the delivery settings HUB_WEBHOOK_*
 * (README, "Monitoring"). It may run beside other workers: each delivery is claimed with a lease.
 * Its port (WORKER_PORT) serves /healthz, /readyz and /metrics only.
 * SIGTERM (or SIGINT) stops it after the tick under way; what is left waits in the store.
 */
import { createServer } from 'node:http';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { INDEXES } from './collections.ts';
import { MonitorWorker } from './persons/monitor/worker.ts';
import { systemClock } from './shared/platform/clock.ts';
import { loadConfig } from './shared/platform/config.ts';
import { createLogger } from './shared/platform/log.ts';
import { describeStartError } from './shared/platform/startErrors.ts';
import { openStore } from './shared/platform/store/index.ts';

/** The worker's Prometheus metrics: bounded labels only (an outcome), never a client, a subject or a URL. */
function workerMetrics() {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'monitor' });
  collectDefaultMetrics({ register: registry, prefix: 'credithub_' });
  return {
    registry,
    attempts: new Counter({ name: 'credithub_webhook_attempts_total', help: 'Webhook attempts, by outcome', labelNames: ['outcome'], registers: [registry] }),
    dead: new Counter({ name: 'credithub_webhook_dead_letters_total', help: 'Webhook deliveries that failed on every attempt', registers: [registry] }),
  };
}

/** A failed attempt's reason as a bounded label. */
function outcomeOf(reason: string): string {
  const status = /^HTTP (\d)\d\d$/.exec(reason);
  return status ? `http_${status[1]}xx` : reason.toLowerCase();
}

export async function runWorker(): Promise<void> {
  try {
    const config = loadConfig();
    const log = createLogger({ level: config.logLevel, service: 'monitor' });
    const metrics = workerMetrics();
    const store = await openStore({ mongodbUri: config.mongodbUri, indexes: INDEXES, production: config.production, timeoutMs: config.storeTimeoutMs });
    // counts and reasons only: never a subject, a URL or a payload
    const worker = new MonitorWorker(store, systemClock(config.timeZone), config.webhooks, {
      delivered: (n) => {
        if (n === 0) return;
        metrics.attempts.inc({ outcome: 'delivered' }, n);
        log.info({ delivered: n }, 'webhooks delivered');
      },
      failed: (reason) => {
        metrics.attempts.inc({ outcome: outcomeOf(reason) });
        log.warn({ reason: outcomeOf(reason) }, 'webhook attempt failed');
      },
      dead: () => metrics.dead.inc(),
    });
    // the backlog, counted when scraped
    new Gauge({
      name: 'credithub_monitor_backlog',
      help: 'Change events not yet fanned out (outbox), and webhook deliveries pending (deliveries)',
      labelNames: ['queue'],
      registers: [metrics.registry],
      async collect() {
        this.set({ queue: 'outbox' }, await store.collection('changeEvents').count({ fanOut: 'PENDING' }));
        this.set({ queue: 'deliveries' }, await store.collection('deliveries').count({ status: 'PENDING' }));
      },
    });
    worker.start();
    // health only: alive, and ready while the store answers and the last tick did not fail
    const health = createServer((req, res) => {
      if (req.url === '/metrics') {
        void metrics.registry.metrics().then(
          (text) => {
            res.setHeader('content-type', metrics.registry.contentType);
            res.end(text);
          },
          () => {
            res.statusCode = 503;
            res.end();
          },
        );
        return;
      }
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

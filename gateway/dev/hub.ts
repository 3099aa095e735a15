/**
 * `npm start`: the whole hub in one process. Without MONGODB_URI it runs on the embedded store,
 * loaded with the showcase and the default synthetic data; with it, on MongoDB as seeded by
 * `npm run seed`. On the embedded store it runs the monitoring worker too (webhooks to the
 * endpoints banks register). Prints one ready line; Ctrl-C stops everything cleanly.
 */
import { systemClock } from '../../subgraphs/shared/platform/clock.ts';
import { loadConfig } from '../../subgraphs/shared/platform/config.ts';
import { describeStartError } from '../../subgraphs/shared/platform/startErrors.ts';
import { createLogger } from '../../subgraphs/shared/platform/log.ts';
import { startTracing } from '../../subgraphs/shared/platform/tracing.ts';
import { DEFAULT_SCALE } from '../../test/fixtures/seed/index.ts';
import { loadSeed } from '../../test/fixtures/seed/load.ts';
import { INDEXES } from '../../subgraphs/collections.ts';
import { openStore } from '../../subgraphs/shared/platform/store/index.ts';
import { ClientRegistry } from '../../subgraphs/shared/wire/registry.ts';
import { MonitorWorker } from '../../subgraphs/persons/monitor/worker.ts';
import { startHub } from './startHub.ts';

try {
  const started = Date.now();
  const config = loadConfig();
  const store = await openStore({ mongodbUri: config.mongodbUri, indexes: INDEXES, production: config.production, timeoutMs: config.storeTimeoutMs });
  if (store.kind === 'embedded') {
    await loadSeed(store, config.seedScale === 'showcase' ? { persons: 0, enterprises: 0, merchants: 0, couriers: 0, listEntries: 0 } : DEFAULT_SCALE);
  }
  // one line per request and failure, from every service of the hub; readable on a terminal
  const log = createLogger({ level: config.logLevel, pretty: !config.production && !!process.stdout.isTTY });
  const tracing = await startTracing({ serviceName: 'credithub', otlpEndpoint: config.otlpEndpoint, sampleRatio: config.traceSampleRatio });
  const hub = await startHub({ config, storeFor: () => store, clock: systemClock(config.timeZone), log });
  // the registry of an embedded store lives in this process: `npm run clients` reaches it here
  const admin = store.kind === 'embedded' ? await (await import('./admin.ts')).startAdminApi({ registry: new ClientRegistry(store), port: config.adminPort }) : undefined;
  // the embedded store lives in this process, so its monitoring worker does too; beside MongoDB, `npm run worker` runs it
  const worker = store.kind === 'embedded' ? new MonitorWorker(store, systemClock(config.timeZone), config.webhooks) : undefined;
  worker?.start();
  const issuer = hub.issuer ? ` [development issuer ${hub.issuer.url}]` : '';
  const explorer = config.explorer ? `; explorer at ${hub.url.replace(/\/graphql$/, '/explorer')}` : '';
  console.log(
    `credithub ready at ${hub.url} (${store.kind} store, ${Date.now() - started} ms)${issuer} — get a token: npm run -s token -- --client bank-jinling${explorer}`,
  );
  // the explorer's bundle is built once per change of its sources, after the hub is up rather than on the first page load
  if (config.explorer) hub.gateway!.prepare().catch((err) => console.error(`credithub: the explorer could not be built: ${(err as Error).message}`));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await admin?.close();
    await worker?.stop();
    await hub.stop();
    await store.close();
    await tracing?.shutdown();
    log.flush();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(describeStartError(err, 'credithub'));
  process.exit(1);
}

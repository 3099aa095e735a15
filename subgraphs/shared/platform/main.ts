/**
 * Serving one subgraph as its own process (docker compose, production): load config, open the
 * store, listen, drain on SIGTERM. An unreachable store is one clear line and exit code 1.
 */
import { systemClock } from './clock.ts';
import { ConfigError, loadConfig, type SubgraphName } from './config.ts';
import { createSubgraph, type SubgraphModule } from './createSubgraph.ts';
import { subgraphIdentity } from '../wire/identity.ts';
import { describeStartError } from './startErrors.ts';
import { createLogger } from './log.ts';
import { createTelemetry } from './observe.ts';
import { startTracing } from './tracing.ts';
import { openStore, type IndexSpec } from './store/index.ts';
import type { FactLocator } from '../facts/locator.ts';

/** What the subgraph needs of the whole hub: every owner's fact locator, and every collection's indexes. */
export interface HubParts {
  factLocators: readonly FactLocator[];
  indexes: readonly IndexSpec[];
}

export async function runSubgraph(module: SubgraphModule<any>, { factLocators, indexes }: HubParts): Promise<void> {
  try {
    const config = loadConfig();
    // alone, a subgraph trusts only a configured issuer: the development issuer runs with `npm start`
    if (config.developmentIssuer) throw new ConfigError("HUB_TOKEN_ISSUERS is required to run a subgraph on its own: the operator's identity provider");
    const telemetry = createTelemetry(module.name, 'subgraph', { log: createLogger({ level: config.logLevel }), processMetrics: true });
    const tracing = await startTracing({ serviceName: `credithub-${module.name}`, otlpEndpoint: config.otlpEndpoint, sampleRatio: config.traceSampleRatio });
    const store = await openStore({ mongodbUri: config.mongodbUri, indexes, production: config.production });
    const identity = subgraphIdentity(config, store, config.issuers, config.gatewayJwks);
    const subgraph = await createSubgraph(module, { store, clock: systemClock(config.timeZone), config, identity, factLocators, telemetry });
    const listening = await subgraph.listen(config.host, config.ports[module.name as SubgraphName]);
    console.log(`${module.name} subgraph ready at ${listening.url} (store: ${store.kind})`);
    const stop = async () => {
      await listening.close();
      await subgraph.server.stop();
      await store.close();
      await tracing?.shutdown();
      telemetry.failures.flush();
      telemetry.log.flush();
      process.exit(0);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  } catch (err) {
    console.error(describeStartError(err, module.name));
    process.exit(1);
  }
}

/** The gateway as its own process (docker compose, production): load config, create, listen; SIGTERM drains. */
import { ConfigError } from '../subgraphs/shared/platform/config.ts';
import { gatewayIdentity } from '../subgraphs/shared/wire/identity.ts';
import { indexSpecs, openStore } from '../subgraphs/shared/platform/store/index.ts';
import { REGISTRY_COLLECTIONS } from '../subgraphs/shared/wire/registry.ts';
import { describeStartError } from '../subgraphs/shared/platform/startErrors.ts';
import { createLogger } from '../subgraphs/shared/platform/log.ts';
import { createTelemetry } from '../subgraphs/shared/platform/observe.ts';
import { InstrumentedStore } from '../subgraphs/shared/platform/store/instrumented.ts';
import { startTracing } from '../subgraphs/shared/platform/tracing.ts';
import { loadConfig } from './config.ts';
import { createGateway } from './index.ts';

try {
  const config = loadConfig();
  // alone, the gateway trusts only a configured issuer: the development issuer runs with `npm start`
  if (config.developmentIssuer) throw new ConfigError("HUB_TOKEN_ISSUERS is required to run the gateway on its own: the operator's identity provider");
  if (!config.mongodbUri) throw new ConfigError('MONGODB_URI is required to run the gateway on its own: the client registry is in the store');
  const telemetry = createTelemetry('gateway', 'gateway', { log: createLogger({ level: config.logLevel }), processMetrics: true });
  const tracing = await startTracing({ serviceName: 'credithub-gateway', otlpEndpoint: config.otlpEndpoint, sampleRatio: config.traceSampleRatio });
  // the client registry's reads, counted and traced like a subgraph's
  const store = new InstrumentedStore(await openStore({ mongodbUri: config.mongodbUri, indexes: indexSpecs(REGISTRY_COLLECTIONS) }), telemetry);
  const gateway = await createGateway({
    ...config,
    identity: gatewayIdentity(config, store, config.issuers, config.gatewaySigningKey),
    telemetry,
    readiness: { store: () => store.ping() },
  });
  const listening = await gateway.listen(config.host, config.ports.gateway);
  console.log(`credithub gateway ready at ${listening.url}`);
  const stop = async () => {
    await listening.close();
    await gateway.stop();
    await tracing?.shutdown();
    telemetry.failures.flush();
    telemetry.log.flush();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (err) {
  console.error(describeStartError(err, 'gateway'));
  process.exit(1);
}

/**
 * The whole hub in one process: five subgraphs on their ports and the gateway in front, over one
 * store, and — unless the operator's issuer is configured — the development issuer beside them.
 * `npm start` uses it with the embedded store; the tests use it on free ports.
 */
import { systemClock, type Clock } from '../../subgraphs/shared/platform/clock.ts';
import type { HubConfig, SubgraphName } from '../../subgraphs/shared/platform/config.ts';
import { createSubgraph, type BuiltSubgraph } from '../../subgraphs/shared/platform/createSubgraph.ts';
import type { Listening } from '../../subgraphs/shared/platform/http.ts';
import { silentLogger, type Logger } from '../../subgraphs/shared/platform/log.ts';
import { createTelemetry } from '../../subgraphs/shared/platform/observe.ts';
import { generateGatewayKeys } from '../../subgraphs/shared/wire/assertion.ts';
import { gatewayIdentity, subgraphIdentity } from '../../subgraphs/shared/wire/identity.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { FACT_LOCATORS, SUBGRAPHS } from '../../subgraphs/index.ts';
import { createGateway, type Gateway } from '../index.ts';
import type { DevelopmentIssuer } from './issuer.ts';

export interface Hub {
  url: string;
  subgraphs: Record<SubgraphName, { url: string; built: BuiltSubgraph<unknown> }>;
  /** the hub's own gateway; undefined when another gateway fronts the subgraphs */
  gateway: Gateway | undefined;
  /** the development issuer, when the hub runs its own */
  issuer: DevelopmentIssuer | undefined;
  stop(): Promise<void>;
}

export interface HubOptions {
  config: Readonly<HubConfig>;
  /** one store for all subgraphs, or one per subgraph (to count each subgraph's round trips) */
  storeFor: (name: SubgraphName) => Store;
  /** where the client registry is read (the store; by default the persons subgraph's) */
  registryStore?: Store;
  clock?: Clock;
  /** the gateway in front: the hub's own (@apollo/gateway), or Hive Gateway with the hub's configuration (gateway/hive.ts) */
  front?: 'apollo' | 'hive';
  /** the process's log: each service logs through it under its own name (silent by default) */
  log?: Logger;
}

export async function startHub({ config, storeFor, registryStore = storeFor('persons'), clock = systemClock(config.timeZone), front = 'apollo', log = silentLogger() }: HubOptions): Promise<Hub> {
  const servers: Listening[] = [];
  let issuer: DevelopmentIssuer | undefined;
  try {
    if (config.developmentIssuer) {
      const { startDevelopmentIssuer } = await import('./issuer.ts');
      issuer = await startDevelopmentIssuer({ host: config.host, port: config.issuerPort, store: registryStore, audience: config.tokenAudience });
    }
    const issuers = issuer ? [issuer.url] : config.issuers;
    // One process holds both halves of the gateway's keys only here, where it runs everything.
    const keys = config.gatewaySigningKey && config.gatewayJwks ? { signing: config.gatewaySigningKey, jwks: config.gatewayJwks } : await generateGatewayKeys();
    const subgraphs = {} as Hub['subgraphs'];
    const urls = { ...config.subgraphUrls };
    for (const [name, module] of Object.entries(SUBGRAPHS) as [SubgraphName, (typeof SUBGRAPHS)[SubgraphName]][]) {
      const identity = subgraphIdentity(config, registryStore, issuers, keys.jwks);
      const telemetry = createTelemetry(name, 'subgraph', { log });
      const built = await createSubgraph(module, { store: storeFor(name), clock, config, identity, factLocators: FACT_LOCATORS, telemetry });
      const listening = await built.listen(config.host, config.ports[name]);
      servers.push(listening);
      subgraphs[name] = { url: listening.url, built };
      urls[name] = listening.url;
    }
    let developmentTokens: ((asker: string) => Promise<string>) | undefined;
    if (issuer) {
      const { developmentToken } = await import('./tokens.ts');
      const endpoint = issuer.tokenEndpoint;
      developmentTokens = (asker) => developmentToken(endpoint, asker);
    }
    const identity = gatewayIdentity(config, registryStore, issuers, keys.signing);
    let gateway: Gateway | undefined;
    if (front === 'hive') {
      const { startHiveGateway } = await import('../hive.ts');
      const hive = await startHiveGateway({ subgraphUrls: urls, identity, host: config.host, port: config.ports.gateway });
      servers.push({ url: hive.url, port: Number(new URL(hive.url).port), close: hive.close });
    } else {
      // the one process's CPU and memory are told once, by the gateway
      const telemetry = createTelemetry('gateway', 'gateway', { log, processMetrics: true });
      gateway = await createGateway({ ...config, subgraphUrls: urls, identity, developmentTokens, telemetry, readiness: { store: () => registryStore.ping() } });
      servers.push(await gateway.listen(config.host, config.ports.gateway));
    }
    return {
      url: servers[servers.length - 1]!.url,
      subgraphs,
      gateway,
      issuer,
      stop: async () => {
        await Promise.all(servers.map((s) => s.close()));
        await gateway?.stop();
        await Promise.all(Object.values(subgraphs).map((s) => s.built.server.stop()));
        await issuer?.close();
      },
    };
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    await issuer?.close();
    throw err;
  }
}

/**
 * The whole hub in one process: five subgraphs on their ports and the gateway in front, over one
 * store. \`npm start\` uses it with the embedded store; the tests use it on free ports.
 */
import { systemClock, type Clock } from '../subgraphs/shared/clock.ts';
import type { HubConfig, SubgraphName } from '../subgraphs/shared/config.ts';
import { createSubgraph, type BuiltSubgraph } from '../subgraphs/shared/createSubgraph.ts';
import type { Listening } from '../subgraphs/shared/http.ts';
import type { Store } from '../subgraphs/shared/store/port.ts';
import { SUBGRAPHS } from '../subgraphs/index.ts';
import { createGateway, type Gateway } from './index.ts';

export interface Hub {
  url: string;
  subgraphs: Record<SubgraphName, { url: string; built: BuiltSubgraph<unknown> }>;
  gateway: Gateway;
  stop(): Promise<void>;
}

export interface HubOptions {
  config: Readonly<HubConfig>;
  /** one store for all subgraphs, or one per subgraph (to count each subgraph's round trips) */
  storeFor: (name: SubgraphName) => Store;
  clock?: Clock;
}

export async function startHub({ config, storeFor, clock = systemClock(config.timeZone) }: HubOptions): Promise<Hub> {
  const servers: Listening[] = [];
  const subgraphs = {} as Hub['subgraphs'];
  const urls = { ...config.subgraphUrls };
  try {
    for (const [name, module] of Object.entries(SUBGRAPHS) as [SubgraphName, (typeof SUBGRAPHS)[SubgraphName]][]) {
      const built = await createSubgraph(module, { store: storeFor(name), clock, config });
      const listening = await built.listen(config.host, config.ports[name]);
      servers.push(listening);
      subgraphs[name] = { url: listening.url, built };
      urls[name] = listening.url;
    }
    const gateway = await createGateway({ ...config, subgraphUrls: urls });
    const front = await gateway.listen(config.host, config.ports.gateway);
    servers.push(front);
    return {
      url: front.url,
      subgraphs,
      gateway,
      stop: async () => {
        await Promise.all(servers.map((s) => s.close()));
        await gateway.stop();
        await Promise.all(Object.values(subgraphs).map((s) => s.built.server.stop()));
      },
    };
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }
}

/**
 * The test harness: the whole hub in-process on free ports over a seeded store, tokens for the
 * showcase askers, and a query helper. Each test file starts its own hub (port 0, no collisions).
 */
import { randomBytes } from 'node:crypto';
import { startDevelopmentIssuer, type DevelopmentIssuer } from '../../gateway/dev/issuer.ts';
import { developmentToken } from '../../gateway/dev/tokens.ts';
import { startHub, type Hub } from '../../gateway/dev/startHub.ts';
import { fixedClock, type Clock } from '../../subgraphs/shared/platform/clock.ts';
import { DEFAULT_AUDIENCE, loadConfig, SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/shared/platform/config.ts';
import { loadSeed } from '../fixtures/seed/load.ts';
import { CountingStore } from '../../subgraphs/shared/platform/store/counting.ts';
import { EmbeddedStore } from '../../subgraphs/shared/platform/store/embedded.ts';
import { INDEXES } from '../../subgraphs/collections.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import type { Logger } from '../../subgraphs/shared/platform/log.ts';

/** The day the showcase describes: tests never depend on the machine's date. */
export { TODAY } from './today.ts';
import { TODAY } from './today.ts';

export const SMALL_SCALE = { persons: 400, enterprises: 80, merchants: 120, couriers: 60, listEntries: 120 };

export interface TestHub {
  hub: Hub;
  /** the development issuer the hub's tokens come from (its own, or one the test runs for it) */
  issuer: DevelopmentIssuer;
  url: string;
  store: Store;
  counters: Record<SubgraphName, CountingStore>;
  config: ReturnType<typeof loadConfig>;
  token(asker: string): Promise<string>;
  query<T = any>(asker: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLBody<T>>;
  stop(): Promise<void>;
}

export interface GraphQLBody<T> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
}

/**
 * The gateway the supergraph suites run through: the hub's own, or Hive Gateway with the hub's
 * configuration (test/hive/ runs the matrix, information-flow and lifecycle suites through it).
 */
export const FRONT: 'apollo' | 'hive' = process.env.CREDITHUB_TEST_GATEWAY === 'hive' ? 'hive' : 'apollo';

/** Every port free: each test file starts its own hub. */
export const TEST_PORTS: Record<string, string> = Object.fromEntries(['GATEWAY', 'ISSUER', ...SUBGRAPH_NAMES.map((n) => n.toUpperCase())].map((n) => [`${n}_PORT`, '0']));

export async function seededEmbeddedStore(scale = SMALL_SCALE): Promise<Store> {
  const store = new EmbeddedStore();
  await store.ensureIndexes(INDEXES);
  await loadSeed(store, scale);
  return store;
}


export async function startTestHub(
  options: {
    store?: Store;
    clock?: Clock;
    env?: Record<string, string>;
    wrap?: (name: SubgraphName, store: Store) => Store;
    /** issuers to trust besides the development issuer (a test's own, whose keys it holds) */
    alsoTrust?: string[];
    /** where the hub logs (silent by default) */
    log?: Logger;
  } = {},
): Promise<TestHub> {
  const store = options.store ?? (await seededEmbeddedStore());
  // A hub configured like production, or told to trust more issuers, trusts only the issuers it
  // is given: the test runs a development issuer for it beside them.
  let ownIssuer: DevelopmentIssuer | undefined;
  let env: Record<string, string> = { ...TEST_PORTS, ...options.env };
  if ((env.NODE_ENV === 'production' || options.alsoTrust) && !env.HUB_TOKEN_ISSUERS) {
    ownIssuer = await startDevelopmentIssuer({ host: '127.0.0.1', port: 0, store, audience: DEFAULT_AUDIENCE });
    env = { ...env, HUB_TOKEN_ISSUERS: [ownIssuer.url, ...(options.alsoTrust ?? [])].join(',') };
  }
  // a production hub's subgraphs need their shared link key: a test one, made per hub
  if (env.NODE_ENV === 'production' && !env.HUB_LINK_KEY) env = { ...env, HUB_LINK_KEY: randomBytes(32).toString('base64') };
  const config = loadConfig(env);
  const counters = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, new CountingStore(store)])) as Record<SubgraphName, CountingStore>;
  const storeFor = (name: SubgraphName) => (options.wrap ? options.wrap(name, counters[name]) : counters[name]);
  const hub = await startHub({ config, storeFor, registryStore: store, clock: options.clock ?? fixedClock(TODAY), front: FRONT, ...(options.log ? { log: options.log } : {}) });
  const tokens = new Map<string, Promise<string>>();
  const token = (asker: string) => {
    let t = tokens.get(asker);
    if (!t) tokens.set(asker, (t = developmentToken((hub.issuer ?? ownIssuer)!.tokenEndpoint, asker)));
    return t;
  };
  return {
    hub,
    issuer: (hub.issuer ?? ownIssuer)!,
    url: hub.url,
    store,
    counters,
    config,
    token,
    async query(asker, query, variables) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (asker) headers.authorization = `Bearer ${await token(asker)}`;
      const res = await fetch(hub.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return { status: res.status, ...((await res.json()) as object) } as GraphQLBody<any>;
    },
    stop: async () => {
      await hub.stop();
      await ownIssuer?.close();
    },
  };
}
